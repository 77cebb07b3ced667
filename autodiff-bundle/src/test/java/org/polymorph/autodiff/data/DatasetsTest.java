package org.polymorph.autodiff.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.autodiff.data.DataFixtures.TS;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;

class DatasetsTest {
    private static final RandomKey KEY = RandomKey.of(11);
    static final ServiceCatalog<DatasetProvider> CATALOG = DatasetCatalogs.standard();
    @TempDir Path dir;

    private static void assertBad(String spec, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(CATALOG, TS, spec, KEY, DType.FLOAT64));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    @Test
    void syntheticSpecsUseDefaultsAndOptions() {
        assertArrayEquals(new int[] {1000, 2}, Datasets.load(CATALOG, TS, "spirals", KEY, DType.FLOAT32).x().shape().toArray());
        Dataset s = Datasets.load(CATALOG, TS, " Spirals: n=50, noise=0 ", KEY, DType.FLOAT64);
        assertArrayEquals(TS.toDoubleArray(Synthetic.twoSpirals(TS, KEY, 50, 0, DType.FLOAT64).x()), TS.toDoubleArray(s.x()), 0.0);
        Dataset b = Datasets.load(CATALOG, TS, "BLOBS:n=30,classes=5,dim=4", KEY, DType.FLOAT64);
        assertArrayEquals(new int[] {30, 4}, b.x().shape().toArray());
        assertEquals(5, b.numClasses());
        Dataset t = Datasets.load(CATALOG, TS, "teacher:n=20,in=3,out=2,hidden=4", KEY, DType.FLOAT64);
        assertArrayEquals(new int[] {20, 2}, t.y().shape().toArray());
        assertEquals(0, t.numClasses());
    }

    @Test
    void loadSplitHoldsOutTheTailOfSyntheticData() {
        Dataset.Split s = Datasets.loadSplit(CATALOG, TS, "blobs:n=100", KEY, DType.FLOAT64, 0.2);
        assertEquals(80, s.train().size());
        assertEquals(20, s.test().size());
    }

    @Test
    void fileSpecsLoadTrainAndTestFiles() throws Exception {
        Path mnist = dir.resolve("mnist");
        DataFixtures.write(mnist, "train-images-idx3-ubyte.gz", DataFixtures.gzip(DataFixtures.idxImages(0x803, 3, 2, 2)));
        DataFixtures.write(mnist, "train-labels-idx1-ubyte.gz", DataFixtures.gzip(DataFixtures.idxLabels(0x801, 1, 2, 3)));
        DataFixtures.write(mnist, "t10k-images.idx3-ubyte", DataFixtures.idxImages(0x803, 2, 2, 2));
        DataFixtures.write(mnist, "t10k-labels.idx1-ubyte", DataFixtures.idxLabels(0x801, 4, 5));
        Dataset.Split m = Datasets.loadSplit(CATALOG, TS, "mnist:" + mnist, null, DType.FLOAT32, 0.5);
        assertEquals(3, m.train().size());
        assertArrayEquals(new long[] {4, 5}, TS.toLongArray(m.test().y()));
        assertEquals(3, Datasets.load(CATALOG, TS, "mnist:" + mnist, null, DType.FLOAT32).size());

        Path cifar = dir.resolve("cifar");
        DataFixtures.write(cifar, "data_batch_1.bin", DataFixtures.cifarRecords(0, 1, 2));
        DataFixtures.write(cifar, "test_batch.bin", DataFixtures.cifarRecords(0, 3));
        Dataset.Split c = Datasets.loadSplit(CATALOG, TS, "cifar10:" + cifar, null, DType.FLOAT32, 0.5);
        assertArrayEquals(new int[] {2, 32, 32, 3}, c.train().x().shape().toArray());
        assertArrayEquals(new long[] {3}, TS.toLongArray(c.test().y()));
    }

    @Test
    void badSpecsNameTheValueAndListTheForms() {
        assertBad("imagenet", "'imagenet'", "unknown dataset name", "mnist:<dir>", "spirals[:n=1000,noise=0.1]");
        assertBad("", "empty", "cifar10:<dir>");
        assertBad("spirals:m=3", "unknown option 'm'", "[n, noise]");
        assertBad("blobs:n=abc", "n='abc'", "not an integer");
        assertBad("teacher:noise=x", "noise='x'", "not a number");
        assertBad("spirals:n", "option 'n' has no value");
        assertBad("spirals:n=5,n=6", "given twice");
        assertBad("spirals:n=1", "spirals:n=1", "n is 1");
        assertBad("mnist", "needs a directory", "mnist:<dir>");
        assertBad("mnist:" + dir.resolve("absent"), "absent", "not a directory");
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(CATALOG, TS, "spirals", null, DType.FLOAT64));
        assertTrue(e.getMessage().contains("RandomKey"), e.getMessage());
    }

    @Test
    void everyProviderHasAFormAndFileSetsAreImages() {
        assertEquals(java.util.List.of("spirals[:n=1000,noise=0.1]", "blobs[:n=1000,classes=3,dim=2,spread=0.5]",
                "teacher[:n=1000,in=8,out=1,hidden=32,noise=0.05]", "mnist:<dir>", "fashion-mnist[:<dir>]", "cifar10:<dir>"),
                Datasets.forms(CATALOG));
        assertArrayEquals(new int[] {32, 32, 3}, Datasets.provider(CATALOG, "CIFAR10:/x").imageShape());
        assertEquals(null, Datasets.provider(CATALOG, "blobs").imageShape());
    }

    @Test
    void fashionMnistLoadsFromDebiansDirectoryByDefault() {
        Path d = Path.of(Datasets.FASHION_MNIST_DIR);
        Assumptions.assumeTrue(Files.isRegularFile(d.resolve("t10k-labels-idx1-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed (" + d + ")");
        Dataset.Split s = Datasets.loadSplit(CATALOG, TS, "fashion-mnist", null, DType.FLOAT32, 0.2);
        assertArrayEquals(new int[] {60_000, 784}, s.train().x().shape().toArray());
        assertEquals(10_000, s.test().size());
        assertEquals(10, s.test().numClasses());
        long[] y = TS.toLongArray(s.test().y());
        int[] perClass = new int[10];
        for (long v : y) perClass[(int) v]++;
        for (int c : perClass) assertEquals(1000, c);   // the Fashion-MNIST test set holds 1000 images per class
        var e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(CATALOG, TS, "fashion-mnist:" + dir.resolve("none"), null, DType.FLOAT32));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("not a directory"), e.getMessage());
    }
}
