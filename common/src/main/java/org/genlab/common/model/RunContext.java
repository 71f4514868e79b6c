package org.genlab.common.model;

import org.genlab.common.data.DataPaths;
import org.genlab.common.random.RngStreams;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.PrintStream;
import java.nio.file.Path;

/** What a model gets from the run that hosts it: its directory, random streams, dtype, data location, console. */
public record RunContext(Path runDir, RngStreams rngs, DataType dtype, DataPaths data, PrintStream out) {
}
