package org.polymorph.materials.internal.patchy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;

/**
 * A 2D configuration of patchy bodies drawn to scale: x and y on one scale, the periodic box [0, Lx) × [0, Ly) as an
 * outline, every core a filled grey disc of the core diameter σ (length units) and every patch a small disc coloured
 * by its species ({@link Plot#color}); cores and patches are wrapped into the box and a disc that crosses an edge is
 * drawn on both sides of it. The longer box edge spans {@value #SPAN} px inside a margin of {@value #MARGIN} px, the
 * title sits in the top margin.
 */
final class Render2d {
    /** Pixels of the longer box edge. */
    static final int SPAN = 640;
    /** Pixels between the box and the image's edges. */
    static final int MARGIN = 40;
    /** Fill of the cores. */
    static final Color CORE = new Color(170, 170, 170);
    /** Patch disc diameter as a fraction of σ. */
    static final double PATCH_FRACTION = 0.3;

    private Render2d() { }

    /**
     * The configuration as a PNG.
     *
     * @param c       2D bodies in a periodic box (edges [2])
     * @param model   their model (cores per body type)
     * @param patches patch positions in the body frame [t][m][2]
     * @param sigma   core diameter σ (length)
     */
    static byte[] png(Configuration c, PatchyModel model, double[][][] patches, double sigma, String title) throws IOException {
        return Plot.encode(image(c, model, patches, sigma, title));
    }

    /** The configuration drawn as {@link #png} encodes it; the box's corner (0, 0) is at pixel (MARGIN, height − MARGIN). */
    static BufferedImage image(Configuration c, PatchyModel model, double[][][] patches, double sigma, String title) {
        double[] box = c.box();
        if (c.dimension() != 2 || box == null || box.length != 2) throw new IllegalArgumentException("the renderer draws 2D bodies in a periodic box");
        System.setProperty("java.awt.headless", "true");
        double scale = SPAN / Math.max(box[0], box[1]);                       // px per length unit, both axes
        int w = (int) Math.round(box[0] * scale), h = (int) Math.round(box[1] * scale);
        BufferedImage img = new BufferedImage(w + 2 * MARGIN, h + 2 * MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (img.getWidth() - fm.stringWidth(title)) / 2, MARGIN - 12);
            Graphics2D inside = (Graphics2D) g.create();
            inside.clip(new Rectangle2D.Double(MARGIN, MARGIN, w, h));
            Frame f = new Frame(scale, MARGIN, MARGIN + h, box);
            for (int i = 0; i < c.size(); i++) {
                for (double[] core : model.types().get(c.types()[i]).cores()) f.disc(inside, c.world(i, core), sigma, CORE);
            }
            for (int i = 0; i < c.size(); i++) {
                int t = c.types()[i];
                int[] species = model.types().get(t).patchSpecies();
                for (int k = 0; k < patches[t].length; k++) f.disc(inside, c.world(i, patches[t][k]), PATCH_FRACTION * sigma, Plot.color(species[k]));
            }
            inside.dispose();
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Rectangle2D.Double(MARGIN, MARGIN, w, h));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Length units → pixels: x to the right from {@code left}, y up from {@code bottom}. */
    private record Frame(double scale, double left, double bottom, double[] box) {
        /** A filled disc of diameter {@code d} at x [2] wrapped into the box, with its periodic images that reach into it. */
        void disc(Graphics2D g, double[] x, double d, Color fill) {
            double cx = wrap(x[0], box[0]), cy = wrap(x[1], box[1]);
            for (int a = -1; a <= 1; a++) {
                for (int b = -1; b <= 1; b++) {
                    double px = cx + a * box[0], py = cy + b * box[1];
                    if (px + d / 2 < 0 || px - d / 2 > box[0] || py + d / 2 < 0 || py - d / 2 > box[1]) continue;
                    Ellipse2D.Double e = new Ellipse2D.Double(left + (px - d / 2) * scale, bottom - (py + d / 2) * scale, d * scale, d * scale);
                    g.setColor(fill);
                    g.fill(e);
                    g.setColor(fill.darker());
                    g.draw(e);
                }
            }
        }

        private static double wrap(double x, double edge) { return x - edge * Math.floor(x / edge); }
    }
}
