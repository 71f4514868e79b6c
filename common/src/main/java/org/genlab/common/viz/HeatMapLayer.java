package org.genlab.common.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;

/**
 * Draws a {@link ScalarField} as a colour image (values normalised to the field's own [min, max], coloured by a
 * {@link Colormap}) with iso-lines, into a pixel rectangle that shows a given data range, plus a colour bar that
 * labels the value range. Pixels outside the field's rectangle are left untouched.
 */
final class HeatMapLayer {
    private final ScalarField field;
    private final Colormap colormap;
    private final int isoLines;

    HeatMapLayer(ScalarField field, Colormap colormap, int isoLines) {
        this.field = field;
        this.colormap = colormap;
        this.isoLines = isoLines;
    }

    /** Normalised position of a value in the field's range (0.5 for a constant field). */
    double normalise(double v) {
        double lo = field.min(), hi = field.max();
        return hi > lo ? (v - lo) / (hi - lo) : 0.5;
    }

    /**
     * @param px0 left pixel edge of data x = xLo; px1 right edge (data xHi)
     * @param py0 top pixel edge of data y = yHi; py1 bottom edge (data yLo)
     */
    void paint(Graphics2D g, double px0, double py0, double px1, double py1,
               double xLo, double xHi, double yLo, double yHi) {
        int ix0 = (int) Math.floor(px0), ix1 = (int) Math.ceil(px1);
        int iy0 = (int) Math.floor(py0), iy1 = (int) Math.ceil(py1);
        int w = ix1 - ix0, h = iy1 - iy0;
        if (w <= 0 || h <= 0) return;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            // pixel centres mapped back to data coordinates; screen y grows downwards
            double dy = yHi - (iy0 + y + 0.5 - py0) / (py1 - py0) * (yHi - yLo);
            if (dy < field.yMin() || dy > field.yMax()) continue;
            for (int x = 0; x < w; x++) {
                double dx = xLo + (ix0 + x + 0.5 - px0) / (px1 - px0) * (xHi - xLo);
                if (dx < field.xMin() || dx > field.xMax()) continue;
                img.setRGB(x, y, 0xFF000000 | colormap.rgb(normalise(field.at(dx, dy))));
            }
        }
        g.drawImage(img, ix0, iy0, null);

        Graphics2D lg = (Graphics2D) g.create();
        lg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        lg.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        lg.clipRect(ix0, iy0, w, h);
        for (double level : Contours.levels(field, isoLines)) {
            lg.setColor(lineColour(normalise(level)));
            for (Contours.Segment s : Contours.isoLine(field, level)) {
                lg.draw(new Line2D.Double(
                        px0 + (s.x1() - xLo) / (xHi - xLo) * (px1 - px0), py0 + (yHi - s.y1()) / (yHi - yLo) * (py1 - py0),
                        px0 + (s.x2() - xLo) / (xHi - xLo) * (px1 - px0), py0 + (yHi - s.y2()) / (yHi - yLo) * (py1 - py0)));
            }
        }
        lg.dispose();
    }

    /** Light lines over the dark part of the map, dark lines over the bright part, so every level stays visible. */
    private Color lineColour(double t) {
        int rgb = colormap.rgb(t);
        double lum = 0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF);
        return lum < 128 ? new Color(255, 255, 255, 200) : new Color(0, 0, 0, 170);
    }

    /**
     * Vertical colour bar from top to bottom pixel at x, labelled with min, middle and max, and a caption above it
     * (moved left as far as needed to end inside an image of width imageWidth).
     */
    void paintColourBar(Graphics2D g, int x, int top, int bottom, String caption, int imageWidth) {
        Graphics2D cg = (Graphics2D) g.create();
        cg.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int barW = 16, h = bottom - top;
        if (h <= 2) return;
        for (int y = 0; y < h; y++) {
            cg.setColor(colormap.color(1.0 - (y + 0.5) / h));
            cg.fillRect(x, top + y, barW, 1);
        }
        cg.setColor(new Color(0x555555));
        cg.drawRect(x, top, barW, h);
        cg.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 13));
        FontMetrics fm = cg.getFontMetrics();
        cg.setColor(Color.BLACK);
        double lo = field.min(), hi = field.max();
        double[] vals = hi > lo ? new double[] {hi, (lo + hi) / 2, lo} : new double[] {lo};
        for (double v : vals) {
            int y = top + (int) Math.round((1.0 - normalise(v)) * h);
            cg.drawLine(x + barW, y, x + barW + 4, y);
            cg.drawString(ChartStyle.number(v), x + barW + 7, y + fm.getAscent() / 2 - 1);
        }
        if (caption != null && !caption.isEmpty()) {
            int cx = Math.max(4, Math.min(x, imageWidth - 4 - fm.stringWidth(caption)));
            cg.drawString(caption, cx, top - fm.getDescent() - 6);
        }
        cg.dispose();
    }
}
