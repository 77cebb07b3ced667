package org.polymorph.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotTest {
    @Test
    void ticksAreOneTwoFiveTimesAPowerOfTen() {
        assertArrayEquals(new double[] {0, 100, 200, 300, 400, 500}, Plot.ticks(new double[] {0, 500}), 1e-9);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, Plot.ticks(new double[] {0, 1}), 1e-12);
        assertArrayEquals(new double[] {-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2}, Plot.ticks(new double[] {-2.7, 1.6}), 1e-12);
    }

    @Test
    void panelsStackIntoOnePngWithEverySeriesDrawn() throws Exception {
        double[] x = {0, 1, 2, 3, 4};
        byte[] png = Plot.png(List.of(
                new Plot.Panel("loss", "step", "loss").logY().add("loss", x, new double[] {1, 0.1, 1e-3, Double.NaN, 1e-6}),
                new Plot.Panel("accuracy", "step", "fraction").yRange(0, 1).add("train", x, new double[] {0.1, 0.5, 0.7, 0.8, 0.9})
                        .add("test", x, new double[] {0.1, 0.4, 0.6, 0.7, 0.75})));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Plot.WIDTH, img.getWidth());
        assertEquals(2 * Plot.PANEL_HEIGHT, img.getHeight());
        int blue = 0, red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int xx = 0; xx < img.getWidth(); xx++) {
                int c = img.getRGB(xx, y) & 0xFFFFFF;
                if (c == 0x1F77B4) blue++;
                if (c == 0xD62728) red++;
            }
        }
        assertTrue(blue > 100 && red > 100, "first (blue) and second (red) series drawn: " + blue + ", " + red);
    }

    @Test
    void seriesKeepTheirStyleInThePanelModel() {
        double[] x = {0, 1, 2};
        Plot.Panel p = new Plot.Panel("eos", "volume (Å³/atom)", "energy (eV/atom)").points("computed", x, new double[] {3, 1, 2})
                .add("fit", x, new double[] {3, 1, 2}).linePoints("images", x, new double[] {0, 1, 0});
        assertEquals(List.of(Plot.Style.MARKERS, Plot.Style.LINE, Plot.Style.LINE_AND_MARKERS), p.series().stream().map(Plot.Series::style).toList());
        assertEquals(List.of("computed", "fit", "images"), p.series().stream().map(Plot.Series::name).toList());
        assertArrayEquals(new double[] {3, 1, 2}, p.series().get(0).y(), 0);
    }

    private static boolean dark(int argb) {
        return ((argb >> 16) & 0xFF) + ((argb >> 8) & 0xFF) + (argb & 0xFF) < 300;
    }

    /** Pixels of the colour rgb in rows [y0, y1) of the image. */
    private static int count(BufferedImage img, int rgb, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        return n;
    }

    @Test
    void theLegendSitsAboveTheFrameAndMarkersAreDrawn() throws Exception {
        double[] x = {0, 1, 2, 3};
        double[] high = {1.4, 1.4, 1.4, 1.4};                 // data near the top edge, where a legend inside the frame would sit
        BufferedImage two = ImageIO.read(new ByteArrayInputStream(Plot.png(List.of(new Plot.Panel("t", "x", "y")
                .points("points", x, high).add("line", x, new double[] {0, 0.5, 1.0, 1.5})))));
        // the frame's top edge: the first dark row at two columns away from the title and the legend
        int top = 0;
        while (!(dark(two.getRGB(Plot.WIDTH / 4, top)) && dark(two.getRGB(Plot.WIDTH / 4 + 9, top)))) top++;
        assertTrue(count(two, 0x1F77B4, 0, top) > 10, "the first series' legend sample sits above the frame (row " + top + ")");
        assertTrue(count(two, 0xD62728, 0, top) > 10, "the second series' legend sample sits above the frame");
        int inside = count(two, 0x1F77B4, top, Plot.PANEL_HEIGHT);
        assertTrue(inside > 2 * 15, "filled markers inside the frame (two whole, two halved by its sides): " + inside + " px");
        BufferedImage one = ImageIO.read(new ByteArrayInputStream(Plot.png(List.of(new Plot.Panel("t", "x", "y").add("only", x, high)))));
        assertEquals(0, count(one, 0x1F77B4, 0, 25), "no legend for a single series");
    }

    @Test
    void mismatchedSeriesAndEmptyRangesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Plot.Panel("p", "x", "y").add("s", new double[2], new double[3]));
        assertTrue(e.getMessage().contains("'s'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Plot.Panel("p", "x", "y").yRange(1, 1));
    }
}
