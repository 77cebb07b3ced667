package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * A pytree held as concrete Tensors, free of any autodiff engine: its structure and its leaves in
 * {@link Trees#flatten} order. Meta-training keeps θ, inner parameters and inner optimizer states
 * this way between truncations, so that each population member can thaw them on its own engine
 * (one per thread) and the outer loop can checkpoint them.
 */
record Frozen(Trees.Def def, List<Tensor> leaves) {
    Frozen {
        leaves = List.copyOf(leaves);
        if (def.leaves() != leaves.size()) {
            throw new IllegalArgumentException("frozen tree: the structure has " + def.leaves() + " leaves, got " + leaves.size());
        }
    }

    /** The current values of {@code tree}'s leaves (traced or not). */
    static Frozen of(Object tree, Ops ops) {
        Trees.Flat flat = Trees.flatten(tree, ops);
        List<Tensor> values = new ArrayList<>(flat.leaves().size());
        for (Var v : flat.leaves()) values.add(v.value());
        return new Frozen(flat.def(), values);
    }

    /** The structure of {@code like} with {@code values} as its leaves (a checkpoint's tensors). */
    static Frozen like(Object like, Ops ops, List<Tensor> values) {
        Trees.Flat flat = Trees.flatten(like, ops);
        if (flat.leaves().size() != values.size()) {
            throw new IllegalArgumentException("expected " + flat.leaves().size() + " tensors, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            Var v = flat.leaves().get(i);
            Tensor t = values.get(i);
            if (!v.shape().equals(t.shape()) || v.dtype() != t.dtype()) {
                throw new IllegalArgumentException("tensor " + i + " is " + t.dtype() + t.shape() + " where " + v.dtype() + v.shape()
                        + " is expected");
            }
        }
        return new Frozen(flat.def(), values);
    }

    /** {@code this + scale · other}, leaf by leaf (float64 leaves of one structure, e.g. θ and a perturbation). */
    Frozen plus(TensorService ts, Frozen other, double scale) {
        List<Tensor> out = new ArrayList<>(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            double[] a = ts.toDoubleArray(leaves.get(i));
            double[] b = ts.toDoubleArray(other.leaves.get(i));
            for (int j = 0; j < a.length; j++) a[j] += scale * b[j];
            out.add(ts.fromArray(a, leaves.get(i).shape().toArray()));
        }
        return new Frozen(def, out);
    }

    /** Leaves of this structure with entries {@code std · key.normal}: leaf i draws from {@code key.foldIn(i)}. */
    Frozen normalLike(TensorService ts, RandomKey key, double std) {
        List<Tensor> out = new ArrayList<>(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            Tensor l = leaves.get(i);
            double[] e = new double[(int) l.shape().size()];
            RandomKey k = key.foldIn(i);
            for (int j = 0; j < e.length; j++) e[j] = std * k.normal(j);
            out.add(ts.fromArray(e, l.shape().toArray()));
        }
        return new Frozen(def, out);
    }

    /** {@code scale · this}, leaf by leaf. */
    Frozen times(TensorService ts, double scale) {
        double[] v = flat(ts);
        for (int i = 0; i < v.length; i++) v[i] *= scale;
        return withFlat(ts, v);
    }

    /** Zeros of this structure (float64). */
    Frozen zeros(TensorService ts) {
        return withFlat(ts, new double[flat(ts).length]);
    }

    /** All leaves concatenated, row-major, as doubles. */
    double[] flat(TensorService ts) {
        int n = 0;
        for (Tensor t : leaves) n += (int) t.shape().size();
        double[] out = new double[n];
        int at = 0;
        for (Tensor t : leaves) {
            double[] d = ts.toDoubleArray(t);
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        return out;
    }

    /** This structure with leaves taken in order from {@code values} (as {@link #flat} lays them out). */
    Frozen withFlat(TensorService ts, double[] values) {
        List<Tensor> out = new ArrayList<>(leaves.size());
        int at = 0;
        for (Tensor t : leaves) {
            int n = (int) t.shape().size();
            out.add(ts.fromArray(java.util.Arrays.copyOfRange(values, at, at + n), t.shape().toArray()));
            at += n;
        }
        return new Frozen(def, out);
    }

    /** The tree with constant Var leaves of {@code ops}. */
    Object thaw(Ops ops) {
        List<Var> vars = new ArrayList<>(leaves.size());
        for (Tensor t : leaves) vars.add(ops.constant(t));
        return Trees.unflatten(def, vars);
    }
}
