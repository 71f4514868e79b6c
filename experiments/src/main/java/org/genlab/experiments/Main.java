package org.genlab.experiments;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.genlab.common.UsageException;
import org.genlab.common.backend.JavaCppSettings;
import org.genlab.common.backend.NativeBuild;
import org.genlab.common.backend.StdoutFilter;
import org.genlab.experiments.cli.BenchCommand;
import org.genlab.experiments.cli.Command;
import org.genlab.experiments.cli.Console;
import org.genlab.experiments.cli.DataCommand;
import org.genlab.experiments.cli.EvalCommand;
import org.genlab.experiments.cli.InfoCommand;
import org.genlab.experiments.cli.ListCommand;
import org.genlab.experiments.cli.QuickstartCommand;
import org.genlab.experiments.cli.ReproduceCommand;
import org.genlab.experiments.cli.SampleCommand;
import org.genlab.experiments.cli.SweepCommand;
import org.genlab.experiments.cli.TrainCommand;
import org.genlab.experiments.cli.W1StudyCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code genlab} command line. Exit codes: 0 success, 2 bad input (one clear line on stderr), 1 an internal
 * error (one line, with the stack trace saved to a file rather than dumped on the terminal), 130 interrupted.
 */
public final class Main {
    public static final String VERSION = "0.1.0";

    static List<Command> commands() {
        return List.of(new TrainCommand(), new SampleCommand(), new EvalCommand(), new ReproduceCommand(), new SweepCommand(),
                new QuickstartCommand(), new ListCommand(), new DataCommand(), new InfoCommand(), new BenchCommand(), new W1StudyCommand());
    }

    public static void main(String[] args) {
        JavaCppSettings.apply(); // before anything loads ND4J
        NativeBuild.select();
        StdoutFilter.install();
        int code = run(args, Console.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one invocation and returns its exit code (tests call this directly). */
    public static int run(String[] args, Console console) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printTopHelp(console);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            console.out().println("genlab " + VERSION);
            return 0;
        }
        Command cmd = commands().stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (cmd == null) {
            console.err().println("genlab: unknown command '" + args[0] + "'; commands: "
                    + String.join(", ", commands().stream().map(Command::name).toList()) + " (see 'genlab --help')");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Options options = cmd.options(rest);
            if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                printHelp(cmd, options, console);
                return 0;
            }
            CommandLine cl = new DefaultParser().parse(options, rest, false);
            if (!cmd.takesArguments() && !cl.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
            }
            return cmd.run(cl, console);
        } catch (ParseException e) {
            console.err().println("genlab " + cmd.name() + ": " + e.getMessage() + " (see 'genlab " + cmd.name() + " --help')");
            return 2;
        } catch (UsageException e) {
            console.err().println("genlab " + cmd.name() + ": " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            console.err().println("genlab " + cmd.name() + ": out of memory (" + e.getMessage()
                    + "); use a smaller --batch or give the JVM more with GENLAB_JAVA_OPTS=-Xmx8g");
            return 1;
        } catch (Throwable e) {
            Path log = saveTrace(cmd.name(), e);
            console.err().println("genlab " + cmd.name() + ": internal error: " + e
                    + (log != null ? " (stack trace in " + log + ")" : ""));
            return 1;
        }
    }

    private static Path saveTrace(String cmd, Throwable e) {
        try {
            Path f = Files.createTempFile("genlab-" + cmd + "-error-", ".log");
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            Files.writeString(f, sw.toString());
            return f;
        } catch (IOException io) {
            return null;
        }
    }

    private static void printTopHelp(Console console) {
        console.out().println("genlab " + VERSION + ": generative models (score SDEs, BN/vMF VAEs, WGANs) on ND4J/SameDiff");
        console.out().println();
        console.out().println("usage: genlab COMMAND [options]   (genlab COMMAND --help for its options)");
        console.out().println();
        for (Command c : commands()) console.out().printf("  %-11s %s%n", c.name(), c.summary());
    }

    private static void printHelp(Command cmd, Options options, Console console) {
        HelpFormatter hf = new HelpFormatter();
        hf.setWidth(110);
        PrintWriter pw = new PrintWriter(console.out());
        hf.printHelp(pw, 110, "genlab " + cmd.name() + " " + cmd.usage(), cmd.summary(), options, 2, 2, cmd.footer(), false);
        pw.flush();
    }
}
