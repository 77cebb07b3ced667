package org.polymorph.autodiff.nn;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;

/** Layers inside other transformations: vmap (per-example calls) and second-order checks. */
class LayersUnderTransformsTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    @Test
    void vmapOfConvMatchesTheBatchedCall() {
        Conv2D conv = new Conv2D(2, 3, 3).strides(2, 2).padding(Padding.SAME);
        Layer.Init init = n.init(conv, 0, 1, 5, 5, 2);
        Var xs = t.normal(1, 3, 1, 5, 5, 2);
        Var batched = t.ad.vmap((Var x) -> conv.apply(init.params(), x, Context.eval())).apply(xs);
        Var loop = conv.apply(init.params(), xs.reshape(3, 5, 5, 2), Context.eval());
        t.assertClose(loop.reshape(batched.shape().toArray()), batched, 1e-13);
    }

    @Test
    void vmapOfMaxPoolAndAttentionMatchesTheBatchedCall() {
        Var xs = t.normal(2, 3, 1, 4, 4, 2);
        MaxPool2D mp = new MaxPool2D(2, 2).padding(Padding.SAME);
        Var b = t.ad.vmap((Var x) -> mp.apply(Layer.noState(), x, Context.eval())).apply(xs);
        t.assertClose(mp.apply(Layer.noState(), xs.reshape(3, 4, 4, 2), Context.eval()).reshape(b.shape().toArray()), b, 0);
        MultiHeadAttention mha = new MultiHeadAttention(2, 2);
        Layer.Init init = n.init(mha, 0, 1, 3, 4);
        Var qs = t.normal(3, 2, 1, 3, 4);
        Var a = t.ad.vmap((Var x) -> mha.apply(init.params(), x, Context.eval())).apply(qs);
        t.assertClose(mha.apply(init.params(), qs.reshape(2, 3, 4), Context.eval()).reshape(a.shape().toArray()), a, 1e-13);
    }

    @Test
    void secondOrderThroughLayerNormAndSoftplus() {
        LayerNorm ln = new LayerNorm();
        Layer.Init init = n.init(ln, 0, 2, 4);
        t.check.check(v -> Activations.softplus(ln.apply(init.params(), v[0], Context.eval())), new Var[] {t.normal(4, 2, 4)}, 2);
    }
}
