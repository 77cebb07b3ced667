package org.polymorph.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Headless line plots (java.awt, PNG) for the run directories of every bundle: panels stacked vertically,
 * each with axes, 1-2-5 ticks (on a linear or a log10 y axis, or a fixed y range), axis labels, a title and
 * one or more series in a fixed palette; non-finite points leave gaps. A series is a line, markers (data
 * points: filled circles) or both. With more than one series a legend sits in a strip between the title
 * and the frame, outside the data.
 */
public final class Plot {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207)};

    /** How a series is drawn. @since 1.1.0 */
    public enum Style { LINE, MARKERS, LINE_AND_MARKERS }

    /** One series of a panel, as added (copies of the arrays). @since 1.1.0 */
    public record Series(String name, double[] x, double[] y, Style style) {
        public Series {
            x = x.clone();
            y = y.clone();
        }

        @Override public double[] x() { return x.clone(); }

        @Override public double[] y() { return y.clone(); }
    }

    /** One panel: title, axis labels, series (name, x, y, style). */
    public static final class Panel {
        final String title;
        final String xLabel;
        final String yLabel;
        final List<String> names = new ArrayList<>();
        final List<double[]> xs = new ArrayList<>();
        final List<double[]> ys = new ArrayList<>();
        final List<Style> styles = new ArrayList<>();
        boolean log;
        double yMin = Double.NaN;
        double yMax = Double.NaN;

        public Panel(String title, String xLabel, String yLabel) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
        }

        /** Adds a series drawn as a line. */
        public Panel add(String name, double[] x, double[] y) {
            return add(name, x, y, Style.LINE);
        }

        /** Adds a series drawn as markers only (measured or computed points over a fitted curve). @since 1.1.0 */
        public Panel points(String name, double[] x, double[] y) {
            return add(name, x, y, Style.MARKERS);
        }

        /** Adds a series drawn as a line with a marker at each point (the images of a path). @since 1.1.0 */
        public Panel linePoints(String name, double[] x, double[] y) {
            return add(name, x, y, Style.LINE_AND_MARKERS);
        }

        private Panel add(String name, double[] x, double[] y, Style style) {
            if (x.length != y.length) throw new IllegalArgumentException("plot series '" + name + "': " + x.length + " x values but " + y.length + " y values");
            names.add(name);
            xs.add(x.clone());
            ys.add(y.clone());
            styles.add(style);
            return this;
        }

        /** The series in the order added. @since 1.1.0 */
        public List<Series> series() {
            List<Series> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) out.add(new Series(names.get(i), xs.get(i), ys.get(i), styles.get(i)));
            return out;
        }

        public String title() { return title; }

        public String xLabel() { return xLabel; }

        public String yLabel() { return yLabel; }

        /** Fixes the y range (e.g. [0, 1] for an accuracy) instead of fitting it to the data. */
        public Panel yRange(double min, double max) {
            if (!(max > min)) throw new IllegalArgumentException("plot panel '" + title + "': y range [" + min + ", " + max + "] is empty; give min < max");
            yMin = min;
            yMax = max;
            return this;
        }

        /** Draws y on a log10 axis (values ≤ 0 are left out). */
        public Panel logY() {
            log = true;
            return this;
        }
    }

    private Plot() { }

    /** Image width (px). */
    public static final int WIDTH = 800;
    /** Height of one panel (px). */
    public static final int PANEL_HEIGHT = 360;

    /** The panels, each {@link #WIDTH}×{@link #PANEL_HEIGHT} px, stacked vertically, as PNG bytes. */
    public static byte[] png(List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = WIDTH;
        int ph = PANEL_HEIGHT;
        BufferedImage img = new BufferedImage(w, ph * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, img.getHeight());
            for (int i = 0; i < panels.size(); i++) draw(g, panels.get(i), i * ph, w, ph);
        } finally {
            g.dispose();
        }
        return encode(img);
    }

    /**
     * An image drawn elsewhere (e.g. a configuration rendered to scale) as PNG bytes, encoded as {@link #png} encodes its panels.
     *
     * @since 1.2.0
     */
    public static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JRE (javax.imageio)");
        return out.toByteArray();
    }

    /**
     * Colour {@code i} of the palette series are drawn in (cycling), for figures that colour by category as the plots do.
     *
     * @since 1.2.0
     */
    public static Color color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    private static void draw(Graphics2D g, Panel p, int y0, int w, int h) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int left = 80;
        int right = w - 20;
        boolean legend = p.xs.size() > 1;
        int top = y0 + (legend ? 48 : 30);
        int bottom = y0 + h - 45;
        List<double[]> ys = p.ys;
        if (p.log) {
            ys = new ArrayList<>();
            for (double[] y : p.ys) {
                double[] l = new double[y.length];
                for (int i = 0; i < y.length; i++) l[i] = y[i] > 0 ? Math.log10(y[i]) : Double.NaN;
                ys.add(l);
            }
        }
        double[] xr = range(p.xs);
        double[] yr = Double.isNaN(p.yMin) ? range(ys) : new double[] {p.log ? Math.log10(p.yMin) : p.yMin, p.log ? Math.log10(p.yMax) : p.yMax};
        double[] xt = ticks(xr);
        double[] yt = ticks(yr);
        double xmin = xt[0], xmax = xt[xt.length - 1], ymin = yt[0], ymax = yt[yt.length - 1];
        g.setColor(Color.BLACK);
        g.drawString(p.title, left + (right - left - fm.stringWidth(p.title)) / 2, y0 + 20);
        for (double t : yt) {
            int y = (int) Math.round(bottom - (t - ymin) / (ymax - ymin) * (bottom - top));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            String s = p.log ? logLabel(t) : label(t);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
        }
        for (double t : xt) {
            int x = (int) Math.round(left + (t - xmin) / (xmax - xmin) * (right - left));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            String s = label(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 16);
        }
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(p.xLabel, left + (right - left - fm.stringWidth(p.xLabel)) / 2, bottom + 36);
        Graphics2D gr = (Graphics2D) g.create();
        gr.rotate(-Math.PI / 2);
        gr.drawString(p.yLabel, -(top + (bottom - top + fm.stringWidth(p.yLabel)) / 2), 18);
        gr.dispose();
        Graphics2D gc = (Graphics2D) g.create();
        gc.clipRect(left, top, right - left + 1, bottom - top + 1);
        gc.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < p.xs.size(); s++) {                      // lines in the order added, later ones on top
            if (p.styles.get(s) == Style.MARKERS) continue;
            gc.setColor(COLORS[s % COLORS.length]);
            gc.draw(polyline(p.xs.get(s), ys.get(s), left, right, top, bottom, xmin, xmax, ymin, ymax));
        }
        for (int s = 0; s < p.xs.size(); s++) {                      // then the markers, above every line
            if (p.styles.get(s) == Style.LINE) continue;
            gc.setColor(COLORS[s % COLORS.length]);
            double[] x = p.xs.get(s);
            double[] y = ys.get(s);
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
                marker(gc, left + (x[i] - xmin) / (xmax - xmin) * (right - left), bottom - (y[i] - ymin) / (ymax - ymin) * (bottom - top));
            }
        }
        if (legend) legend(g, p, right, y0 + 36);
        gc.dispose();
    }

    /** The finite points of (x, y) in pixels, joined; a non-finite point leaves a gap. */
    private static Path2D.Double polyline(double[] x, double[] y, int left, int right, int top, int bottom,
                                          double xmin, double xmax, double ymin, double ymax) {
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                pen = false;
                continue;
            }
            double px = left + (x[i] - xmin) / (xmax - xmin) * (right - left);
            double py = bottom - (y[i] - ymin) / (ymax - ymin) * (bottom - top);
            if (pen) path.lineTo(px, py); else path.moveTo(px, py);
            pen = true;
        }
        return path;
    }

    /** One row, right-aligned at {@code right}, baseline {@code y}: per series a line and/or marker sample and its name. */
    private static void legend(Graphics2D g, Panel p, int right, int y) {
        FontMetrics fm = g.getFontMetrics();
        int x = right;
        for (int s = p.names.size() - 1; s >= 0; s--) {
            String name = p.names.get(s);
            x -= fm.stringWidth(name) + 34;
            g.setColor(COLORS[s % COLORS.length]);
            if (p.styles.get(s) != Style.MARKERS) g.drawLine(x, y - 4, x + 20, y - 4);
            if (p.styles.get(s) != Style.LINE) marker(g, x + 10, y - 4);
            g.drawString(name, x + 24, y);
        }
    }

    /** A filled circle of radius 3.5 px with a darker rim at (px, py). */
    private static void marker(Graphics2D g, double px, double py) {
        java.awt.geom.Ellipse2D.Double dot = new java.awt.geom.Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7);
        g.fill(dot);
        Color c = g.getColor();
        g.setColor(c.darker());
        g.draw(dot);
        g.setColor(c);
    }

    private static double[] range(List<double[]> vs) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double[] v : vs) for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        if (lo > hi) return new double[] {0, 1};
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) { lo -= 0.5 * Math.max(1e-9, Math.abs(lo)); hi += 0.5 * Math.max(1e-9, Math.abs(hi)); }
        return new double[] {lo, hi};
    }

    /** Ticks at 1, 2 or 5 × 10^k covering [r0, r1] with about 6 intervals. */
    public static double[] ticks(double[] r) {
        double raw = (r[1] - r[0]) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double start = Math.floor(r[0] / step) * step;
        int n = (int) Math.ceil((r[1] - start) / step - 1e-9) + 1;
        double[] t = new double[Math.max(2, n)];
        for (int k = 0; k < t.length; k++) t[k] = start + k * step;
        return t;
    }

    /** The label of log10 tick t: 1e-6, 1e3 at integer t, else the value with 2 significant digits. */
    private static String logLabel(double t) {
        long k = Math.round(t);
        if (Math.abs(t - k) < 1e-9) return k == 0 ? "1" : k == 1 ? "10" : "1e" + k;
        return String.format(Locale.ROOT, "%.2g", Math.pow(10, t));
    }

    private static String label(double v) {
        if (Math.abs(v) < 1e-12) return "0";
        double a = Math.abs(v);
        return a >= 1e5 || a < 1e-3 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
    }
}
