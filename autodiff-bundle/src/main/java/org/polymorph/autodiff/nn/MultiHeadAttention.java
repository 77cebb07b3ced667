package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017). For queries [batch, tq, d] and
 * context [batch, tk, d]: per head h, softmax(q_h·k_hᵀ/√dk + mask)·v_h, heads concatenated and
 * projected back to d. Projections are {@link Dense} maps: q, k, v [d, heads·dk], out [heads·dk, d].
 * As a layer it is self-attention (optionally causal); {@link #attend} gives cross-attention and
 * arbitrary masks.
 */
public final class MultiHeadAttention implements StatelessLayer {
    /** Logit given to masked positions: large but finite, so a fully masked row stays finite. */
    private static final double MASKED = -1e9;

    private final int heads;
    private final int headDim;
    private final boolean causal;

    public record Params(Dense.Params query, Dense.Params key, Dense.Params value, Dense.Params out) { }

    public MultiHeadAttention(int heads, int headDim) { this(heads, headDim, false); }

    /** @param causal position i attends to positions ≤ i only (self-attention) */
    public MultiHeadAttention(int heads, int headDim, boolean causal) {
        Checks.positive(heads, "heads", "MultiHeadAttention");
        Checks.positive(headDim, "headDim", "MultiHeadAttention");
        this.heads = heads;
        this.headDim = headDim;
        this.causal = causal;
    }

    @Override public Params initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.rank(inputShape, 3, "MultiHeadAttention", "[batch, t, d]");
        int d = inputShape.dim(2);
        int inner = heads * headDim;
        RandomKey[] k = key.split(4);
        Shape in = Shape.of(1, d);
        return new Params(new Dense(inner).initParams(ops, k[0], in, dtype),
                new Dense(inner).initParams(ops, k[1], in, dtype),
                new Dense(inner).initParams(ops, k[2], in, dtype),
                new Dense(d).initParams(ops, k[3], Shape.of(1, inner), dtype));
    }

    @Override public Shape outputShape(Shape inputShape) {
        Checks.rank(inputShape, 3, "MultiHeadAttention", "[batch, t, d]");
        return inputShape;
    }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Params p = Checks.params(params, Params.class, "MultiHeadAttention");
        return attend(p, x, x, causal ? causalMask(x.ops(), x.dim(1)) : null);
    }

    /**
     * Attention of {@code query} [batch, tq, d] over {@code context} [batch, tk, d].
     *
     * @param mask BOOL, broadcastable to [batch, heads, tq, tk], true where attention is allowed; or null
     * @return [batch, tq, d_out] with d_out the output projection's width
     */
    public Var attend(Params p, Var query, Var context, Var mask) {
        Checks.rank(query.shape(), 3, "MultiHeadAttention", "[batch, tq, d] (query)");
        Checks.rank(context.shape(), 3, "MultiHeadAttention", "[batch, tk, d] (context)");
        Ops o = query.ops();
        Var q = splitHeads(Dense.dense(p.query(), query));              // [b, h, tq, dk]
        Var k = splitHeads(Dense.dense(p.key(), context));              // [b, h, tk, dk]
        Var v = splitHeads(Dense.dense(p.value(), context));            // [b, h, tk, dk]
        Var logits = o.matmul(q, o.transpose(k, 0, 1, 3, 2)).mul(1.0 / Math.sqrt(headDim));  // [b, h, tq, tk]
        if (mask != null) {
            if (mask.dtype() != org.polymorph.core.tensor.DType.BOOL) {
                throw new IllegalArgumentException("MultiHeadAttention: mask must be BOOL, got " + mask.dtype());
            }
            logits = o.where(mask, logits, o.scalarLike(logits, MASKED));
        }
        Var weights = Activations.softmax(logits, -1);
        Var heads = o.matmul(weights, v);                               // [b, h, tq, dk]
        Var merged = o.reshape(o.transpose(heads, 0, 2, 1, 3), query.dim(0), query.dim(1), this.heads * headDim);
        return Dense.dense(p.out(), merged);
    }

    /** BOOL [t, t], true on and below the diagonal. */
    public static Var causalMask(Ops ops, int t) {
        boolean[] m = new boolean[t * t];
        for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) m[i * t + j] = true;
        return ops.constant(ops.tensors().fromArray(m, t, t));
    }

    private Var splitHeads(Var x) {                                     // [b, t, h·dk] → [b, h, t, dk]
        Ops o = x.ops();
        return o.transpose(o.reshape(x, x.dim(0), x.dim(1), heads, headDim), 0, 2, 1, 3);
    }

    @Override public String toString() { return "MultiHeadAttention(" + heads + " x " + headDim + (causal ? ", causal)" : ")"); }
}
