package org.polymorph.analysis.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.analysis.kernels.KernelPair;
import org.polymorph.analysis.kernels.Kernels;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class NtkAnalyticMethodTest {
    final TensorService ts = new ReferenceTensorService();
    final NtkAnalyticMethod method = new NtkAnalyticMethod(() -> ts, ServiceCatalog.of("dataset", Map.<String, DatasetProvider>of()));
    @TempDir Path dir;

    Result run(Map<String, String> raw) throws Exception {
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir.resolve("run")));
    }

    @Test
    void writesBothKernelsOfAPoolingCnnBetweenTwoFiles() throws Exception {
        Tensor x1 = ts.normal(RandomKey.of(1), DType.FLOAT64, 3, 4, 4, 2);
        Tensor x2 = ts.normal(RandomKey.of(2), DType.FLOAT64, 2, 4, 4, 2);
        NpyFiles.write(ts, dir.resolve("x1.npy"), x1);
        NpyFiles.write(ts, dir.resolve("x2.npy"), x2);
        String layers = "conv(out=4,kernel=3,padding=same,w_std=1.4,b_std=0.1),tanh,avg_pool(window=2,stride=1),"
                + "global_avg_pool,dense(out=1,w_std=1.2)";
        run(Map.of("layers", layers, "x1", dir.resolve("x1.npy").toString(), "x2", dir.resolve("x2.npy").toString(),
                "quadrature", "24"));
        KernelPair want = new Kernels(ts, 24).compute(NetworkSpec.parse(layers), x1, x2);
        Tensor nngp = NpyFiles.read(ts, dir.resolve("run/nngp.npy"));
        Tensor ntk = NpyFiles.read(ts, dir.resolve("run/ntk.npy"));
        assertArrayEquals(new int[] {3, 2}, ntk.shape().toArray());
        assertArrayEquals(ts.toDoubleArray(want.nngp()), ts.toDoubleArray(nngp), 0);
        assertArrayEquals(ts.toDoubleArray(want.ntk()), ts.toDoubleArray(ntk), 0);
    }

    @Test
    void randomInputsAndOneKernel() throws Exception {
        Result r = run(Map.of("layers", "dense(out=16),erf,dense(out=2)", "input_shape", "3", "x1", "random:4,3", "kernel", "ntk"));
        assertArrayEquals(new int[] {4, 4}, (int[]) r.values().get("shape"));
        assertTrue(Files.exists(dir.resolve("run/ntk.npy")));
        assertFalse(Files.exists(dir.resolve("run/nngp.npy")));
    }

    @Test
    void badInputNamesTheParameter() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(Map.of("layers", "conv(out=2,kernel=2),relu",
                "input_shape", "4,4,1")));
        assertTrue(e.getMessage().contains("layers") && e.getMessage().contains("flatten"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(Map.of("layers", "dense(out=2)", "input_shape", "3,x")));
        assertTrue(e.getMessage().contains("input_shape"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(Map.of("layers", "conv(out=4),global_avg_pool",
                "input_shape", "4,4,1", "spatial", "diagonal")));
        assertTrue(e.getMessage().contains("pixels"), e.getMessage());
    }
}
