package org.polymorph.optimizers.internal.learned;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;

/**
 * Feature and output transforms shared by the per-parameter learned optimizers
 * (learned_optimization's mlp_lopt.py and adafac_mlp_lopt.py), and the check of θ against the
 * shapes an architecture expects.
 */
final class LoptFeatures {
    /** The time scales τ of the step embedding tanh(t/τ − 1) (mlp_lopt.py {@code _tanh_embedding}). */
    static final double[] TIMESCALES = {1, 3, 10, 30, 100, 300, 1000, 3000, 1e4, 3e4, 1e5};

    private LoptFeatures() { }

    /**
     * Per-tensor second-moment normalisation of the feature columns of {@code x} [n, F]:
     * {@code x · rsqrt(1e-5 + mean over the n rows of x²)} (mlp_lopt.py {@code _second_moment_normalizer}).
     */
    static Var normalize(Var x) {
        Ops o = x.ops();
        return x.mul(o.rsqrt(o.reduce(ReduceOp.MEAN, x.square(), true, 0).add(1e-5)));
    }

    /** The 11 step features tanh(t/τ − 1), one row [1, 11] of {@code dtype}, t the updates made before this one. */
    static Var stepEmbedding(Ops ops, long t, DType dtype) {
        double[] f = new double[TIMESCALES.length];
        for (int i = 0; i < f.length; i++) f[i] = Math.tanh(t / TIMESCALES[i] - 1.0);
        return asDtype(ops.constant(f, 1, f.length), dtype);
    }

    /**
     * The parameter change from the MLP's outputs {@code out} [n, 2] = (a, b):
     * {@code −a · exp(expMult · b) · stepMult}, reshaped to {@code shape} (the step is subtracted from p).
     */
    static Var update(Var out, double stepMult, double expMult, Shape shape) {
        Ops o = out.ops();
        Var a = o.sliceAxis(out, 1, 0, 1);
        Var b = o.sliceAxis(out, 1, 1, 2);
        return a.mul(o.exp(b.mul(expMult))).mul(-stepMult).reshape(shape.toArray());
    }

    /** {@code x} in {@code dtype} (cast only when it differs). */
    static Var asDtype(Var x, DType dtype) {
        return x.dtype() == dtype ? x : x.ops().cast(x, dtype);
    }

    /** A constant row of {@code values} [1, k] in {@code dtype}, for broadcasting against [n, k]. */
    static Var row(Ops ops, double[] values, DType dtype) {
        return asDtype(ops.constant(values, 1, values.length), dtype);
    }

    /**
     * θ as a map name → Var, checked against {@code shapes}: every tensor present with its shape,
     * no other tensor.
     *
     * @throws IllegalArgumentException naming the architecture, the tensor and the shapes
     */
    static Map<String, Var> theta(String architecture, Object theta, Map<String, Shape> shapes, Ops ops) {
        if (!(theta instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(architecture + ": meta-parameters must be a map of named tensors, got "
                    + (theta == null ? "nothing" : "a " + theta.getClass().getSimpleName()));
        }
        Map<String, Var> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            Object v = m.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException(architecture + ": meta-parameter '" + e.getKey() + "' is missing (expected shape "
                        + e.getValue() + "; present: " + m.keySet() + ")");
            }
            Var var = Trees.flatten(v, ops).leaves().size() == 1 ? Trees.flatten(v, ops).leaves().get(0) : null;
            if (var == null || !var.shape().equals(e.getValue())) {
                throw new IllegalArgumentException(architecture + ": meta-parameter '" + e.getKey() + "' has shape "
                        + (var == null ? "(not a tensor)" : var.shape()) + " but the configuration needs " + e.getValue());
            }
            out.put(e.getKey(), var);
        }
        for (Object k : m.keySet()) {
            if (!shapes.containsKey(String.valueOf(k))) {
                throw new IllegalArgumentException(architecture + ": meta-parameter '" + k + "' is not one of " + shapes.keySet());
            }
        }
        return out;
    }
}
