package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Lookup of integer ids [...] (INT32/INT64, each in [0, vocab)) in a table [vocab, dim] → [..., dim].
 * A gather ({@code take} along axis 0); its VJP scatter-adds into the table's rows. Ids outside
 * [0, vocab) are an error (no wrap-around).
 */
public final class Embedding implements StatelessLayer {
    private final int vocab;
    private final int dim;
    private final Initializer init;

    /** @param table [vocab, dim] */
    public record Params(Var table) { }

    /** Table initialised N(0, 1). */
    public Embedding(int vocab, int dim) { this(vocab, dim, Initializers.gaussian(1.0)); }

    public Embedding(int vocab, int dim, Initializer init) {
        Checks.positive(vocab, "vocab", "Embedding");
        Checks.positive(dim, "dim", "Embedding");
        this.vocab = vocab;
        this.dim = dim;
        this.init = init;
    }

    @Override public Params initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        return new Params(ops.constant(init.apply(ops.tensors(), key, dtype, vocab, dim)));
    }

    @Override public Shape outputShape(Shape in) {
        int[] s = java.util.Arrays.copyOf(in.toArray(), in.rank() + 1);
        s[in.rank()] = dim;
        return Shape.of(s);
    }

    @Override public Var apply(Object params, Var ids, Context ctx) {
        Params p = Checks.params(params, Params.class, "Embedding");
        if (!ids.dtype().isInteger()) throw new IllegalArgumentException("Embedding: ids must be INT32 or INT64, got " + ids.dtype());
        if (p.table().rank() != 2 || p.table().dim(0) != vocab) {
            throw new IllegalArgumentException("Embedding: table must be [" + vocab + ", dim], got " + p.table().shape());
        }
        Ops o = ids.ops();
        for (long id : o.tensors().toLongArray(ids.value())) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("Embedding: id " + id + " is outside [0, " + vocab + "); map it into the vocabulary");
            }
        }
        return o.take(p.table(), ids, 0);
    }

    @Override public String toString() { return "Embedding(" + vocab + ", " + dim + ")"; }
}
