package org.genlab.common.backend;

/**
 * JavaCPP settings genlab's command line applies before ND4J loads. JavaCPP enforces a limit on the process's
 * resident memory ({@code maxPhysicalBytes}, by default twice the heap limit) by reading the RSS on every native
 * allocation it tracks; those reads were ~5 % of the native samples of a PF-ODE sample (JFR), whose steps create
 * small arrays, and switching the check off made pf-ode-rk45 4–7 % faster (docs/benchmarks.md, session 10). The
 * limit on tracked off-heap bytes ({@code maxBytes}, by default the heap limit), which triggers a collection when
 * buffers pile up, stays; the training loop collects every second anyway. An explicit
 * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=…} wins.
 */
public final class JavaCppSettings {
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static final String MAX_PHYSICAL_BYTES_LOWER = "org.bytedeco.javacpp.maxphysicalbytes";

    private JavaCppSettings() {
    }

    /** Switches the per-allocation RSS check off unless the user set a limit. Call before anything loads ND4J. */
    public static void apply() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES_LOWER) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }
}
