package org.polymorph.optimizers.internal.learned;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activations;
import org.polymorph.autodiff.nn.Initializer;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * The small MLP a per-parameter learned optimizer applies to every parameter's feature row: layers
 * {@code widths[0] -> widths[1] -> ... -> widths[L]}, ReLU between layers and none after the last
 * (haiku's {@code hk.nets.MLP}, learned_optimization's mlp_lopt.py and the no-dependency notebook).
 * Its weights are the meta-parameters {@code w0, b0, w1, b1, ...}: {@code wi} of shape
 * {@code [widths[i], widths[i+1]]}, {@code bi} of shape {@code [widths[i+1]]}, float64.
 */
record PerParameterMlp(int[] widths) {
    PerParameterMlp {
        widths = widths.clone();
        if (widths.length < 2) throw new IllegalArgumentException("an MLP needs at least an input and an output width");
    }

    /** The number of layers. */
    int layers() { return widths.length - 1; }

    /** Fresh weights: {@code wi} from {@code init} with key {@code key.foldIn(i)}, zero biases. */
    Map<String, Var> init(Ops ops, RandomKey key, Initializer init) {
        Map<String, Var> theta = new LinkedHashMap<>();
        for (int i = 0; i < layers(); i++) {
            theta.put("w" + i, ops.constant(init.apply(ops.tensors(), key.foldIn(i), DType.FLOAT64, widths[i], widths[i + 1])));
            theta.put("b" + i, ops.constant(ops.tensors().zeros(DType.FLOAT64, widths[i + 1])));
        }
        return theta;
    }

    /**
     * The MLP applied to each row of {@code [x, shared]}: {@code x} [n, F] holds the per-parameter
     * features and {@code shared} [1, widths[0] - F] (or null when F = widths[0]) the features equal
     * for all rows (the training-step embedding), so that the first layer is
     * {@code x @ w0[:F] + shared @ w0[F:] + b0} without tiling {@code shared} n times. Result
     * [n, widths[L]]; one matmul per layer for all n rows. The weights are read from {@code theta} by name.
     */
    Var apply(Map<String, Var> theta, Var x, Var shared) {
        int f = x.dim(1);
        Var w0 = theta.get("w0");
        Var h;
        if (shared == null) {
            h = x.matmul(w0);
        } else {
            h = x.matmul(w0.ops().sliceAxis(w0, 0, 0, f)).add(shared.matmul(w0.ops().sliceAxis(w0, 0, f, widths[0])));
        }
        h = h.add(theta.get("b0"));
        for (int i = 1; i < layers(); i++) {
            h = Activations.relu(h).matmul(theta.get("w" + i)).add(theta.get("b" + i));
        }
        return h;
    }

    /** Puts the expected shapes of the weights into {@code shapes} (name to shape). */
    void shapes(Map<String, Shape> shapes) {
        for (int i = 0; i < layers(); i++) {
            shapes.put("w" + i, Shape.of(widths[i], widths[i + 1]));
            shapes.put("b" + i, Shape.of(widths[i + 1]));
        }
    }
}
