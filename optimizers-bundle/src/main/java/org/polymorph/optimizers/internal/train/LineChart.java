package org.polymorph.optimizers.internal.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A minimal line chart drawn with java.awt into a {@link BufferedImage} (headless): one panel
 * with axes, "nice" ticks (1, 2, 5 x 10^k), tick labels, axis labels, a title and a legend.
 * {@link #renderPng} stacks several panels vertically into one PNG. NaN points are gaps.
 */
final class LineChart {
    /** One line: name (legend), colour, x and y values of equal length. */
    record Series(String name, Color color, double[] x, double[] y) { }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double yMinFixed = Double.NaN;
    private double yMaxFixed = Double.NaN;

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    LineChart add(String name, Color color, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        series.add(new Series(name, color, x.clone(), y.clone()));
        return this;
    }

    /** Fixes the y range (e.g. [0, 1] for accuracy) instead of fitting it to the data. */
    LineChart yRange(double min, double max) {
        this.yMinFixed = min;
        this.yMaxFixed = max;
        return this;
    }

    /** The panels stacked vertically, each {@code width x panelHeight}, as PNG bytes. */
    static byte[] renderPng(int width, int panelHeight, List<LineChart> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, panelHeight * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < panels.size(); i++) panels.get(i).draw(g, 0, i * panelHeight, width, panelHeight);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JRE (javax.imageio)");
        return out.toByteArray();
    }

    /** Draws the panel into the rectangle (x0, y0, w, h). */
    void draw(Graphics2D g, int x0, int y0, int w, int h) {
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(base);
        FontMetrics fm = g.getFontMetrics();
        int left = x0 + 70, right = x0 + w - 20, top = y0 + 30, bottom = y0 + h - 45;

        double[] xr = range(true);
        double[] yr = range(false);
        if (!Double.isNaN(yMinFixed)) { yr[0] = yMinFixed; yr[1] = yMaxFixed; }
        double[] xt = ticks(xr[0], xr[1], 8);
        double[] yt = ticks(yr[0], yr[1], 6);
        if (Double.isNaN(yMinFixed)) { yr[0] = Math.min(yr[0], yt[0]); yr[1] = Math.max(yr[1], yt[yt.length - 1]); }
        xr[0] = Math.min(xr[0], xt[0]);
        xr[1] = Math.max(xr[1], xt[xt.length - 1]);
        final double xmin = xr[0], xmax = xr[1], ymin = yr[0], ymax = yr[1];
        java.util.function.DoubleUnaryOperator px = v -> left + (v - xmin) / (xmax - xmin) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - (v - ymin) / (ymax - ymin) * (bottom - top);

        // title
        g.setColor(Color.BLACK);
        g.setFont(base.deriveFont(Font.BOLD, 14f));
        g.drawString(title, left + (right - left - g.getFontMetrics().stringWidth(title)) / 2, y0 + 20);
        g.setFont(base);

        // grid and ticks
        Stroke solid = g.getStroke();
        for (double t : yt) {
            if (t < ymin - 1e-12 || t > ymax + 1e-12) continue;
            int y = (int) Math.round(py.applyAsDouble(t));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawLine(left - 5, y, left, y);
            String s = label(t, yt);
            g.drawString(s, left - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        for (double t : xt) {
            if (t < xmin - 1e-12 || t > xmax + 1e-12) continue;
            int x = (int) Math.round(px.applyAsDouble(t));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            g.drawLine(x, bottom, x, bottom + 5);
            String s = label(t, xt);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 8 + fm.getAscent());
        }
        // axes
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString(xLabel, left + (right - left - fm.stringWidth(xLabel)) / 2, bottom + 35);
        Graphics2D gr = (Graphics2D) g.create();
        gr.rotate(-Math.PI / 2);
        gr.drawString(yLabel, -(top + (bottom - top + fm.stringWidth(yLabel)) / 2), x0 + 18);
        gr.dispose();

        // lines, clipped to the plot area
        Graphics2D gc = (Graphics2D) g.create();
        gc.clipRect(left, top - 1, right - left + 1, bottom - top + 2);
        gc.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : series) {
            gc.setColor(s.color());
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            int points = 0;
            for (int i = 0; i < s.x().length; i++) {
                double xv = s.x()[i], yv = s.y()[i];
                if (!Double.isFinite(xv) || !Double.isFinite(yv)) continue; // NaN: not evaluated here; join across
                double X = px.applyAsDouble(xv), Y = py.applyAsDouble(yv);
                if (pen) path.lineTo(X, Y); else path.moveTo(X, Y);
                pen = true;
                points++;
                if (s.x().length < 60) gc.fillOval((int) Math.round(X) - 2, (int) Math.round(Y) - 2, 5, 5);
            }
            if (points > 1) gc.draw(path);
        }
        gc.dispose();
        g.setStroke(solid);

        // legend, top right
        int lw = 0;
        for (Series s : series) lw = Math.max(lw, fm.stringWidth(s.name()));
        int boxW = lw + 40, boxH = series.size() * (fm.getHeight() + 2) + 8;
        int bx = right - boxW - 8, by = top + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(bx, by, boxW, boxH);
        g.setColor(Color.GRAY);
        g.drawRect(bx, by, boxW, boxH);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int ly = by + 6 + i * (fm.getHeight() + 2) + fm.getAscent();
            g.setColor(s.color());
            g.fillRect(bx + 6, ly - fm.getAscent() / 2 - 2, 20, 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), bx + 32, ly);
        }
    }

    /** [min, max] of the finite x (or y) values; a degenerate range is widened. */
    private double[] range(boolean xs) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = xs ? s.x() : s.y();
            double[] other = xs ? s.y() : s.x();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i]) || !Double.isFinite(other[i])) continue;
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (lo == hi) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - d, hi + d};
        }
        return new double[] {lo, hi};
    }

    /** Ticks at a "nice" spacing (1, 2 or 5 times a power of ten) covering [lo, hi], about {@code target} of them. */
    static double[] ticks(double lo, double hi, int target) {
        double step = niceStep((hi - lo) / Math.max(1, target - 1));
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = first + i * step;
        return t;
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * p;
    }

    /** A tick label with as many decimals as the spacing needs. */
    private static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        if (Math.abs(v) < step * 1e-9) v = 0;
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        if (Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-4)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
