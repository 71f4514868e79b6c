package org.genlab.common.viz;

import java.util.ArrayList;
import java.util.List;

/**
 * Iso-lines of a {@link ScalarField} by marching squares: in each grid cell, the level crosses the edges whose end
 * values lie on opposite sides of it, at the linearly interpolated point. Saddle cells (diagonal corners on the same
 * side) are resolved by the cell-centre average. Cells with a NaN corner get no segment.
 */
public final class Contours {
    /** One straight piece of an iso-line, in field coordinates. */
    public record Segment(double x1, double y1, double x2, double y2) {
    }

    private Contours() {
    }

    /** {@code count} levels evenly spaced strictly inside (min, max) of the field; empty for a constant field. */
    public static double[] levels(ScalarField f, int count) {
        double lo = f.min(), hi = f.max();
        if (count <= 0 || !(hi > lo)) return new double[0];
        double[] out = new double[count];
        for (int k = 0; k < count; k++) out[k] = lo + (hi - lo) * (k + 1) / (count + 1);
        return out;
    }

    public static List<Segment> isoLine(ScalarField f, double level) {
        List<Segment> out = new ArrayList<>();
        int nx = f.nx(), ny = f.ny();
        double dx = (f.xMax() - f.xMin()) / (nx - 1), dy = (f.yMax() - f.yMin()) / (ny - 1);
        for (int j = 0; j < ny - 1; j++) {
            for (int i = 0; i < nx - 1; i++) {
                // corners counter-clockwise from bottom-left: a=(i,j) b=(i+1,j) c=(i+1,j+1) d=(i,j+1)
                double a = f.node(i, j), b = f.node(i + 1, j), c = f.node(i + 1, j + 1), d = f.node(i, j + 1);
                if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || Double.isNaN(d)) continue;
                int code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (code == 0 || code == 15) continue;
                double x0 = f.xMin() + i * dx, y0 = f.yMin() + j * dy;
                // crossing points on the four edges (only the ones used are meaningful)
                double[] bottom = {x0 + dx * t(a, b, level), y0};
                double[] right = {x0 + dx, y0 + dy * t(b, c, level)};
                double[] top = {x0 + dx * t(d, c, level), y0 + dy};
                double[] left = {x0, y0 + dy * t(a, d, level)};
                switch (code) {
                    case 1, 14 -> add(out, left, bottom);
                    case 2, 13 -> add(out, bottom, right);
                    case 3, 12 -> add(out, left, right);
                    case 4, 11 -> add(out, right, top);
                    case 6, 9 -> add(out, bottom, top);
                    case 7, 8 -> add(out, left, top);
                    case 5, 10 -> {
                        // saddle: corners a and c are on one side, b and d on the other
                        boolean centreHigh = (a + b + c + d) / 4 >= level;
                        boolean aHigh = code == 5;
                        if (centreHigh == aHigh) { // a and c connected through the centre
                            add(out, left, top);
                            add(out, bottom, right);
                        } else {
                            add(out, left, bottom);
                            add(out, right, top);
                        }
                    }
                    default -> throw new IllegalStateException("marching squares case " + code);
                }
            }
        }
        return out;
    }

    /** Fraction along the edge from value p to value q where the level is crossed. */
    private static double t(double p, double q, double level) {
        return q == p ? 0.5 : (level - p) / (q - p);
    }

    private static void add(List<Segment> out, double[] p, double[] q) {
        out.add(new Segment(p[0], p[1], q[0], q[1]));
    }
}
