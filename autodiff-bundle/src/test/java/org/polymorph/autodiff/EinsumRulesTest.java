package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

class EinsumRulesTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    private void checkSpec(String spec, int[]... shapes) {
        Var[] xs = new Var[shapes.length];
        Tensor[] raw = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            xs[i] = t.normal(100 + i, shapes[i]);
            raw[i] = xs[i].value();
        }
        t.assertClose(o.constant(t.ts.einsum(spec, raw)), o.einsum(spec, xs), 1e-14);
        t.check.check(v -> o.einsum(spec, v).sin(), xs, 2);
    }

    @Test
    void contractionsAndTransposes() {
        checkSpec("ij,jk->ik", new int[] {2, 3}, new int[] {3, 4});
        checkSpec("bij,bjk->bik", new int[] {2, 2, 3}, new int[] {2, 3, 2});
        checkSpec("ijk->kji", new int[] {2, 3, 4});
        checkSpec("i,j->ij", new int[] {3}, new int[] {2});
        checkSpec("ij,ij,ij->i", new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3});
    }

    @Test
    void implicitOutputs() {
        checkSpec("ij,jk", new int[] {2, 3}, new int[] {3, 2});
        checkSpec("i,i", new int[] {4}, new int[] {4});
        checkSpec("ba", new int[] {2, 3});
    }

    @Test
    void indicesSummedInOneOperandAreBroadcastBack() {
        checkSpec("ij->", new int[] {2, 3});
        checkSpec("ij,k->k", new int[] {2, 3}, new int[] {4});
        checkSpec("ijk,j->i", new int[] {2, 3, 2}, new int[] {3});
    }

    @Test
    void repeatedIndicesTakeDiagonals() {
        checkSpec("ii->", new int[] {3, 3});
        checkSpec("ii->i", new int[] {3, 3});
        checkSpec("ii", new int[] {3, 3});
        checkSpec("iij,j->i", new int[] {3, 3, 2}, new int[] {2});
        checkSpec("iii->i", new int[] {2, 2, 2});
        // the gradient of a trace is the identity
        Var g = ad.grad(v -> o.einsum("ii->", v), t.normal(1, 3, 3));
        t.assertClose(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, g, 0);
    }

    @Test
    void ellipsisWithBroadcasting() {
        checkSpec("...ij,...jk->...ik", new int[] {2, 2, 3}, new int[] {2, 3, 2});
        checkSpec("...ij,...jk->...ik", new int[] {2, 3, 4}, new int[] {4, 2});
        checkSpec("...ij,...jk->...ik", new int[] {2, 1, 2, 3}, new int[] {3, 3, 2});
        checkSpec("...i,...i", new int[] {2, 3}, new int[] {1, 3});
        checkSpec("i...->...", new int[] {3, 2});
    }

    @Test
    void vmapAgreesWithALoop() {
        Var as = t.normal(2, 4, 2, 3);
        Var b = t.normal(3, 3, 2);
        Var out = ad.vmap((Var a) -> o.einsum("ij,jk->ki", a, b)).apply(as);
        assertEquals(Shape.of(4, 2, 2), out.shape());
        for (int i = 0; i < 4; i++) {
            Var ai = o.squeeze(o.slice(as, new int[] {i, 0, 0}, new int[] {i + 1, 2, 3}, new int[] {1, 1, 1}), 0);
            Var row = o.squeeze(o.slice(out, new int[] {i, 0, 0}, new int[] {i + 1, 2, 2}, new int[] {1, 1, 1}), 0);
            t.assertClose(o.einsum("ij,jk->ki", ai, b), row, 1e-14);
        }
    }

    @Test
    void badSpecsNameEinsum() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> o.einsum("ij,jk->ik", t.normal(1, 2, 3)));
        assertTrue(ex.getMessage().contains("einsum"), ex.getMessage());
        IllegalArgumentException ex2 = assertThrows(IllegalArgumentException.class, () -> o.einsum("ijk", t.normal(1, 2, 3)));
        assertTrue(ex2.getMessage().contains("einsum 'ijk'"), ex2.getMessage());
    }
}
