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
    void mismatchedSeriesAndEmptyRangesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Plot.Panel("p", "x", "y").add("s", new double[2], new double[3]));
        assertTrue(e.getMessage().contains("'s'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Plot.Panel("p", "x", "y").yRange(1, 1));
    }
}
