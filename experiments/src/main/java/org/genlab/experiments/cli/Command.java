package org.genlab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code genlab} sub-command. */
public interface Command {
    String name();

    /** One line for {@code genlab --help}. */
    String summary();

    /** Usage line after "genlab NAME ". */
    String usage();

    /** Options; may depend on the raw arguments (e.g. flags declared by the chosen model). */
    Options options(String[] args);

    /** Runs; returns the process exit code. Throws UsageException for bad input. */
    int run(CommandLine cl, Console console) throws Exception;

    /** Whether positional arguments (a sub-command or a name) are accepted. */
    default boolean takesArguments() {
        return false;
    }

    /** Extra help text after the options (examples); empty by default. */
    default String footer() {
        return "";
    }
}
