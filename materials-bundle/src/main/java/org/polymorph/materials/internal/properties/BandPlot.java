package org.polymorph.materials.internal.properties;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/** A headless band-structure plot (java.awt + ImageIO): one polyline per band, ticks and labels at the high-symmetry points. */
public final class BandPlot {
    private static final int W = 800;
    private static final int H = 600;
    private static final int L = 80;
    private static final int R = 30;
    private static final int T = 50;
    private static final int B = 60;

    private BandPlot() { }

    public static void write(Path file, String title, double[] x, double[][] y, List<String> labels, double[] ticks) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double lo = 0;
        double hi = 0;
        for (double[] row : y) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > -1e-3 * hi) lo = 0;                       // numerical noise of the acoustic modes at Γ
        hi = hi + 0.05 * (hi - lo + 1e-12);
        double xmax = x[x.length - 1] > 0 ? x[x.length - 1] : 1;
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        g.drawRect(L, T, W - L - R, H - T - B);
        g.drawString(title, L, T - 15);
        g.drawString("ν (THz)", 10, T - 15);
        double step = niceStep((hi - lo) / 8);
        for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
            int py = py(v, lo, hi);
            g.drawLine(L - 5, py, L, py);
            String s = String.format(java.util.Locale.ROOT, step < 1 ? "%.1f" : "%.0f", Math.abs(v) < 1e-9 * step ? 0.0 : v);
            g.drawString(s, L - 10 - g.getFontMetrics().stringWidth(s), py + 5);
        }
        g.setColor(Color.GRAY);
        for (int k = 0; k < ticks.length; k++) {
            int px = px(ticks[k], xmax);
            g.drawLine(px, T, px, H - B);
            String s = labels.get(k);
            g.setColor(Color.BLACK);
            g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, H - B + 20);
            g.setColor(Color.GRAY);
        }
        if (lo < 0) g.drawLine(L, py(0, lo, hi), W - R, py(0, lo, hi));
        g.setColor(new Color(20, 60, 180));
        g.setStroke(new BasicStroke(1.8f));
        for (int band = 0; band < y[0].length; band++) {
            for (int k = 1; k < x.length; k++) {
                g.drawLine(px(x[k - 1], xmax), py(y[k - 1][band], lo, hi), px(x[k], xmax), py(y[k][band], lo, hi));
            }
        }
        g.dispose();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available for " + file);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int px(double x, double xmax) { return L + (int) Math.round(x / xmax * (W - L - R)); }

    private static int py(double v, double lo, double hi) { return H - B - (int) Math.round((v - lo) / (hi - lo) * (H - T - B)); }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }
}
