package org.polymorph.analysis.internal.dks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * A fully connected network without normalisation or skips: x (n, in) → [dense, φ̂] × depth → dense → logits (n,
 * classes); parameters a flat list [W_0, b_0, W_1, b_1, ...], W_l (fan_in, fan_out), float64. Weights are drawn
 * orthogonal as DKS prescribes for dense layers (Martens et al. 2021, §"Parameter initialisation"): Haar-random
 * orthonormal columns (fan_in ≥ fan_out) or rows (fan_in &lt; fan_out, scaled by √(fan_out/fan_in)), so that the
 * squared length per unit q is kept; biases start at zero.
 */
final class DeepMlp {
    private final int inputs, width, depth, classes;
    private final ActivationTransform phi;

    DeepMlp(int inputs, int width, int depth, int classes, ActivationTransform phi) {
        this.inputs = inputs;
        this.width = width;
        this.depth = depth;
        this.classes = classes;
        this.phi = phi;
    }

    int depth() { return depth; }

    /** Orthogonal weights and zero biases, from {@code key} (layer l uses key.foldIn(l)). */
    List<Var> init(Ops o, RandomKey key) {
        TensorService ts = o.tensors();
        List<Var> params = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            int in = l == 0 ? inputs : width, out = l == depth ? classes : width;
            params.add(o.constant(ts.fromArray(orthogonal(in, out, key.foldIn(l)), in, out)));
            params.add(o.constant(ts.zeros(DType.FLOAT64, out)));
        }
        return params;
    }

    /** Logits (n, classes) for x (n, inputs). */
    Var apply(Ops o, List<Var> params, Var x) {
        Var h = x;
        for (int l = 0; l <= depth; l++) {
            h = h.matmul(params.get(2 * l)).add(params.get(2 * l + 1));
            if (l < depth) h = activation(o, h);
        }
        return h;
    }

    /** φ̂(h) = output_scale·(φ(input_scale·h + input_shift) + output_shift), elementwise. */
    Var activation(Ops o, Var h) {
        Var u = h.mul(phi.inputScale()).add(phi.inputShift());
        return base(o, phi.activation()).apply(u).add(phi.outputShift()).mul(phi.outputScale());
    }

    private static UnaryOperator<Var> base(Ops o, Activation a) {
        switch (a) {
            case TANH: return Var::tanh;
            case SIGMOID: return o::sigmoid;
            // log(1 + e^{−|u|}) + max(u, 0), stable for large |u|
            case SOFTPLUS: return u -> o.unary(UnaryOp.LOG1P, u.abs().neg().exp()).add(o.maximum(u, o.scalarLike(u, 0)));
            default: throw new IllegalArgumentException("activation " + a.id() + " is not offered for training; use tanh, softplus or sigmoid");
        }
    }

    /**
     * A Haar-random (in × out) matrix with orthonormal columns (in ≥ out) or rows (in &lt; out, then scaled by
     * √(out/in)): Gram–Schmidt (twice, for stability) of a Gaussian matrix, row-major.
     */
    static double[] orthogonal(int in, int out, RandomKey key) {
        int tall = Math.max(in, out), narrow = Math.min(in, out);
        double[][] cols = new double[narrow][tall];
        for (int j = 0; j < narrow; j++) for (int i = 0; i < tall; i++) cols[j][i] = key.normal((long) j * tall + i);
        for (int j = 0; j < narrow; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < tall; i++) d += cols[k][i] * cols[j][i];
                    for (int i = 0; i < tall; i++) cols[j][i] -= d * cols[k][i];
                }
            }
            double nrm = 0;
            for (int i = 0; i < tall; i++) nrm += cols[j][i] * cols[j][i];
            nrm = Math.sqrt(nrm);
            for (int i = 0; i < tall; i++) cols[j][i] /= nrm;
        }
        double scale = in < out ? Math.sqrt((double) out / in) : 1.0;
        double[] w = new double[in * out];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) w[r * out + c] = scale * (in >= out ? cols[c][r] : cols[r][c]);
        }
        return w;
    }
}
