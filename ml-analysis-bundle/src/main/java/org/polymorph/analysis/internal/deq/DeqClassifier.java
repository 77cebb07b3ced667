package org.polymorph.analysis.internal.deq;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.analysis.deq.DeqLayer;
import org.polymorph.analysis.deq.FixedPointSolver;
import org.polymorph.analysis.deq.InitFamily;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Losses;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The classifier of the initialisation study: pixels x (batch, d) → z* = tanh(z*·W + x·U + b) (the DEQ layer, x·U its
 * input projection) → logits z*·V + c (batch, classes). Standard parameterisation: the values are the weights.
 * At initialisation W is drawn from the family at scale σ (entry variance σ²/width), U ~ N(0, σ_u²/d), V ~ N(0, 1/width),
 * b = c = 0, from the keys foldIn(1), foldIn(2), foldIn(3) of the run's key (so the families of one seed share their
 * input projection and readout, and Gaussian and symmetric share the Gaussian draw behind W).
 */
final class DeqClassifier {
    private final DeqLayer layer;

    DeqClassifier(int width, FixedPointSolver solver) {
        this.layer = new DeqLayer(DeqLayer.TANH, width, solver, Implicit.LinearSolve.GMRES);
    }

    /** {"w", "u", "b", "v", "c"} as float64 tensors. */
    /** {@code inputScale} is σ_u: with standardised inputs, the pre-activations x·U have variance about σ_u². */
    Map<String, Tensor> init(TensorService ts, RandomKey key, InitFamily family, double sigma, double inputScale, int inputs, int classes) {
        int n = layer.width();
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", family.sample(ts, key.foldIn(1), n, sigma));
        p.put("u", ts.mul(ts.normal(key.foldIn(2), DType.FLOAT64, inputs, n), ts.scalar(DType.FLOAT64, inputScale / Math.sqrt(inputs))));
        p.put("b", ts.zeros(DType.FLOAT64, n));
        p.put("v", ts.mul(ts.normal(key.foldIn(3), DType.FLOAT64, n, classes), ts.scalar(DType.FLOAT64, 1 / Math.sqrt(n))));
        p.put("c", ts.zeros(DType.FLOAT64, classes));
        return p;
    }

    /** Logits (batch, classes) and the forward solve; throws FixedPointSolver.NotConvergedException when it misses. */
    Forward logits(AD ad, Map<String, Var> p, Var x) {
        Ops o = ad.ops();
        DeqLayer.Output out = layer.apply(ad, Map.of("w", p.get("w"), "u", p.get("u"), "b", p.get("b")), x);
        return new Forward(o.add(o.matmul(out.z(), p.get("v")), p.get("c")), out.forward());
    }

    /** Mean softmax cross-entropy over the batch, and the forward solve. */
    Forward loss(AD ad, Map<String, Var> p, Var x, Var labels) {
        Forward f = logits(ad, p, x);
        return new Forward(Losses.softmaxCrossEntropy(f.value(), labels), f.solve());
    }

    /** A value and the fixed-point solve behind it. */
    record Forward(Var value, FixedPointSolver.Solution solve) { }
}
