package org.polymorph.materials.internal.properties;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.polymorph.materials.properties.Dispersion;

/**
 * Headless band-structure plots (java.awt + ImageIO): one polyline per band of each curve set (one
 * colour per set), vertical lines and labels at the high-symmetry points, optional target points as
 * black dots. md.phonons' band.png and ff.fit's phonons.png.
 */
public final class BandPlot {
    private static final int W = 800;
    private static final int H = 600;
    private static final int L = 80;
    private static final int R = 30;
    private static final int T = 50;
    private static final int B = 60;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40)};

    private BandPlot() { }

    /** One set of bands: {@code bands[point][band]} (THz) at the path positions, named in the legend. */
    public record Curves(String name, double[][] bands) { }

    /** A single set of bands written to {@code file} (a temporary name, then a rename). */
    /** The band structure of {@code d} as a PNG (axes, ticks and labels at the high-symmetry points). */
    public static void write(Path file, String title, Dispersion d) throws IOException {
        write(file, title, d.distance(), d.frequencies(), d.labels(), d.labelDistances());
    }

    public static void write(Path file, String title, double[] x, double[][] y, List<String> labels, double[] ticks) throws IOException {
        byte[] png = png(title, x, List.of(new Curves("", y)), new double[0], new double[0], labels, ticks);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, png);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The PNG of {@code sets} along path positions {@code x} (any unit, increasing), with target points
     * ({@code px}, {@code py}) and the high-symmetry {@code labels} at positions {@code ticks}.
     */
    public static byte[] png(String title, double[] x, List<Curves> sets, double[] px, double[] py, List<String> labels, double[] ticks) {
        System.setProperty("java.awt.headless", "true");
        double lo = 0;
        double hi = 0;
        for (Curves c : sets) for (double[] row : c.bands()) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        for (double v : py) hi = Math.max(hi, v);
        if (lo > -1e-3 * hi) lo = 0;                       // numerical noise of the acoustic modes at Γ
        hi = hi + 0.05 * (hi - lo + 1e-12);
        double x0 = x[0];
        double span = x[x.length - 1] > x0 ? x[x.length - 1] - x0 : 1;
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        g.drawRect(L, T, W - L - R, H - T - B);
        g.drawString(title, L, T - 30);
        g.drawString("ν (THz)", 10, T - 15);
        double step = niceStep((hi - lo) / 8);
        for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
            int yy = py(v, lo, hi);
            g.drawLine(L - 5, yy, L, yy);
            String s = String.format(java.util.Locale.ROOT, step < 1 ? "%.1f" : "%.0f", Math.abs(v) < 1e-9 * step ? 0.0 : v);
            g.drawString(s, L - 10 - g.getFontMetrics().stringWidth(s), yy + 5);
        }
        g.setColor(Color.GRAY);
        for (int k = 0; k < ticks.length; k++) {
            int xx = px(ticks[k], x0, span);
            g.drawLine(xx, T, xx, H - B);
            String s = labels.get(k);
            g.setColor(Color.BLACK);
            g.drawString(s, xx - g.getFontMetrics().stringWidth(s) / 2, H - B + 20);
            g.setColor(Color.GRAY);
        }
        if (lo < 0) g.drawLine(L, py(0, lo, hi), W - R, py(0, lo, hi));
        g.setStroke(new BasicStroke(1.8f));
        boolean legend = sets.size() > 1 || px.length > 0;
        for (int c = 0; c < sets.size(); c++) {
            double[][] y = sets.get(c).bands();
            g.setColor(PALETTE[c % PALETTE.length]);
            for (int k = 1; k < x.length; k++) {
                for (int band = 0; band < Math.min(y[k].length, y[k - 1].length); band++) {
                    g.drawLine(px(x[k - 1], x0, span), py(y[k - 1][band], lo, hi), px(x[k], x0, span), py(y[k][band], lo, hi));
                }
            }
        }
        g.setColor(Color.BLACK);
        for (int i = 0; i < px.length; i++) g.fillOval(px(px[i], x0, span) - 4, py(py[i], lo, hi) - 4, 8, 8);
        if (legend) legend(g, sets, px.length > 0);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row above the frame, right-aligned: a line sample and the name of each set, then "target" with a dot. */
    private static void legend(Graphics2D g, List<Curves> sets, boolean targets) {
        int x = W - R;
        int y = T - 8;
        if (targets) {
            x -= g.getFontMetrics().stringWidth("target") + 20;
            g.setColor(Color.BLACK);
            g.fillOval(x, y - 8, 8, 8);
            g.drawString("target", x + 12, y);
        }
        for (int c = sets.size() - 1; c >= 0; c--) {
            x -= g.getFontMetrics().stringWidth(sets.get(c).name()) + 34;
            g.setColor(PALETTE[c % PALETTE.length]);
            g.drawLine(x, y - 4, x + 20, y - 4);
            g.drawString(sets.get(c).name(), x + 24, y);
        }
    }

    private static int px(double x, double x0, double span) { return L + (int) Math.round((x - x0) / span * (W - L - R)); }

    private static int py(double v, double lo, double hi) { return H - B - (int) Math.round((v - lo) / (hi - lo) * (H - T - B)); }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }
}
