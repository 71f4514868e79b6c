package org.genlab.common.data;

import org.genlab.common.UsageException;
import org.genlab.common.backend.HostArrays;
import org.genlab.common.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Two-dimensional toy distributions, sampled point by point from an {@link Rng}. The first three follow gan_toy.py
 * (MATH.md §5.8); the others are the usual flow/GAN toys, scaled to lie within about ±2 like the first three.
 */
public final class Toy2d {
    public static final String GAUSSIANS_8 = "toy:8gaussians", GAUSSIANS_25 = "toy:25gaussians",
            SWISS_ROLL = "toy:swissroll", CHECKERBOARD = "toy:checkerboard", MOONS = "toy:moons", RINGS = "toy:rings";
    public static final List<String> NAMES = List.of(GAUSSIANS_8, GAUSSIANS_25, SWISS_ROLL, CHECKERBOARD, MOONS, RINGS);

    /** §5.8: centres 2·{unit directions}, std 0.02, everything divided by 1.414. */
    private static final double G8_SCALE = 2.0, G8_STD = 0.02, G8_DIV = 1.414;
    private static final double R = 1 / Math.sqrt(2);
    /** gan_toy.py's centre order. */
    private static final double[][] G8_UNIT = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {R, R}, {R, -R}, {-R, R}, {-R, -R}};
    /** §5.8: centres (2i, 2j), i, j ∈ {−2..2}, std 0.05, divided by 2.828. */
    private static final double G25_STD = 0.05, G25_DIV = 2.828;
    private static final double SWISS_NOISE = 0.25, SWISS_DIV = 7.5;
    private static final double MOONS_NOISE = 0.1;
    private static final double[] RING_RADII = {0.5, 1.0, 1.5, 2.0};
    private static final double RING_NOISE = 0.05;

    private interface PointDraw {
        void draw(Rng rng, double[] out, int off);
    }

    private final String name;
    private final PointDraw draw;

    private Toy2d(String name, PointDraw draw) {
        this.name = name;
        this.draw = draw;
    }

    public static boolean isToy(String name) {
        return name.startsWith("toy:");
    }

    public static Toy2d of(String name) {
        return switch (name) {
            case GAUSSIANS_8 -> new Toy2d(name, Toy2d::gaussians8);
            case GAUSSIANS_25 -> new Toy2d(name, Toy2d::gaussians25);
            case SWISS_ROLL -> new Toy2d(name, Toy2d::swissRoll);
            case CHECKERBOARD -> new Toy2d(name, Toy2d::checkerboard);
            case MOONS -> new Toy2d(name, Toy2d::moons);
            case RINGS -> new Toy2d(name, Toy2d::rings);
            default -> throw new UsageException("unknown toy dataset '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    public String name() {
        return name;
    }

    /** One point into {@code out[off]}, {@code out[off+1]}. */
    public void sample(Rng rng, double[] out, int off) {
        draw.draw(rng, out, off);
    }

    /** n points, row-major [n, 2]. */
    public double[] sample(Rng rng, int n) {
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) draw.draw(rng, out, 2 * i);
        return out;
    }

    public INDArray sampleArray(Rng rng, int n, DataType dtype) {
        return HostArrays.of(sample(rng, n), dtype, n, 2);
    }

    // ---- mode structure, for mode-coverage metrics ----

    /** The 8 mode centres after scaling: 2·(±1,0), 2·(0,±1), 2·(±1/√2, ±1/√2), all / 1.414. */
    public static double[][] gaussians8Centres() {
        double[][] c = new double[8][2];
        for (int k = 0; k < 8; k++) {
            c[k][0] = G8_SCALE * G8_UNIT[k][0] / G8_DIV;
            c[k][1] = G8_SCALE * G8_UNIT[k][1] / G8_DIV;
        }
        return c;
    }

    /** Per-coordinate std of each 8-Gaussian mode after scaling (0.02 / 1.414). */
    public static double gaussians8Std() {
        return G8_STD / G8_DIV;
    }

    /** The 25 mode centres (2i, 2j) / 2.828 for i, j ∈ {−2..2}, i-major. */
    public static double[][] gaussians25Centres() {
        double[][] c = new double[25][2];
        int k = 0;
        for (int i = -2; i <= 2; i++) {
            for (int j = -2; j <= 2; j++) {
                c[k][0] = 2.0 * i / G25_DIV;
                c[k][1] = 2.0 * j / G25_DIV;
                k++;
            }
        }
        return c;
    }

    /** Per-coordinate std of each 25-Gaussian mode after scaling (0.05 / 2.828). */
    public static double gaussians25Std() {
        return G25_STD / G25_DIV;
    }

    /** Mode centres of a toy with discrete modes ("toy:8gaussians", "toy:25gaussians"). */
    public static double[][] modeCentres(String name) {
        return switch (name) {
            case GAUSSIANS_8 -> gaussians8Centres();
            case GAUSSIANS_25 -> gaussians25Centres();
            default -> throw new UsageException(name + " has no discrete modes; mode coverage needs toy:8gaussians or toy:25gaussians");
        };
    }

    public static double modeStd(String name) {
        return switch (name) {
            case GAUSSIANS_8 -> gaussians8Std();
            case GAUSSIANS_25 -> gaussians25Std();
            default -> throw new UsageException(name + " has no discrete modes; mode coverage needs toy:8gaussians or toy:25gaussians");
        };
    }

    /**
     * gan_toy.py's fixed 25-Gaussian training set: {@code perMode} points in each of the 25 modes (4000 for its
     * 100,000), shuffled. The endless {@link ToySampler} instead picks a mode uniformly per point.
     */
    public static PointSet gaussians25Dataset(Rng rng, int perMode) {
        double[][] c = gaussians25Centres();
        int n = 25 * perMode;
        double[] xy = new double[2 * n];
        int i = 0;
        for (int rep = 0; rep < perMode; rep++) {
            for (double[] centre : c) {
                xy[2 * i] = centre[0] + rng.nextGaussian() * gaussians25Std();
                xy[2 * i + 1] = centre[1] + rng.nextGaussian() * gaussians25Std();
                i++;
            }
        }
        return new PointSet(GAUSSIANS_25, xy).subset(rng.permutation(n));
    }

    // ---- generators ----

    private static void gaussians8(Rng rng, double[] out, int off) {
        double nx = rng.nextGaussian() * G8_STD, ny = rng.nextGaussian() * G8_STD;
        double[] u = G8_UNIT[rng.nextInt(8)];
        out[off] = (nx + G8_SCALE * u[0]) / G8_DIV;
        out[off + 1] = (ny + G8_SCALE * u[1]) / G8_DIV;
    }

    private static void gaussians25(Rng rng, double[] out, int off) {
        int k = rng.nextInt(25);
        double cx = 2.0 * (k / 5 - 2), cy = 2.0 * (k % 5 - 2);
        out[off] = (cx + rng.nextGaussian() * G25_STD) / G25_DIV;
        out[off + 1] = (cy + rng.nextGaussian() * G25_STD) / G25_DIV;
    }

    /** sklearn make_swiss_roll(noise=0.25)[:, [0, 2]] / 7.5: t = 1.5π(1 + 2u), (t cos t, t sin t) + noise. */
    private static void swissRoll(Rng rng, double[] out, int off) {
        double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
        out[off] = (t * Math.cos(t) + SWISS_NOISE * rng.nextGaussian()) / SWISS_DIV;
        out[off + 1] = (t * Math.sin(t) + SWISS_NOISE * rng.nextGaussian()) / SWISS_DIV;
    }

    /** FFJORD's checkerboard without its final ×2: uniform on the 8 dark cells of a 4×4 board on [−2, 2]². */
    private static void checkerboard(Rng rng, double[] out, int off) {
        double x1 = rng.nextDouble() * 4 - 2;
        double x2 = rng.nextDouble() - rng.nextInt(2) * 2;
        x2 += Math.floorMod((int) Math.floor(x1), 2);
        out[off] = x1;
        out[off + 1] = x2;
    }

    /** sklearn make_moons with noise 0.1, centred: outer arc (cos θ, sin θ), inner (1 − cos θ, ½ − sin θ), θ ∈ [0, π]. */
    private static void moons(Rng rng, double[] out, int off) {
        double theta = Math.PI * rng.nextDouble();
        double x, y;
        if (rng.nextInt(2) == 0) {
            x = Math.cos(theta);
            y = Math.sin(theta);
        } else {
            x = 1 - Math.cos(theta);
            y = 0.5 - Math.sin(theta);
        }
        out[off] = x - 0.5 + MOONS_NOISE * rng.nextGaussian();
        out[off + 1] = y - 0.25 + MOONS_NOISE * rng.nextGaussian();
    }

    /** Four concentric rings of radii 0.5, 1, 1.5, 2 (equally likely), uniform angle, noise 0.05. */
    private static void rings(Rng rng, double[] out, int off) {
        double r = RING_RADII[rng.nextInt(RING_RADII.length)];
        double a = 2 * Math.PI * rng.nextDouble();
        out[off] = r * Math.cos(a) + RING_NOISE * rng.nextGaussian();
        out[off + 1] = r * Math.sin(a) + RING_NOISE * rng.nextGaussian();
    }

    /** Ring radii of "toy:rings". */
    public static double[] ringRadii() {
        return RING_RADII.clone();
    }
}
