package org.polymorph.autodiff.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class BenchAutodiffMethodTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();

    @Test
    void reportsTimingsForBothDtypesAndTinyOps() throws Exception {
        BenchAutodiffMethod m = new BenchAutodiffMethod(() -> ts, new AutodiffEngines());
        Result r = m.run(Params.of(Map.of("batch", 4, "hidden", 8, "repeats", 1, "budget_ms", 10, "torch", false)),
                org.polymorph.core.method.Progress.NONE, null);
        Map<?, ?> mlp = (Map<?, ?>) r.values().get("mlp");
        assertTrue(mlp.containsKey("float32") && mlp.containsKey("float64"), mlp.toString());
        Map<?, ?> tiny = (Map<?, ?>) r.values().get("tiny_3x3_ns");
        assertTrue(((Number) tiny.get("forward_and_backward_per_primitive")).doubleValue() > 0);
    }

    @Test
    void theBenchmarkLossHasCorrectGradientsAndHvp() {
        AD ad = new AutodiffEngines().create(ts);
        MlpBench b = new MlpBench(ad, DType.FLOAT64, 3, 5);
        java.util.List<Var> p = java.util.List.of(
                ad.ops().constant(ts.normal(org.polymorph.core.tensor.RandomKey.of(3), DType.FLOAT64, 784, 5)),
                ad.ops().constant(ts.zeros(DType.FLOAT64, 5)),
                ad.ops().constant(ts.normal(org.polymorph.core.tensor.RandomKey.of(4), DType.FLOAT64, 5, 5)),
                ad.ops().constant(ts.zeros(DType.FLOAT64, 5)),
                ad.ops().constant(ts.normal(org.polymorph.core.tensor.RandomKey.of(5), DType.FLOAT64, 5, 10)),
                ad.ops().constant(ts.zeros(DType.FLOAT64, 10)));
        new GradCheck(ad).check(v -> b.loss(java.util.List.of(v)), p.toArray(new Var[0]), 2);
        assertEquals(1, b.loss(p).size());
    }
}
