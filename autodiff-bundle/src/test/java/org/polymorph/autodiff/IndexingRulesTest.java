package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

class IndexingRulesTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    private Var idx(long[] v, int... shape) { return o.constant(t.ts.fromArray(v, shape)); }

    private Var row(Var v, int i) {
        int[] start = new int[v.rank()];
        int[] stop = v.shape().toArray();
        int[] step = new int[v.rank()];
        java.util.Arrays.fill(step, 1);
        start[0] = i;
        stop[0] = i + 1;
        return o.squeeze(o.slice(v, start, stop, step), 0);
    }

    @Test
    void takeMatchesServiceAndDerivativesWithRepeatedAndNegativeIndices() {
        Var x = t.normal(1, 4, 3);
        Var i = idx(new long[] {0, 2, 2, -1}, 2, 2);
        for (int axis : new int[] {0, 1, -1}) {
            Tensor want = t.ts.take(x.value(), i.value(), axis);
            t.assertClose(o.constant(want), o.take(x, i, axis), 0);
            t.check.check(v -> o.take(v[0], v[1], axis).sin(), new Var[] {x, i}, 2);
        }
        // gradient: repeated index 2 accumulates
        Var g = ad.grad(v -> o.take(v, idx(new long[] {2, 2, 0}, 3), 0).sum(), t.vec(1, 2, 3, 4));
        t.assertClose(new double[] {1, 0, 2, 0}, g, 0);
    }

    @Test
    void takeAlongAxisWithBroadcastIndices() {
        Var x = t.normal(2, 3, 4);
        Var i = idx(new long[] {3, 0, 0, 1, -1, 2, 2, 2, 1, 0, 3, 3, 0, 1, 2}, 3, 5);
        t.assertClose(o.constant(t.ts.takeAlongAxis(x.value(), i.value(), 1)), o.takeAlongAxis(x, i, 1), 0);
        t.check.check(v -> o.takeAlongAxis(v[0], v[1], 1).square(), new Var[] {x, i}, 2);
        Var ib = idx(new long[] {2, 0, 0, 1}, 1, 4);    // broadcast over axis 0
        t.check.check(v -> o.takeAlongAxis(v[0], v[1], 0).sin(), new Var[] {x, ib}, 2);
        Var xb = t.normal(3, 1, 4);                     // x broadcast over axis 0
        Var ix = idx(new long[] {0, 1, 2, 3, 3, 3}, 2, 3);
        t.assertClose(o.constant(t.ts.takeAlongAxis(xb.value(), ix.value(), 1)), o.takeAlongAxis(xb, ix, 1), 0);
        t.check.check(v -> o.takeAlongAxis(v[0], v[1], 1).sin(), new Var[] {xb, ix}, 2);
    }

    @Test
    void scatterAddIsLinearInTargetAndUpdates() {
        Var target = t.normal(4, 5, 3);
        Var i = idx(new long[] {1, 1, 4, 0}, 4);
        Var upd = t.normal(5, 4, 3);
        t.assertClose(o.constant(t.ts.scatterAdd(target.value(), i.value(), upd.value(), 0)), o.scatterAdd(target, i, upd, 0), 0);
        t.check.check(v -> o.scatterAdd(v[0], v[1], v[2], 0).square(), new Var[] {target, i, upd}, 2);
        Var i2 = idx(new long[] {2, 2, 0, -1, 1}, 5);
        Var upd2 = t.normal(6, 5, 5);
        t.check.check(v -> o.scatterAdd(v[0], v[1], v[2], 1).sin(), new Var[] {target, i2, upd2}, 2);
    }

    @Test
    void segmentSumDropsOutOfRangeIds() {
        Var data = t.normal(7, 6, 2);
        Var ids = idx(new long[] {0, 2, 2, -1, 5, 1}, 6);
        Var y = o.segmentSum(data, ids, 3);
        t.assertClose(o.constant(t.ts.segmentSum(data.value(), ids.value(), 3)), y, 0);
        t.check.check(v -> o.segmentSum(v[0], v[1], 3).square(), new Var[] {data, ids}, 2);
        Var g = ad.grad(v -> o.segmentSum(v, ids, 3).mul(t.arr(new double[] {1, 2, 3, 4, 5, 6}, 3, 2)).sum(), data);
        t.assertClose(new double[] {1, 2, 5, 6, 5, 6, 0, 0, 0, 0, 3, 4}, g, 0);
    }

    @Test
    void cumsumOnEveryAxis() {
        Var x = t.normal(8, 3, 4);
        for (int axis : new int[] {0, 1, -1}) {
            t.assertClose(o.constant(t.ts.cumsum(x.value(), axis)), o.cumsum(x, axis), 0);
            t.check.check(v -> o.cumsum(v[0], axis).sin(), new Var[] {x}, 2);
        }
    }

    @Test
    void sortIsDifferentiableThroughTheGatherAndArgsortHasNoDerivative() {
        Var x = t.normal(9, 3, 5);
        for (int axis : new int[] {0, 1}) {
            t.assertClose(o.constant(t.ts.sort(x.value(), axis)), o.sort(x, axis), 0);
            assertArrayEquals(t.ts.toLongArray(t.ts.argsort(x.value(), axis)), t.ts.toLongArray(o.argsort(x, axis).value()));
            t.check.check(v -> o.sort(v[0], axis).mul(t.arr(new double[] {1, 2, 3, 4, 5}, 1, 5)).sin(), new Var[] {x}, 2);
        }
        Var tan = ad.jvp((Var v) -> o.cast(o.argsort(v, 1), org.polymorph.core.tensor.DType.FLOAT64), x, t.normal(10, 3, 5)).tangent();
        assertEquals(0.0, t.values(tan.abs().sum())[0]);
    }

    @Test
    void vmapOfTakeAgreesWithALoop() {
        Var xs = t.normal(11, 4, 5, 3);
        Var i = idx(new long[] {2, 0, 2}, 3);
        Var batchedX = ad.vmap((Var x) -> o.take(x, i, 0)).apply(xs);
        Var is = idx(new long[] {0, 1, 4, 4, 3, 2, 1, 0}, 4, 2);
        Var x0 = row(xs, 0);
        Var batchedI = ad.vmap((Var ii) -> o.take(x0, ii, 0)).apply(is);
        List<Var> both = List.of(xs, is);
        Var batchedBoth = ad.vmap((List<Var> l) -> o.take(l.get(0), l.get(1), 0)).apply(both);
        assertEquals(Shape.of(4, 3, 3), batchedX.shape());
        assertEquals(Shape.of(4, 2, 3), batchedI.shape());
        for (int b = 0; b < 4; b++) {
            t.assertClose(o.take(row(xs, b), i, 0), row(batchedX, b), 0);
            t.assertClose(o.take(x0, row(is, b), 0), row(batchedI, b), 0);
            t.assertClose(o.take(row(xs, b), row(is, b), 0), row(batchedBoth, b), 0);
        }
        // per-example gradients go through the batched scatterAdd
        Var grads = ad.vmap((Var x) -> ad.grad((Var v) -> o.take(v, i, 0).square().sum(), x)).apply(xs);
        for (int b = 0; b < 4; b++) {
            Var want = ad.grad((Var v) -> o.take(v, i, 0).square().sum(), row(xs, b));
            t.assertClose(want, row(grads, b), 1e-14);
        }
    }

    @Test
    void vmapOfTheOtherIndexingOpsAgreesWithALoop() {
        Var xs = t.normal(12, 3, 6, 2);
        Var ids = idx(new long[] {0, 1, 1, 3, 2, 0}, 6);
        Var ia = idx(new long[] {1, 0, 5, 5, 2, 3}, 3, 2);
        Var seg = ad.vmap((Var x) -> o.segmentSum(x, ids, 3)).apply(xs);
        Var cs = ad.vmap((Var x) -> o.cumsum(x, 0)).apply(xs);
        Var tal = ad.vmap((Var x) -> o.takeAlongAxis(x, ia, 0)).apply(xs);
        Var srt = ad.vmap((Var x) -> o.sort(x, 0)).apply(xs);
        Var sc = ad.vmap((Var x) -> o.scatterAdd(o.zerosLike(x), ids, x, 0)).apply(xs);
        for (int b = 0; b < 3; b++) {
            Var x = row(xs, b);
            t.assertClose(o.segmentSum(x, ids, 3), row(seg, b), 0);
            t.assertClose(o.cumsum(x, 0), row(cs, b), 0);
            t.assertClose(o.takeAlongAxis(x, ia, 0), row(tal, b), 0);
            t.assertClose(o.sort(x, 0), row(srt, b), 0);
            t.assertClose(o.scatterAdd(o.zerosLike(x), ids, x, 0), row(sc, b), 0);
        }
    }
}
