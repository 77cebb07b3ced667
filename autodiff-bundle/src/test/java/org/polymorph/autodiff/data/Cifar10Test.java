package org.polymorph.autodiff.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.autodiff.data.DataFixtures.TS;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.tensor.DType;

class Cifar10Test {
    @TempDir Path dir;

    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    /** Checks every NHWC element against the channel-major bytes of the records, numbered from first. */
    private static void assertPixels(Dataset d, int first) {
        boolean f32 = d.x().dtype() == DType.FLOAT32;
        double[] x = TS.toDoubleArray(d.x());
        int i = 0;
        for (int r = 0; r < d.size(); r++)
            for (int h = 0; h < 32; h++)
                for (int w = 0; w < 32; w++)
                    for (int c = 0; c < 3; c++, i++) {
                        double v = DataFixtures.cifarPixel(first + r, c, h, w) / 255.0;
                        assertEquals(f32 ? (float) v : v, x[i], 0.0,
                                "record " + r + " h " + h + " w " + w + " c " + c);
                    }
    }

    @Test
    void loadsNhwcPixelsAndLabelsExactly() throws Exception {
        Path f = DataFixtures.write(dir, "data_batch_1.bin", DataFixtures.cifarRecords(0, 3, 9, 0));
        Dataset d = Cifar10.load(TS, List.of(f), DType.FLOAT64, "tiny");
        assertArrayEquals(new int[] {3, 32, 32, 3}, d.x().shape().toArray());
        assertArrayEquals(new long[] {3, 9, 0}, TS.toLongArray(d.y()));
        assertEquals(DType.INT64, d.y().dtype());
        assertEquals(10, d.numClasses());
        assertPixels(d, 0);
    }

    @Test
    void directoryConcatenatesTrainBatchesInNumericOrder() throws Exception {
        Path base = dir.resolve("cifar-10-batches-bin");
        DataFixtures.write(base, "data_batch_10.bin", DataFixtures.cifarRecords(3, 5));
        DataFixtures.write(base, "data_batch_2.bin", DataFixtures.cifarRecords(1, 1, 2));
        DataFixtures.write(base, "data_batch_1.bin", DataFixtures.cifarRecords(0, 4));
        DataFixtures.write(base, "test_batch.bin", DataFixtures.cifarRecords(0, 8, 6));
        DataFixtures.write(base, "batches.meta.txt", "airplane\n".getBytes());
        Dataset train = Cifar10.loadDirectory(TS, dir, true, DType.FLOAT32);
        assertEquals("cifar10-train", train.name());
        assertEquals(DType.FLOAT32, train.x().dtype());
        assertArrayEquals(new long[] {4, 1, 2, 5}, TS.toLongArray(train.y()));
        assertPixels(train, 0);
        Dataset test = Cifar10.loadDirectory(TS, base, false, DType.FLOAT64);
        assertArrayEquals(new long[] {8, 6}, TS.toLongArray(test.y()));
        assertPixels(test, 0);
    }

    @Test
    void badRecordLengthNamesFileAndRecord() throws Exception {
        Path f = DataFixtures.write(dir, "data_batch_1.bin", DataFixtures.truncate(DataFixtures.cifarRecords(0, 1, 2), 5));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.load(TS, List.of(f), DType.FLOAT64, "t"));
        assertMessage(e, f.toString(), "6141 bytes", "3073", "record 1", "byte offset 3073");
    }

    @Test
    void labelOutOfRangeNamesFileAndRecord() throws Exception {
        Path good = DataFixtures.write(dir, "data_batch_1.bin", DataFixtures.cifarRecords(0, 1));
        Path bad = DataFixtures.write(dir, "data_batch_2.bin", DataFixtures.cifarRecords(0, 1, 11));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.load(TS, List.of(good, bad), DType.FLOAT64, "t"));
        assertMessage(e, bad.toString(), "record 1", "byte offset 3073", "label 11", "0..9");
    }

    @Test
    void emptyFileMissingDirectoryAndMissingFilesAreNamed() throws Exception {
        Path empty = DataFixtures.write(dir, "test_batch.bin", new byte[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadDirectory(TS, dir, false, DType.FLOAT64));
        assertMessage(e, empty.toString(), "empty");
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadDirectory(TS, dir, true, DType.FLOAT64));
        assertMessage(e, dir.toString(), "data_batch_<k>.bin", "cifar-10-binary");
        Path none = dir.resolve("none");
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.loadDirectory(TS, none, true, DType.FLOAT64));
        assertMessage(e, none.toString(), "not a directory");
        Path absent = dir.resolve("data_batch_9.bin");
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.load(TS, List.of(absent), DType.FLOAT64, "t"));
        assertMessage(e, absent.toString(), "does not exist");
    }
}
