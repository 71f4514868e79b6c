package org.genlab.common.backend;

import org.bytedeco.javacpp.Loader;

/**
 * Chooses which libnd4j build JavaCPP loads. genlab ships nd4j-native with the {@code -onednn} classifier, whose
 * convolutions run through oneDNN: on this project's U-Net training step that is 3–6× faster than the plain build's
 * im2col convolutions (docs/benchmarks.md). JavaCPP finds a classified build only when the system property
 * {@code org.bytedeco.javacpp.platform.extension} names it, so this sets that property to the first build present on
 * the class path, before ND4J is first touched. An explicit {@code -Dorg.bytedeco.javacpp.platform.extension=…}
 * wins; the CUDA backend has no CPU bindings and is left alone.
 */
public final class NativeBuild {
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Preferred first: the builds genlab can use, best first. */
    private static final String[] EXTENSIONS = {"-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", ""};

    private NativeBuild() {
    }

    /** Sets the extension property if unset; returns the extension in effect ("" for the plain build). */
    public static synchronized String select() {
        String set = System.getProperty(PROPERTY);
        if (set != null) return set;
        String platform = Loader.getPlatform();
        for (String ext : EXTENSIONS) {
            String lib = "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + ext + "/" + System.mapLibraryName("jnind4jcpu");
            if (NativeBuild.class.getClassLoader().getResource(lib) != null) {
                if (!ext.isEmpty()) System.setProperty(PROPERTY, ext);
                return ext;
            }
        }
        return "";
    }

    /** What {@code genlab info} prints: the platform and build JavaCPP loads. */
    public static String describe() {
        return Loader.getPlatform() + System.getProperty(PROPERTY, "");
    }
}
