package org.genlab.vae.model;

/** Paths between latent codes: straight lines for Gaussian latents, great circles for codes on the sphere. */
public final class Interpolation {
    private Interpolation() {
    }

    public static double[] lerp(double[] a, double[] b, double t) {
        double[] z = new double[a.length];
        for (int j = 0; j < a.length; j++) z[j] = (1 - t) * a[j] + t * b[j];
        return z;
    }

    /** Great-circle interpolation of unit vectors (linear when they are (anti)parallel within 1e-6). */
    public static double[] slerp(double[] a, double[] b, double t) {
        double dot = 0;
        for (int j = 0; j < a.length; j++) dot += a[j] * b[j];
        dot = Math.max(-1, Math.min(1, dot));
        double theta = Math.acos(dot);
        if (Math.sin(theta) < 1e-6) {
            double[] z = lerp(a, b, t);
            double n = 0;
            for (double v : z) n += v * v;
            n = Math.sqrt(n);
            for (int j = 0; j < z.length; j++) z[j] = n > 0 ? z[j] / n : a[j];
            return z;
        }
        double wa = Math.sin((1 - t) * theta) / Math.sin(theta), wb = Math.sin(t * theta) / Math.sin(theta);
        double[] z = new double[a.length];
        for (int j = 0; j < a.length; j++) z[j] = wa * a[j] + wb * b[j];
        return z;
    }

}
