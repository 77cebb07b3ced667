package org.polymorph.analysis.internal.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.analysis.ntk.Ntk;
import org.polymorph.analysis.ntk.NtkOptions;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.internal.AutodiffEngines;
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

class NtkEmpiricalMethodTest {
    final TensorService ts = new ReferenceTensorService();
    final NtkEmpiricalMethod method = new NtkEmpiricalMethod(() -> ts, new AutodiffEngines(),
            ServiceCatalog.of("dataset", Map.<String, DatasetProvider>of()));
    @TempDir Path dir;

    Result run(Map<String, String> raw) throws Exception {
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir.resolve("run")));
    }

    @Test
    void writesTheKernelAndParametersAndChecksTheOtherImplementations() throws Exception {
        Tensor x = ts.normal(RandomKey.of(4), DType.FLOAT64, 5, 6, 6, 1);
        NpyFiles.write(ts, dir.resolve("x.npy"), x);
        String layers = "conv(out=2,kernel=3,padding=same,b_std=0.1),relu,avg_pool(window=2,stride=2),flatten,dense(out=8,w_std=1.5),tanh,dense(out=3)";
        Map<String, String> raw = new HashMap<>(Map.of("layers", layers, "x1", dir.resolve("x.npy").toString(), "implementation", "sd",
                "trace_axes", "", "batch_size", "2", "check", "true", "seed", "5"));
        Result r = run(raw);
        assertEquals("sd", r.values().get("implementation"));
        Tensor written = NpyFiles.read(ts, dir.resolve("run/ntk.npy"));
        assertArrayEquals(new int[] {5, 5, 3, 3}, written.shape().toArray());
        Network net = new Network(NetworkSpec.parse(layers), new int[] {6, 6, 1});
        List<Map<String, Tensor>> params = NpyFiles.unflatten(NpyFiles.readNpz(ts, dir.resolve("run/params.npz")), net);
        Tensor want = Ntk.of(new AutodiffEngines().create(ts), net, NtkOptions.defaults().withTraceAxes()).compute(params, x, null);
        assertArrayEquals(ts.toDoubleArray(want), ts.toDoubleArray(written), 1e-12);
        double scale = java.util.Arrays.stream(ts.toDoubleArray(want)).map(Math::abs).max().orElseThrow();
        @SuppressWarnings("unchecked") Map<String, Object> diffs = (Map<String, Object>) r.values().get("max_abs_diff");
        assertEquals(List.of("jc", "vp"), List.copyOf(diffs.keySet()));
        for (Object d : diffs.values()) assertTrue(((Number) d).doubleValue() <= 1e-10 * scale, diffs.toString());
        assertTrue(Files.exists(dir.resolve("run/params.npz")));
    }

    @Test
    void randomInputsFollowInputShapeAndDefaultTrace() throws Exception {
        Result r = run(Map.of("layers", "dense(out=16),erf,dense(out=2)", "input_shape", "3", "x1", "random:4,3", "x2", "random:2,3"));
        assertArrayEquals(new int[] {4, 2}, (int[]) r.values().get("shape"));
        assertTrue(List.of("jc", "vp", "sd").contains(r.values().get("implementation")));
    }

    @Test
    void badAxesAreRefusedNamingTheParameter() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(Map.of("layers", "dense(out=2)", "input_shape", "3", "trace_axes", "x")));
        assertTrue(e.getMessage().contains("trace_axes"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(Map.of("layers", "dense(out=2)", "input_shape", "3", "trace_axes", "3")));
        assertTrue(e.getMessage().contains("trace_axes"), e.getMessage());
    }
}
