package org.genlab.common.backend;

import org.genlab.common.UsageException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The numeric backend: default dtype, and a report of what ND4J runs on (backend, BLAS, threads, CPU features).
 * Native thread pools are sized from OMP_NUM_THREADS when the JVM starts (DL4J_NOTES: there is no setter), which is
 * why the {@code ./genlab} launcher and surefire set it; this class only reports it.
 */
public final class Backend {
    /** System property: "off" makes float32 graphs use SameDiff's op compositions instead of Java kernels. */
    public static final String JAVA_KERNELS = "genlab.javaKernels";
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Backend() {
    }

    /**
     * Whether float32 graphs run genlab's hand-written Java kernels (common.nn.JavaKernels): the JVM has the Vector
     * API ({@code --add-modules jdk.incubator.vector}, which the launcher passes), ND4J runs on the CPU (the kernels
     * read and write host buffers; on the CUDA backend the arrays live on the GPU), and {@link #JAVA_KERNELS} is not
     * "off".
     */
    public static boolean javaKernels() {
        return VECTOR_API && cpuBackend() && !"off".equals(System.getProperty(JAVA_KERNELS));
    }

    /** Whether ND4J runs on the CPU backend (nd4j-native), not CUDA. */
    public static boolean cpuBackend() {
        return Nd4j.getBackend().getClass().getName().startsWith("org.nd4j.linalg.cpu.");
    }

    private static String javaKernelsReport() {
        if (!VECTOR_API) return "off: this JVM lacks --add-modules jdk.incubator.vector (use ./genlab)";
        if (!cpuBackend()) return "off: the kernels work on host memory; this backend keeps arrays on the device";
        if (!javaKernels()) return "off: -D" + JAVA_KERNELS + "=off";
        return "on: GroupNorm(+SiLU), SiLU, softplus, ReLU and tiny matrix products in float32 graphs (-D" + JAVA_KERNELS + "=off disables)";
    }

    /** Parses a config dtype ("float" or "double"). */
    public static DataType parseDtype(String s) {
        return switch (s.toLowerCase()) {
            case "float", "float32", "fp32" -> DataType.FLOAT;
            case "double", "float64", "fp64" -> DataType.DOUBLE;
            default -> throw new UsageException("dtype must be float or double, got '" + s + "'");
        };
    }

    /** Sets ND4J's default floating type; call once before building graphs. */
    public static void init(DataType dtype) {
        Nd4j.setDefaultDataTypes(dtype, dtype);
    }

    /** What {@code genlab info} prints. */
    public static Map<String, String> report() {
        Map<String, String> r = new LinkedHashMap<>();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        r.put("backend", String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName())));
        r.put("nd4j backend class", Nd4j.getBackend().getClass().getName());
        r.put("native build", NativeBuild.describe() + loadedLibrary());
        r.put("blas", String.valueOf(env.getOrDefault("blas.vendor", "?")));
        r.put("blas threads", String.valueOf(env.getOrDefault("blas.threads", "?")));
        r.put("omp threads", String.valueOf(env.getOrDefault("omp.threads", "?")));
        r.put("OMP_NUM_THREADS", envOr("OMP_NUM_THREADS", "(unset)"));
        r.put("OPENBLAS_CORETYPE", envOr("OPENBLAS_CORETYPE", "(unset: OpenBLAS autodetects)"));
        r.put("cores (JVM)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        r.put("cpu", cpuModel());
        r.put("cpu features", String.join(" ", cpuFeatures()));
        r.put("default dtype", Nd4j.defaultFloatingPointType().name());
        r.put("java kernels", javaKernelsReport());
        r.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        r.put("java heap max", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        Object free = env.get("memory.available");
        if (free != null) r.put("off-heap available", (Long.parseLong(free.toString()) >> 20) + " MiB");
        return r;
    }

    /** Where the loaded libnd4j came from, read from the process's memory map (Linux). */
    private static String loadedLibrary() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int i = line.indexOf('/');
                if (i >= 0 && line.endsWith("/libnd4jcpu.so")) return " (" + line.substring(i) + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to add
        }
        return "";
    }

    private static String envOr(String k, String def) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? def : v;
    }

    private static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        }
        return System.getProperty("os.arch");
    }

    /** The SIMD features that decide which kernels run (AVX2/FMA, AVX-512). */
    public static List<String> cpuFeatures() {
        TreeSet<String> found = new TreeSet<>();
        for (String line : cpuinfo()) {
            if (line.startsWith("flags")) {
                for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (f.equals("avx") || f.equals("avx2") || f.equals("fma") || f.startsWith("avx512") || f.equals("amx_tile")) {
                        found.add(f);
                    }
                }
                break;
            }
        }
        return List.copyOf(found);
    }

    public static boolean hasAvx512() {
        return cpuFeatures().contains("avx512f");
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
