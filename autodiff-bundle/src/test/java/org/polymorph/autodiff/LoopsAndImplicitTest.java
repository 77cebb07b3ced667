package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.internal.TapeMeter;
import org.polymorph.autodiff.internal.Transforms;

class LoopsAndImplicitTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;
    private final TapeMeter meter = ((Transforms) ad).engine().tape();

    private Var rollout(Var x0, Var theta, int steps, boolean checkpoint) {
        return Loops.fori(ad, steps, (k, c, th) -> c.sin().mul(th).add(c.mul(0.5)), x0, theta, checkpoint).sum();
    }

    /** Peak tape bytes of one gradient of the rollout. */
    private long peak(int steps, boolean checkpoint, Var x0, Var theta, Var[] gradOut) {
        meter.resetPeak();
        long base = meter.live();
        gradOut[0] = ad.grad((Var th) -> rollout(x0, th, steps, checkpoint), theta);
        assertEquals(base, meter.live(), "the tape is released after grad");
        return meter.peak() - base;
    }

    @Test
    void checkpointedLoopHasTheSameGradientInSqrtMemory() {
        Var x0 = t.normal(1, 2000);
        Var theta = t.uniform(2, 0.5, 1.0, 2000);
        Var[] gPlain = new Var[1];
        Var[] gCkpt = new Var[1];
        long plain100 = peak(100, false, x0, theta, gPlain);
        long ckpt100 = peak(100, true, x0, theta, gCkpt);
        t.assertClose(gPlain[0], gCkpt[0], 1e-12);
        long plain400 = peak(400, false, x0, theta, gPlain);
        long ckpt400 = peak(400, true, x0, theta, gCkpt);
        t.assertClose(gPlain[0], gCkpt[0], 1e-12);
        System.out.printf("[memory] tape peak bytes: T=100 plain %d, checkpointed %d; T=400 plain %d, checkpointed %d%n",
                plain100, ckpt100, plain400, ckpt400);
        // O(T) without checkpoints: 4x the steps, 4x the memory
        assertEquals(4.0, (double) plain400 / plain100, 0.1);
        // O(sqrt T) with them: 4x the steps, about 2x the memory
        double ratio = (double) ckpt400 / ckpt100;
        assertTrue(ratio > 1.6 && ratio < 2.5, "checkpointed growth " + ratio);
        assertTrue(ckpt400 * 5 < plain400, ckpt400 + " vs " + plain400);
    }

    @Test
    void checkpointedScanMatchesPlainScan() {
        Var xs = t.normal(3, 9, 3);
        Var w = t.normal(4, 3, 3);
        Function<Boolean, Function<Var, Var>> loss = ck -> wv -> {
            Loops.Scanned<Var> r = Loops.scan(ad, (c, x, wp) -> {
                Var next = c.matmul(wp).tanh().add(x);
                return new Loops.Step<>(next, next.sum());
            }, t.vec(0.1, 0.2, 0.3), xs, wv, ck);
            assertEquals(org.polymorph.core.tensor.Shape.of(9), r.ys().shape());
            return r.ys().square().sum().add(r.carry().sum());
        };
        Var g1 = ad.grad(loss.apply(false), w);
        Var g2 = ad.grad(loss.apply(true), w);
        t.assertClose(g1, g2, 1e-12);
        t.check.check(v -> loss.apply(true).apply(v[0]), new Var[] {w}, 1);
    }

    @Test
    void checkpointRejectsAClosureOverADifferentiatedValue() {
        Var theta = t.vec(0.5, 1.5);
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ad.grad((Var th) -> ad.checkpoint((Var c) -> c.mul(th), th.mul(2.0)).sum(), theta));
        assertTrue(ex.getMessage().contains("pass that value as an argument"), ex.getMessage());
    }

    @Test
    void fixedPointGradientEqualsFiniteDifferencesOfTheWholeSolve() {
        // x = tanh(W x + b), a contraction for small W
        Var w = o.mul(t.normal(5, 4, 4), o.scalar(org.polymorph.core.tensor.DType.FLOAT64, 0.2));
        Var b = t.normal(6, 4);
        Function<Var[], Var> f = v -> Implicit.fixedPoint(ad, (x, th) -> th.get(0).matmul(x).add(th.get(1)).tanh(),
                o.zerosLike(b), List.of(v[0], v[1]), 1e-15, 500, Implicit.LinearSolve.GMRES).square();
        new GradCheck(ad, 1e-6, 1e-7, 1e-6, 0).check(f, new Var[] {w, b}, 1);
    }

    @Test
    void rootGradientMatchesTheClosedForm() {
        // x^3 + θ x − 1 = 0, Newton solver; dx/dθ = −x / (3x² + θ)
        Var theta = t.vec(2.0);
        Function<Var, Var> newton = th -> {
            double x = 0.5;
            double thv = th.item();
            for (int i = 0; i < 60; i++) x -= (x * x * x + thv * x - 1) / (3 * x * x + thv);
            return t.vec(x);
        };
        Var x = Implicit.root(ad, (xv, th) -> xv.pow(3.0).add(xv.mul(th)).sub(1.0), newton, theta, Implicit.LinearSolve.GMRES);
        double xs = x.item();
        Var g = ad.grad((Var th) -> Implicit.root(ad, (xv, tv) -> xv.pow(3.0).add(xv.mul(tv)).sub(1.0), newton, th,
                Implicit.LinearSolve.GMRES).sum(), theta);
        assertEquals(-xs / (3 * xs * xs + 2.0), g.item(), 1e-14);
        Var gf = ad.jvp((Var th) -> Implicit.root(ad, (xv, tv) -> xv.pow(3.0).add(xv.mul(tv)).sub(1.0), newton, th,
                Implicit.LinearSolve.GMRES), theta, t.vec(1.0)).tangent();
        assertEquals(-xs / (3 * xs * xs + 2.0), gf.item(), 1e-14);
    }

    @Test
    void denseImplicitSolveAgreesWithGmresAndSupportsSecondOrder() {
        Var w = o.mul(t.normal(15, 3, 3), o.scalar(org.polymorph.core.tensor.DType.FLOAT64, 0.3));
        Var b = t.normal(16, 3);
        java.util.function.BiFunction<Implicit.LinearSolve, Var[], Var> fp = (m, v) -> Implicit.fixedPoint(ad,
                (x, th) -> th.get(0).matmul(x).add(th.get(1)).tanh(), o.zerosLike(b), List.of(v[0], v[1]), 1e-15, 500, m);
        Var gDense = ad.grad((Var bv) -> fp.apply(Implicit.LinearSolve.DENSE, new Var[] {w, bv}).square().sum(), b);
        Var gGmres = ad.grad((Var bv) -> fp.apply(Implicit.LinearSolve.GMRES, new Var[] {w, bv}).square().sum(), b);
        t.assertClose(gDense, gGmres, 1e-11);
        new GradCheck(ad, 1e-5, 1e-6, 1e-5, 0).check(v -> fp.apply(Implicit.LinearSolve.DENSE, v).sin(), new Var[] {w, b}, 2);
    }

    @Test
    void argminGradientOfAQuadraticIsTheInverseHessian() {
        // L = ½ xᵀ A x − θᵀ x, x* = A⁻¹ θ: the minimiser is plain gradient descent on concrete values
        Var m = t.normal(7, 3, 3);
        Var a = m.transpose().matmul(m).add(o.constant(t.ts.eye(org.polymorph.core.tensor.DType.FLOAT64, 3)));
        java.util.function.BiFunction<Var, Var, Var> loss = (x, th) -> x.matmul(a.matmul(x)).mul(0.5).sub(th.mul(x).sum());
        Function<Var, Var> descent = th -> {
            Var x = o.zerosLike(th);
            double lr = 1.0 / 20;
            for (int i = 0; i < 20000; i++) x = o.constant(x.sub(a.matmul(x).sub(th).mul(lr)).value());
            return x;
        };
        Var theta = t.vec(1.0, -2.0, 0.5);
        Function<Var[], Var> f = v -> Implicit.argmin(ad, loss, descent, v[0], Implicit.LinearSolve.GMRES);
        Var jac = ad.jacobianRev(th -> f.apply(new Var[] {th}), theta);
        // dx*/dθ = A⁻¹: A · J = I
        t.assertClose(o.constant(t.ts.eye(org.polymorph.core.tensor.DType.FLOAT64, 3)), a.matmul(jac), 1e-9);
    }
}
