package org.polymorph.autodiff.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.autodiff.data.DataFixtures.TS;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.tensor.DType;

class IdxTest {
    @TempDir Path dir;

    private Path images(String name, byte[] data) throws Exception { return DataFixtures.write(dir, name, data); }

    private Path goodImages() throws Exception { return images("train-images-idx3-ubyte", DataFixtures.idxImages(0x803, 3, 2, 2)); }

    private Path goodLabels() throws Exception { return images("train-labels-idx1-ubyte", DataFixtures.idxLabels(0x801, 7, 0, 9)); }

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    @Test
    void loadsShapesLabelsAndScaledPixelsExactly() throws Exception {
        Dataset d = Idx.load(TS, goodImages(), goodLabels(), DType.FLOAT64, "tiny");
        assertArrayEquals(new int[] {3, 4}, d.x().shape().toArray());
        assertEquals(DType.FLOAT64, d.x().dtype());
        assertEquals(DType.INT64, d.y().dtype());
        assertEquals(10, d.numClasses());
        assertArrayEquals(new long[] {7, 0, 9}, TS.toLongArray(d.y()));
        double[] x = TS.toDoubleArray(d.x());
        for (int k = 0; k < 12; k++) assertEquals(DataFixtures.idxPixel(k) / 255.0, x[k], 0.0, "pixel " + k);
        assertEquals(0.0, x[0], 0.0);
        assertEquals(1.0, x[1], 0.0);
    }

    @Test
    void float32PixelsAreRoundedScaledBytes() throws Exception {
        Dataset d = Idx.load(TS, goodImages(), goodLabels(), DType.FLOAT32, "tiny");
        assertEquals(DType.FLOAT32, d.x().dtype());
        float[] x = TS.toFloatArray(d.x());
        for (int k = 0; k < 12; k++) assertEquals((float) (DataFixtures.idxPixel(k) / 255.0), x[k], 0f, "pixel " + k);
    }

    @Test
    void gzipFilesInADirectoryLoadLikePlainOnes() throws Exception {
        byte[] img = DataFixtures.idxImages(0x803, 3, 2, 2), lab = DataFixtures.idxLabels(0x801, 7, 0, 9);
        DataFixtures.write(dir, "train-images-idx3-ubyte", img);
        DataFixtures.write(dir, "train-labels-idx1-ubyte", lab);
        DataFixtures.write(dir, "t10k-images-idx3-ubyte.gz", DataFixtures.gzip(img));
        DataFixtures.write(dir, "t10k-labels-idx1-ubyte.gz", DataFixtures.gzip(lab));
        Dataset train = Idx.loadDirectory(TS, dir, true, DType.FLOAT64);
        Dataset test = Idx.loadDirectory(TS, dir, false, DType.FLOAT64);
        assertEquals("mnist-train", train.name());
        assertEquals("mnist-test", test.name());
        assertArrayEquals(TS.toDoubleArray(train.x()), TS.toDoubleArray(test.x()), 0.0);
        assertArrayEquals(TS.toLongArray(train.y()), TS.toLongArray(test.y()));
    }

    @Test
    void badMagicNamesFileOffsetAndValue() throws Exception {
        Path img = images("img", DataFixtures.idxImages(0x12345678, 3, 2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, img, goodLabels(), DType.FLOAT64, "t"));
        assertMessage(e, img.toString(), "byte offset 0", "0x12345678", "0x00000803");
    }

    @Test
    void swappedFilesAreReportedAsSwapped() throws Exception {
        Path img = goodImages(), lab = goodLabels();
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, lab, img, DType.FLOAT64, "t"));
        assertMessage(e, lab.toString(), "0x00000801", "swapped");
    }

    @Test
    void truncatedPixelsNameFileAndSizes() throws Exception {
        Path img = images("img", DataFixtures.truncate(DataFixtures.idxImages(0x803, 3, 2, 2), 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, img, goodLabels(), DType.FLOAT64, "t"));
        assertMessage(e, img.toString(), "truncated", "28 bytes", "27");
    }

    @Test
    void truncatedHeaderAndTrailingBytesAreErrors() throws Exception {
        Path shortHeader = images("h", java.util.Arrays.copyOf(DataFixtures.idxImages(0x803, 3, 2, 2), 10));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, shortHeader, goodLabels(), DType.FLOAT64, "t"));
        assertMessage(e, shortHeader.toString(), "truncated", "16");
        byte[] lab = DataFixtures.idxLabels(0x801, 1, 2, 3);
        Path longLabels = images("l", java.util.Arrays.copyOf(lab, lab.length + 2));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, goodImages(), longLabels, DType.FLOAT64, "t"));
        assertMessage(e, longLabels.toString(), "2 trailing bytes");
    }

    @Test
    void countMismatchNamesBothFiles() throws Exception {
        Path lab = images("lab", DataFixtures.idxLabels(0x801, 1, 2));
        Path img = goodImages();
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, img, lab, DType.FLOAT64, "t"));
        assertMessage(e, img.toString(), lab.toString(), "3 images", "2 labels");
    }

    @Test
    void labelOutOfRangeNamesFileAndOffset() throws Exception {
        Path lab = images("lab", DataFixtures.idxLabels(0x801, 1, 11, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, goodImages(), lab, DType.FLOAT64, "t"));
        assertMessage(e, lab.toString(), "byte offset 9", "is 11", "0..9");
    }

    @Test
    void missingFileAndDirectoryAreNamed() throws Exception {
        Path absent = dir.resolve("nope-idx3-ubyte");
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, absent, goodLabels(), DType.FLOAT64, "t"));
        assertMessage(e, absent.toString(), "does not exist", "download");
        e = assertThrows(IllegalArgumentException.class, () -> Idx.loadDirectory(TS, dir, false, DType.FLOAT64));
        assertMessage(e, dir.toString(), "t10k-images-idx3-ubyte");
        Path noDir = dir.resolve("missing");
        e = assertThrows(IllegalArgumentException.class, () -> Idx.loadDirectory(TS, noDir, true, DType.FLOAT64));
        assertMessage(e, noDir.toString(), "not a directory");
    }

    @Test
    void corruptGzipNamesFile() throws Exception {
        byte[] gz = DataFixtures.gzip(DataFixtures.idxImages(0x803, 3, 2, 2));
        Path img = images("img.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, img, goodLabels(), DType.FLOAT64, "t"));
        assertMessage(e, img.toString(), "gzip");
    }

    @Test
    void integerFeatureDtypeIsRejected() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(TS, goodImages(), goodLabels(), DType.INT32, "t"));
        assertMessage(e, "int32", "float32 or float64");
    }
}
