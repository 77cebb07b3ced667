package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Shape;

class LinalgRulesTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    /** A well-conditioned (diagonally dominant) matrix stack. */
    private Var wellConditioned(long seed, int... shape) {
        int n = shape[shape.length - 1];
        return t.normal(seed, shape).add(o.constant(t.ts.eye(org.polymorph.core.tensor.DType.FLOAT64, n)).mul(3.0));
    }

    /** Mᵀ M + n I: symmetric positive definite. */
    private Var spd(long seed, int... shape) {
        Var m = t.normal(seed, shape);
        int r = shape.length;
        int n = shape[r - 1];
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return o.transpose(m, perm).matmul(m).add(o.constant(t.ts.eye(org.polymorph.core.tensor.DType.FLOAT64, n)).mul(n));
    }

    private Var flat(Var... parts) {
        Var[] f = new Var[parts.length];
        for (int i = 0; i < parts.length; i++) f[i] = o.reshape(parts[i], -1);
        return o.concat(0, f);
    }

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
    void solveWithVectorAndMatrixRightHandSidesAndBroadcastBatches() {
        int[][][] cases = {
            {{3, 3}, {3}}, {{3, 3}, {3, 2}}, {{2, 3, 3}, {3}}, {{3, 3}, {2, 3, 2}}, {{2, 3, 3}, {2, 3}}, {{2, 1, 3, 3}, {1, 4, 3, 2}}, {{2, 1, 3, 3}, {1, 4, 3}},
        };
        long seed = 1;
        for (int[][] c : cases) {
            Var a = wellConditioned(seed++, c[0]);
            Var b = t.normal(seed++, c[1]);
            Var x = o.solve(a, b);
            t.assertClose(o.constant(t.ts.solve(a.value(), b.value())), x, 0);
            t.check.check(v -> o.solve(v[0], v[1]).sin(), new Var[] {a, b}, 2);
        }
    }

    @Test
    void vmapOfSolveAgreesWithALoop() {
        Var as = wellConditioned(20, 4, 3, 3);
        Var bs = t.normal(21, 4, 3);
        Var bm = t.normal(22, 4, 3, 2);
        Var a0 = row(as, 0);
        Var both = ad.vmap((List<Var> l) -> o.solve(l.get(0), l.get(1))).apply(List.of(as, bs));
        Var onlyB = ad.vmap((Var b) -> o.solve(a0, b)).apply(bm);
        Var b0 = row(bs, 0);
        Var onlyA = ad.vmap((Var a) -> o.solve(a, b0)).apply(as);
        assertEquals(Shape.of(4, 3), both.shape());
        assertEquals(Shape.of(4, 3, 2), onlyB.shape());
        for (int i = 0; i < 4; i++) {
            t.assertClose(o.solve(row(as, i), row(bs, i)), row(both, i), 1e-14);
            t.assertClose(o.solve(a0, row(bm, i)), row(onlyB, i), 1e-14);
            t.assertClose(o.solve(row(as, i), b0), row(onlyA, i), 1e-14);
        }
        // per-example gradients
        Var g = ad.vmap((Var a) -> ad.grad((Var v) -> o.solve(v, b0).square().sum(), a)).apply(as);
        for (int i = 0; i < 4; i++) t.assertClose(ad.grad((Var v) -> o.solve(v, b0).square().sum(), row(as, i)), row(g, i), 1e-12);
    }

    @Test
    void inverseAndDet() {
        for (int[] shape : new int[][] {{3, 3}, {2, 3, 3}}) {
            Var a = wellConditioned(30, shape);
            t.assertClose(o.constant(t.ts.inverse(a.value())), o.inverse(a), 0);
            t.assertClose(o.constant(t.ts.det(a.value())), o.det(a), 0);
            t.check.check(v -> o.inverse(v[0]), new Var[] {a}, 2);
            t.check.check(v -> o.det(v[0]), new Var[] {a}, 2);
        }
    }

    @Test
    void choleskyOfSymmetricPositiveDefiniteInput() {
        for (int[] shape : new int[][] {{3, 3}, {2, 4, 4}}) {
            Var a = spd(40, shape);
            t.assertClose(o.constant(t.ts.cholesky(a.value())), o.cholesky(a), 0);
            t.check.check(v -> o.cholesky(v[0]), new Var[] {a}, 2);
            t.check.check(v -> o.cholesky(v[0]).sin().sum(), new Var[] {a}, 2);
        }
    }

    @Test
    void eighWithDistinctEigenvalues() {
        Var m = t.normal(50, 4, 4);
        Var a = m.add(m.transpose());
        Var[] e = o.eigh(a);
        Decompositions.Eigh want = t.ts.eigh(a.value());
        t.assertClose(o.constant(want.values()), e[0], 0);
        t.assertClose(o.constant(want.vectors()), e[1], 0);
        // eigenvectors carry a sign: check sign-invariant functions of them
        t.check.check(v -> {
            Var[] r = o.eigh(v[0]);
            return flat(r[0], r[1].square());
        }, new Var[] {a}, 2);
        Var mb = t.normal(51, 2, 3, 3);
        Var ab = mb.add(o.transpose(mb, 0, 2, 1));
        t.check.check(v -> {
            Var[] r = o.eigh(v[0]);
            return flat(r[0].sin(), o.matmul(r[1].mul(o.expandDims(r[0], -2).tanh()), o.transpose(r[1], 0, 2, 1)));
        }, new Var[] {ab}, 2);
    }

    @Test
    void eighWithADegenerateEigenvalueStillGivesEigenvalueGradients() {
        // A = Q diag(1, 1, 3) Qᵀ: a repeated eigenvalue
        Var q = o.qr(t.normal(52, 3, 3))[0];
        Var a = q.mul(o.reshape(t.vec(1, 1, 3), 1, 3)).matmul(q.transpose());
        t.check.check(v -> o.eigh(v[0])[0].square().sum(), new Var[] {a}, 1);
        // sum of squared eigenvalues is ||S(A)||²: its gradient reads the lower triangle
        Var g = ad.grad(v -> o.eigh(v)[0].square().sum(), a);
        double[] av = t.values(a);
        double[] want = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j <= i; j++) want[i * 3 + j] = (i == j ? 2 : 4) * av[i * 3 + j];
        t.assertClose(want, g, 1e-12);
    }

    @Test
    void qrOfTallSquareAndWideMatrices() {
        for (int[] shape : new int[][] {{4, 3}, {3, 3}, {2, 4}, {2, 4, 2}}) {
            Var a = t.normal(60 + shape[0] + shape[1], shape);
            Var[] qr = o.qr(a);
            Decompositions.QR want = t.ts.qr(a.value());
            t.assertClose(o.constant(want.q()), qr[0], 0);
            t.assertClose(o.constant(want.r()), qr[1], 0);
            t.check.check(v -> {
                Var[] r = o.qr(v[0]);
                return flat(r[0], r[1]);
            }, new Var[] {a}, 2);
        }
    }

    @Test
    void svdOfTallSquareAndWideMatrices() {
        for (int[] shape : new int[][] {{4, 3}, {3, 3}, {2, 4}, {2, 3, 2}}) {
            Var a = t.normal(70 + shape[0] + shape[1] + shape.length * 13, shape);
            Var[] usv = o.svd(a);
            Decompositions.SVD want = t.ts.svd(a.value());
            t.assertClose(o.constant(want.u()), usv[0], 0);
            t.assertClose(o.constant(want.s()), usv[1], 0);
            t.assertClose(o.constant(want.vt()), usv[2], 0);
            int k = usv[1].dim(-1);
            double[] c = new double[k];
            for (int i = 0; i < k; i++) c[i] = i + 1;
            Var weights = t.vec(c);
            // sign-invariant: s, U∘U, Vᵀ∘Vᵀ and U diag(c) Vᵀ
            t.check.check(v -> {
                Var[] r = o.svd(v[0]);
                return flat(r[1], r[0].square(), r[2].square(), o.matmul(r[0].mul(weights), r[2]));
            }, new Var[] {a}, 2);
        }
    }

    @Test
    void vmapOfTheDecompositionsAgreesWithALoop() {
        Var as = spd(80, 3, 3, 3);
        java.util.function.Function<Var, Var> f = a -> {
            Var[] e = o.eigh(a);
            Var[] qr = o.qr(a);
            Var[] usv = o.svd(a);
            return flat(o.inverse(a), o.det(a), o.cholesky(a), e[0], e[1].square(), qr[0], qr[1], usv[1]);
        };
        Var out = ad.vmap(f).apply(as);
        for (int i = 0; i < 3; i++) t.assertClose(f.apply(row(as, i)), row(out, i), 1e-12);
        // per-example gradients through the batched rules
        java.util.function.Function<Var, Var> loss = a -> f.apply(a).sin().sum();
        Var g = ad.vmap((Var a) -> ad.grad(loss, a)).apply(as);
        for (int i = 0; i < 3; i++) t.assertClose(ad.grad(loss, row(as, i)), row(g, i), 1e-10);
    }

    @Test
    void float32RulesKeepTheirDtype() {
        org.polymorph.core.tensor.DType f32 = org.polymorph.core.tensor.DType.FLOAT32;
        Var a = o.cast(spd(90, 3, 3), f32);
        Var b = o.cast(t.normal(91, 3), f32);
        Var ids = o.constant(t.ts.fromArray(new long[] {0, 2, 2}, 3));
        java.util.function.Function<Var, Var> f = m -> {
            Var[] e = o.eigh(m);
            Var[] usv = o.svd(m);
            Var[] r = o.rfft(m);
            Var s = o.solve(m, o.cast(b, m.dtype())).sum().add(o.det(m)).add(o.inverse(m).sum()).add(o.cholesky(m).sum());
            s = s.add(e[0].sum()).add(e[1].square().sum()).add(o.qr(m)[1].sum()).add(usv[1].sum());
            s = s.add(o.irfft(r[0], r[1], 3).sum()).add(o.einsum("ii,ij->j", m, m).sum());
            return s.add(o.take(m, ids, 1).sum()).add(o.sort(m, 0).sum()).add(o.cumsum(m, 1).sum())
                    .add(o.segmentSum(m, ids, 2).sum());
        };
        Var g = ad.grad(f, a);
        assertEquals(f32, g.dtype());
        Var g64 = ad.grad(f, o.cast(a, org.polymorph.core.tensor.DType.FLOAT64));
        t.assertClose(g64, o.cast(g, org.polymorph.core.tensor.DType.FLOAT64), 1e-3);
    }
}
