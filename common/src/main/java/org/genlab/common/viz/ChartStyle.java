package org.genlab.common.viz;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.XYStyler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/** Shared XChart look for genlab's plots: fonts large enough to read in a saved PNG, white plot, light grid. */
final class ChartStyle {
    static final String FONT = Font.SANS_SERIF;
    /** Matplotlib's "tab10" palette: distinct hues that stay distinguishable for most colour-blind readers. */
    static final Color[] PALETTE = {
            new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
            new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
            new Color(0xBCBD22), new Color(0x17BECF)};

    private ChartStyle() {
    }

    static void apply(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setAntiAlias(true);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 18));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
        s.setAxisTickLabelsColor(Color.BLACK);
        s.setLegendFont(new Font(FONT, Font.PLAIN, 14));
        s.setLegendBorderColor(new Color(0xBBBBBB));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setChartPadding(14);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(0x555555));
        s.setPlotGridLinesColor(new Color(0xE3E3E3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setAxisTickMarksColor(new Color(0x555555));
        s.setSeriesColors(PALETTE);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setXAxisTickMarkSpacingHint(110);
        s.setYAxisTickMarkSpacingHint(60);
    }

    /** Compact number for tick and colour-bar labels: 3 significant digits, no trailing zeros. */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(java.util.Locale.ROOT, "%.2e", v);
        String s = String.format(java.util.Locale.ROOT, "%.3g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
