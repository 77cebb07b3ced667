package org.polymorph.analysis.ntk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Structured derivatives (arXiv 2206.08720 §3.3, neural-tangents {@code NtkImplementation.STRUCTURED_DERIVATIVES})
 * for a {@link org.polymorph.analysis.network.Network}. One forward pass per tile keeps each layer's input X_l; the O
 * output cotangents are pulled back layer by layer (vmapped VJPs of one layer w.r.t. its input: elementwise, pooling
 * and reshape layers pass them through their diagonal, averaging and permutation Jacobians without forming them),
 * giving G_l (O, n, out_l), ∂f_q/∂y_l at each parameterised layer's output. Then, per layer:
 * <ul>
 * <li>dense on (n, in), y = s·X·W + β·b with s = w_std/√in: ∂y_k/∂W_mk' = s·X_m·δ_kk', so
 *     Θ_l[a, q, b, r] = (s²·X1_a·X2_b + β²) · Σ_k G1[q, a, k]·G2[r, b, k]; no Jacobian is formed;</li>
 * <li>conv (and dense on higher-rank inputs): the per-row Jacobian of the layer's parameters is the VJP of that one
 *     layer with the row's cotangents G_l (no backward pass through the rest of the network), contracted as in
 *     Jacobian contraction.</li>
 * </ul>
 */
final class StructuredDerivatives extends RowStateKernel<StructuredDerivatives.Pass> {
    private final AD ad;
    private final Ops o;
    private final TensorService ts;
    private final NetworkStructure net;
    private final List<Map<String, Var>> params;
    private final KernelLayout layout;

    /** Inputs X_l (n, in_l...) of every layer and cotangents G_l (O, n, out_l...) at the output of parameterised layers. */
    record Pass(int n, List<Var> inputs, Map<Integer, Var> cotangents) { }

    @SuppressWarnings("unchecked")
    StructuredDerivatives(AD ad, NetworkStructure net, Object params, KernelLayout layout) {
        this.ad = ad;
        this.o = ad.ops();
        this.ts = o.tensors();
        this.net = net;
        this.params = (List<Map<String, Var>>) ParamsFunction.asVars(params, o);
        this.layout = layout;
    }

    @Override
    double[] block(Pass p1, Pass p2, int n1, int n2) {
        double[] out = new double[(int) layout.blockSize(p1.n(), p2.n())];
        List<Tensor> j1 = new ArrayList<>();
        List<Tensor> j2 = new ArrayList<>();
        for (int l : p1.cotangents().keySet()) {
            if (net.isFlatDense(l)) {
                add(out, dense(l, p1, p2));
            } else {
                for (Var v : rowJacobians(l, p1)) j1.add(v.value());
                if (p2 != p1) for (Var v : rowJacobians(l, p2)) j2.add(v.value());
            }
        }
        if (!j1.isEmpty()) add(out, layout.contractTensors(ts, j1, p2 == p1 ? j1 : j2, p1.n(), p2.n()));
        return out;
    }

    private static void add(double[] acc, double[] v) {
        for (int i = 0; i < acc.length; i++) acc[i] += v[i];
    }

    /** Forward pass keeping layer inputs, then the output basis pulled back to every parameterised layer. */
    @Override
    Pass state(Tensor x) {
        int layers = net.layers.size();
        int first = 0;
        while (first < layers && !net.spec(first).hasParams()) first++;
        List<Var> inputs = new ArrayList<>();
        List<Function<Var, Var>> pullbacks = new ArrayList<>();
        Var h = o.constant(x);
        for (int i = 0; i < layers; i++) {
            inputs.add(h);
            int layer = i;
            Function<Var, Var> fi = hh -> net.apply(ad, layer, params.get(layer), hh);
            if (i > first) {
                VjpResult<Var, Var> r = ad.vjp(fi, h);
                pullbacks.add(r.pullback());
                h = r.out();
            } else {
                pullbacks.add(null);
                h = fi.apply(h);
            }
        }
        int n = x.shape().dim(0);
        int outSize = layout.outSize();
        int[] os = h.shape().toArray();                               // (n, out...)
        int[] basisShape = new int[os.length + 1];
        basisShape[0] = outSize;
        System.arraycopy(os, 0, basisShape, 1, os.length);
        int[] one = basisShape.clone();
        one[1] = 1;
        Var g = o.constant(ts.broadcastTo(ts.reshape(ts.eye(DType.FLOAT64, outSize), one), basisShape));   // (O, n, out...)
        Map<Integer, Var> cot = new HashMap<>();
        for (int i = layers - 1; i >= first; i--) {
            if (net.spec(i).hasParams()) cot.put(i, g);
            if (i > first) g = ad.vmap(pullbacks.get(i)).apply(g);
        }
        return new Pass(n, inputs, new java.util.TreeMap<>(cot));
    }

    /** The dense rule: (s²·X1·X2ᵀ + β²) ⊙ (G1·G2ᵀ) in the kernel layout. */
    private double[] dense(int l, Pass p1, Pass p2) {
        var spec = net.spec(l);
        Tensor x1 = p1.inputs().get(l).value();
        Tensor x2 = p2.inputs().get(l).value();
        int in = x1.shape().dim(1);
        double s = spec.doubleArg("w_std") / Math.sqrt(in);
        double beta = spec.doubleArg("b_std");
        int n1 = p1.n();
        int n2 = p2.n();
        int outSize = layout.outSize();
        Tensor factor = ts.add(ts.mul(ts.matmul(x1, ts.transpose(x2, 1, 0)), ts.scalar(DType.FLOAT64, s * s)),
                ts.scalar(DType.FLOAT64, beta * beta));                                     // (n1, n2)
        Tensor g1 = ts.transpose(p1.cotangents().get(l).value(), 1, 0, 2);                  // (n1, O, k)
        Tensor g2 = ts.transpose(p2.cotangents().get(l).value(), 1, 0, 2);
        int k = g1.shape().dim(2);
        if (layout.allTraced()) {
            Tensor gg = ts.matmul(ts.reshape(g1, n1, outSize * k), ts.transpose(ts.reshape(g2, n2, outSize * k), 1, 0));
            return ts.toDoubleArray(ts.mul(factor, gg));
        }
        Tensor gg = ts.reshape(ts.matmul(ts.reshape(g1, n1 * outSize, k), ts.transpose(ts.reshape(g2, n2 * outSize, k), 1, 0)),
                n1, outSize, n2, outSize);
        return layout.reduce(ts.toDoubleArray(ts.mul(gg, ts.reshape(factor, n1, 1, n2, 1))), n1, n2);
    }

    /** Per row, the Jacobian of layer l's parameters ("w", "b") from its input row and cotangents: (n, O, shape...). */
    private List<Var> rowJacobians(int l, Pass p) {
        Map<String, Var> lp = params.get(l);
        List<Var> wb = List.of(lp.get("w"), lp.get("b"));
        Var g = p.cotangents().get(l);
        int[] perm = new int[g.rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[0] = 1;
        perm[1] = 0;
        Var gRows = o.transpose(g, perm);                                                    // (n, O, out...)
        Function<List<Var>, List<Var>> perRow = xs -> {
            Var xa = o.expandDims(xs.get(0), 0);
            VjpResult<List<Var>, Var> r = ad.vjp(ps -> net.apply(ad, l, Map.of("w", ps.get(0), "b", ps.get(1)), xa), wb);
            return ad.vmap((Var ct) -> r.pullback().apply(o.expandDims(ct, 0))).apply(xs.get(1));
        };
        return ad.vmap(perRow).apply(List.of(p.inputs().get(l), gRows));
    }
}
