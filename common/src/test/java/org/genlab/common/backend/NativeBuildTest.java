package org.genlab.common.backend;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeBuildTest {
    /** The build JavaCPP mapped is the one NativeBuild chose (a lost property fails to load or loads another build). */
    @Test
    void theChosenBuildIsTheOneLoaded() throws Exception {
        String ext = NativeBuild.select();
        Nd4j.create(2).addi(1); // forces the native library to load
        assumeTrue(Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend"), "CPU backend only");
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux /proc");
        String lib = "/" + Loader.getPlatform() + ext + "/" + System.mapLibraryName("nd4jcpu");
        assertTrue(Files.readString(maps).contains(lib), "expected " + lib + " to be mapped");
    }
}
