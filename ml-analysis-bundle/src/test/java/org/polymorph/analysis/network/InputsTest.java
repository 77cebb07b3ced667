package org.polymorph.analysis.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class InputsTest {
    private final TensorService ts = new ReferenceTensorService();
    private final ServiceCatalog<DatasetProvider> catalog = DatasetCatalogs.standard();

    @Test
    void randomInputsAreSeededNormals(@TempDir Path cwd) {
        Tensor a = Inputs.load("random:6,4,4,3", ts, RandomKey.of(5), catalog, cwd);
        assertArrayEquals(new int[] {6, 4, 4, 3}, a.shape().toArray());
        assertEquals(DType.FLOAT64, a.dtype());
        assertArrayEquals(ts.toDoubleArray(a), ts.toDoubleArray(Inputs.load("random:6,4,4,3", ts, RandomKey.of(5), catalog, cwd)));
        assertTrue(ts.toDoubleArray(Inputs.load("random:6,4,4,3", ts, RandomKey.of(6), catalog, cwd))[0] != ts.toDoubleArray(a)[0]);
        Tensor flat = Inputs.load("x2", "random:6,48", new int[] {4, 4, 3}, ts, RandomKey.of(5), catalog, cwd);
        assertArrayEquals(new int[] {6, 4, 4, 3}, flat.shape().toArray());
    }

    @Test
    void npyFilesAreReadRelativeToTheWorkingDirectoryAsFloat64(@TempDir Path cwd) {
        NpyFiles.write(ts, cwd.resolve("x.npy"), ts.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Tensor x = Inputs.load("x.npy", ts, RandomKey.of(0), catalog, cwd);
        assertEquals(DType.FLOAT64, x.dtype());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ts.toDoubleArray(x));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Inputs.load("x1", "x.npy", new int[] {4}, ts, RandomKey.of(0), catalog, cwd));
        assertTrue(e.getMessage().contains("x1") && e.getMessage().contains("input_shape"), e.getMessage());
    }

    @Test
    void datasetInputsTakeTheFirstNExamples(@TempDir Path cwd) {
        Tensor x = Inputs.load("dataset:spirals:n=50:10", ts, RandomKey.of(1), catalog, cwd);
        assertEquals(10, x.dim(0));
        Tensor all = Inputs.load("dataset:spirals:n=50", ts, RandomKey.of(1), catalog, cwd);
        assertEquals(50, all.dim(0));
        double[] a = ts.toDoubleArray(all);
        double[] first = ts.toDoubleArray(x);
        for (int i = 0; i < first.length; i++) assertEquals(a[i], first[i]);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.load("dataset:spirals:n=50:99", ts, RandomKey.of(1), catalog, cwd));
        assertTrue(e.getMessage().contains("99") && e.getMessage().contains("50"), e.getMessage());
    }

    @Test
    void fashionMnistComesAsImages(@TempDir Path cwd) {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(Datasets.FASHION_MNIST_DIR)), "Fashion-MNIST not installed");
        Tensor x = Inputs.load("dataset:fashion-mnist:5", ts, RandomKey.of(0), catalog, cwd);
        assertArrayEquals(new int[] {5, 28, 28, 1}, x.shape().toArray());
        Tensor flat = Inputs.load("x1", "dataset:fashion-mnist:5", new int[] {784}, ts, RandomKey.of(0), catalog, cwd);
        assertArrayEquals(new int[] {5, 784}, flat.shape().toArray());
    }

    @Test
    void badSpecsNameTheParameterAndTheForms(@TempDir Path cwd) {
        assertBad("random:abc,3", "'abc'", "random:n,d1");
        assertBad("random:5", "example shape", "random:5,8");
        assertBad("", "empty", "dataset:");
        assertBad("missing.npy", "does not exist", "existing file");
        assertBad("dataset:nosuch", "nosuch", "spirals");
    }

    private void assertBad(String spec, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.load(spec, ts, RandomKey.of(0), catalog, Path.of(".")));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }
}
