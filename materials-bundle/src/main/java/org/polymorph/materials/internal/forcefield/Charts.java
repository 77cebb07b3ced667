package org.polymorph.materials.internal.forcefield;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Grouped bar charts drawn with java.awt (headless) and ImageIO (line plots: org.polymorph.core.report.Plot). */
public final class Charts {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};
    private static final int W = 420;
    private static final int H = 300;

    private Charts() { }

    /** Grouped bars: for each label, one bar per group (e.g. target, before, after). */
    public static byte[] bars(String title, List<String> labels, List<String> groups, double[][] values) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        int x0 = 60;
        int x1 = 2 * W - 15;
        int y0 = H - 40;
        int y1 = 30;
        double hi = 0;
        for (double[] row : values) for (double v : row) hi = Math.max(hi, v);
        hi = hi <= 0 ? 1 : hi * 1.1;
        axes(g, x0, x1, y0, y1, 0, hi, title);
        int slot = (x1 - x0) / Math.max(1, labels.size());
        int bw = Math.max(2, (slot - 20) / Math.max(1, groups.size()));
        for (int l = 0; l < labels.size(); l++) {
            for (int k = 0; k < groups.size(); k++) {
                double v = values[k][l];
                int top = py(Math.max(0, v), 0, hi, y0, y1);
                g.setColor(PALETTE[k % PALETTE.length]);
                g.fillRect(x0 + l * slot + 10 + k * bw, top, bw - 2, y0 - top);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.1f", v), x0 + l * slot + 10 + k * bw, top - 3);
            }
            g.drawString(labels.get(l), x0 + l * slot + slot / 2 - 15, y0 + 16);
        }
        int lx = x1;                                      // legend: one row right of the title, above the bars
        for (int k = groups.size() - 1; k >= 0; k--) {
            lx -= g.getFontMetrics().stringWidth(groups.get(k)) + 30;
            g.setColor(PALETTE[k % PALETTE.length]);
            g.fillRect(lx, y1 - 19, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(groups.get(k), lx + 15, y1 - 10);
        }
        return png(img, g);
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1.5f));
        return g;
    }

    private static void axes(Graphics2D g, int x0, int x1, int y0, int y1, double lo, double hi, String title) {
        g.setColor(Color.BLACK);
        g.drawLine(x0, y0, x1, y0);
        g.drawLine(x0, y0, x0, y1);
        g.drawString(title, x0, y1 - 10);
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            int y = py(v, lo, hi, y0, y1);
            g.drawLine(x0 - 4, y, x0, y);
            g.drawString(String.format(Locale.ROOT, "%.3g", v), x0 - 56, y + 4);
        }
    }

    private static int py(double v, double lo, double hi, int y0, int y1) { return y0 - (int) Math.round((y0 - y1) * (v - lo) / (hi - lo)); }

    private static byte[] png(BufferedImage img, Graphics2D g) {
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
    }
}
