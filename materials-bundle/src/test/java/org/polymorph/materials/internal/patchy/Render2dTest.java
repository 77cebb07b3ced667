package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;

class Render2dTest {
    /** One body type: a core at the centre, patch species 0 at (+0.45, 0) and species 1 at (−0.45, 0). */
    private static final PatchyModel MODEL = new PatchyModel(2, List.of(new BodyType("P", new double[][] {{0, 0}}, new int[] {0, 1})), 2,
            Cutoff.jaxMd(1.0));
    private static final double[][][] PATCHES = {{{0.45, 0}, {-0.45, 0}}};

    /** The pixel of the point (x, y) in box units, for a box whose longer edge is {@code longest}. */
    private static int rgb(BufferedImage img, double x, double y, double longest) {
        double scale = Render2d.SPAN / longest;
        return img.getRGB((int) Math.floor(Render2d.MARGIN + x * scale), (int) Math.floor(img.getHeight() - Render2d.MARGIN - y * scale));
    }

    @Test
    void coresAreDiscsOfTheirDiameterInASquareBox() throws Exception {
        // body 0 at (1, 1) unrotated; body 1 at (3.8, 2.5) turned by 90°, so its core crosses the right edge x = 4
        Configuration c = Configuration.planar(new int[] {0, 0}, new double[][] {{1, 1, 0}, {3.8, 2.5, Math.PI / 2}}, new double[] {4, 4});
        byte[] png = Render2d.png(c, MODEL, PATCHES, 1.0, "two bodies");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(img.getWidth(), img.getHeight(), "a square box gives a square picture");
        int core = Render2d.CORE.getRGB(), white = Color.WHITE.getRGB();
        assertEquals(core, rgb(img, 1, 1, 4), "centre of a core");
        assertEquals(core, rgb(img, 1.3, 1.2, 4), "inside the disc of diameter 1 (0.36 from the centre)");
        assertEquals(white, rgb(img, 1.42, 1.42, 4), "outside the disc (0.59 from the centre)");
        assertEquals(white, rgb(img, 2.5, 1, 4), "between the bodies");
        assertEquals(core, rgb(img, 0.15, 2.5, 4), "the part of body 1 beyond x = 4 wraps to the left edge");
        assertEquals(Plot.color(0).getRGB(), rgb(img, 1.45, 1, 4), "patch species 0 at +0.45 along x");
        assertEquals(Plot.color(1).getRGB(), rgb(img, 0.55, 1, 4), "patch species 1 at −0.45 along x");
        assertEquals(Plot.color(0).getRGB(), rgb(img, 3.8, 2.95, 4), "body 1's species-0 patch is turned to +y");
        assertEquals(white, rgb(img, -0.1, 1, 4), "nothing is drawn outside the box");
    }

    @Test
    void bothAxesShareOneScale() {
        Configuration c = Configuration.planar(new int[] {0}, new double[][] {{1, 1, 0}}, new double[] {4, 2});
        BufferedImage img = Render2d.image(c, MODEL, PATCHES, 1.0, "wide box");
        assertEquals(Render2d.SPAN + 2 * Render2d.MARGIN, img.getWidth());
        assertEquals(Render2d.SPAN / 2 + 2 * Render2d.MARGIN, img.getHeight());
        int core = Render2d.CORE.getRGB(), white = Color.WHITE.getRGB();
        assertEquals(core, rgb(img, 1, 1.4, 4), "0.4 above the centre is inside along y as along x");
        assertEquals(white, rgb(img, 1, 1.6, 4), "0.6 above is outside");
        assertEquals(core, rgb(img, 0.7, 1.3, 4), "(−0.3, 0.3) from the centre is inside");
        assertEquals(white, rgb(img, 1.45, 1.45, 4), "(0.45, 0.45) from the centre is outside");
    }

    @Test
    void threeDimensionsAreRefused() {
        Configuration c = new Configuration(new int[] {0}, new double[][] {{0, 0, 0}}, new double[][] {{1, 0, 0, 0, 1, 0, 0, 0, 1}}, new double[] {2, 2, 2});
        assertThrows(IllegalArgumentException.class, () -> Render2d.image(c, MODEL, PATCHES, 1.0, "3D"));
    }
}
