package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class EmbeddingTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    private Var ids(int[] v, int... shape) { return t.o.constant(t.ts.fromArray(v, shape)); }

    @Test
    void lookupReturnsTableRows() {
        Embedding emb = new Embedding(5, 3);
        Layer.Init init = n.init(emb, 0, 2, 3);
        assertEquals(Shape.of(2, 3, 3), init.outputShape());
        Embedding.Params p = (Embedding.Params) init.params();
        int[] idv = {4, 0, 2, 2, 1, 4};
        Var y = emb.apply(p, init.state(), ids(idv, 2, 3), Context.eval()).y();
        assertEquals(Shape.of(2, 3, 3), y.shape());
        double[] table = t.values(p.table());
        double[] want = new double[18];
        for (int i = 0; i < 6; i++) System.arraycopy(table, idv[i] * 3, want, i * 3, 3);
        t.assertClose(want, y, 0);
        // INT64 ids work too
        Var y64 = emb.apply(p, t.o.constant(t.ts.fromArray(new long[] {4, 0, 2, 2, 1, 4}, 2, 3)), Context.eval());
        t.assertClose(want, y64, 0);
    }

    @Test
    void gradientAccumulatesRepeatedIds() {
        Embedding emb = new Embedding(4, 2);
        Embedding.Params p = (Embedding.Params) n.init(emb, 1, 5).params();
        Var x = ids(new int[] {1, 3, 1, 1, 0}, 5);
        Embedding.Params g = t.ad.grad(q -> emb.apply(q, x, Context.eval()).sum(), p);
        t.assertClose(new double[] {1, 1, 3, 3, 0, 0, 1, 1}, g.table(), 0);
        n.checkLayer(emb, p, Layer.noState(), x, Context.eval(), 2);
    }

    @Test
    void rejectsOutOfRangeAndFloatIds() {
        Embedding emb = new Embedding(4, 2);
        Object p = n.init(emb, 1, 2).params();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emb.apply(p, ids(new int[] {0, 4}, 2), Context.eval()));
        assertTrue(e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.apply(p, ids(new int[] {-1, 0}, 2), Context.eval()));
        assertThrows(IllegalArgumentException.class, () -> emb.apply(p, t.vec(0, 1), Context.eval()));
    }
}
