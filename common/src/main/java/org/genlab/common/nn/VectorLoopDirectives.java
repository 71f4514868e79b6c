package org.genlab.common.nn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the Java kernels' vector loops out of line, so that C2 compiles each loop as a method of its own. C2 (JDK 17)
 * stops inlining once a compilation holds about 18,000 IR nodes (NodeCountInliningCutoff, not settable in product
 * JVMs), and a Vector API operation takes hundreds before intrinsification. A method that inlined two loops ran out
 * part-way through the second, left one of its vector calls out of line, and every vector that call touched was
 * boxed on the heap. In a probe that called the GroupNorm + SiLU kernel in a loop, its forward pass on
 * [64, 32, 28, 28] took 9.6 ms and allocated 48 MB instead of 2.0 ms and nothing; in vae-step the softplus loop
 * boxed. Which loops suffered depended on the order in which methods got hot.
 *
 * <p>The rule goes to the running JVM as a compiler directive (JEP 165) through the DiagnosticCommand MBean, the
 * in-process form of {@code jcmd <pid> Compiler.directives_add}, so it holds however genlab was started. If the
 * JVM refuses it, the kernels still compute the same results, only slower; a warning says so.
 */
final class VectorLoopDirectives {
    /** The loop methods, as directive patterns (class/Name.method). */
    private static final List<String> LOOPS = List.of(
            "org/genlab/common/nn/GroupNormKernel.normalize",
            "org/genlab/common/nn/GroupNormKernel.dz",
            "org/genlab/common/nn/GroupNormKernel.dx",
            "org/genlab/common/nn/GroupNormKernel.sum",
            "org/genlab/common/nn/GroupNormKernel.squaredDeviations",
            "org/genlab/common/nn/PointwiseNode.silu",
            "org/genlab/common/nn/PointwiseNode.softplusExp",
            "org/genlab/common/nn/PointwiseNode.softplusFinish",
            "org/genlab/common/nn/PointwiseNode.relu",
            "org/genlab/common/nn/PointwiseNode.add",
            "org/genlab/common/nn/PointwiseNode.chain",
            "org/genlab/common/nn/PointwiseNode.chainAndSum",
            "org/genlab/common/nn/SmallGemm.scaleRow",
            "org/genlab/common/nn/SmallGemm.addScaledRow",
            "org/genlab/common/nn/SmallGemm.rows1",
            "org/genlab/common/nn/SmallGemm.rows2",
            "org/genlab/common/nn/SmallGemm.dots4x2",
            "org/genlab/common/nn/SmallGemm.dotsOneByOne",
            "org/genlab/common/nn/SmallGemm.columnsOfA");

    /** The vector helpers the loops call, always inlined into them (never called with boxed vectors). */
    private static final List<String> HELPERS = List.of("org/genlab/common/nn/Lanes.*", "org/genlab/common/nn/Pointwise.*");

    private static final Logger LOG = LoggerFactory.getLogger(VectorLoopDirectives.class);
    private static boolean attempted;
    private static boolean installed;

    private VectorLoopDirectives() {
    }

    /** Installs the directive, trying once per JVM; true if the JVM took it. */
    static synchronized boolean install() {
        if (attempted) return installed;
        attempted = true;
        try {
            StringBuilder inline = new StringBuilder();
            for (String m : LOOPS) inline.append(inline.length() == 0 ? "" : ", ").append("\"-").append(m).append('"');
            for (String m : HELPERS) inline.append(", \"+").append(m).append('"');
            String json = "[{ match: \"*.*\", inline: [" + inline + "] }]";
            Path file = Files.createTempFile("genlab-jit", ".json");
            try {
                Files.writeString(file, json, StandardCharsets.UTF_8);
                Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[]{new String[]{file.toString()}}, new String[]{String[].class.getName()});
                String reply = String.valueOf(out);
                if (!reply.contains("1 compiler directives added")) throw new IllegalStateException(reply.trim());
            } finally {
                Files.deleteIfExists(file);
            }
            installed = true;
        } catch (Exception | LinkageError e) {
            LOG.warn("could not keep the Java kernels' vector loops out of line ({}); results are the same, some kernels"
                    + " may run several times slower", e.toString());
        }
        return installed;
    }
}
