package org.polymorph.analysis.deq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;

/** The DEQ layer: forward fixed points by both solvers, implicit gradients against finite differences and unrolling. */
class DeqLayerTest {
    private static final int BATCH = 3, D = 4, WIDTH = 5;
    private final AdTesting t = new AdTesting();

    /** θ with W of the Gaussian family at σ (small enough that plain iteration converges too), U and b random. */
    private Map<String, Var> theta(double sigma) {
        Map<String, Var> th = new LinkedHashMap<>();
        th.put("w", t.o.constant(InitFamily.GAUSSIAN.sample(t.ts, RandomKey.of(7), WIDTH, sigma)));
        th.put("u", t.normal(8, D, WIDTH));
        th.put("b", t.normal(9, WIDTH).mul(0.3));
        return th;
    }

    private DeqLayer layer(FixedPointSolver s, Implicit.LinearSolve back) { return new DeqLayer(DeqLayer.TANH, WIDTH, s, back); }

    private static final FixedPointSolver ANDERSON = FixedPointSolver.anderson(1e-13, 200);
    private static final FixedPointSolver BROYDEN = FixedPointSolver.broyden(1e-13, 200);

    @Test
    void andersonAndBroydenReachTheSameFixedPoint() {
        Map<String, Var> th = theta(0.9);
        Var x = t.normal(1, BATCH, D);
        DeqLayer.Output a = layer(ANDERSON, Implicit.LinearSolve.GMRES).apply(t.ad, th, x);
        DeqLayer.Output b = layer(BROYDEN, Implicit.LinearSolve.GMRES).apply(t.ad, th, x);
        assertTrue(a.forward().converged() && b.forward().converged(), "both converge");
        assertTrue(a.forward().residual() <= 1e-13 && b.forward().residual() <= 1e-13, "residuals " + a.forward() + " " + b.forward());
        t.assertClose(a.z(), b.z(), 1e-11);
        // z* is a fixed point of the cell, and equals the limit of plain iteration
        t.assertClose(a.z(), DeqLayer.TANH.apply(a.z(), x, th), 1e-12);
        t.assertClose(layer(ANDERSON, Implicit.LinearSolve.GMRES).unrolled(th, x, 400), a.z(), 1e-11);
        // acceleration: both need far fewer evaluations of f than the 400 plain iterations
        assertTrue(a.forward().iterations() < 60 && b.forward().iterations() < 60, a.forward().iterations() + " / " + b.forward().iterations());
    }

    /** L(θ, x) = Σ c ⊙ z*(θ, x) with a fixed random c. */
    private Var loss(DeqLayer l, Map<String, Var> th, Var x, Var c) { return l.apply(t.ad, th, x).z().mul(c).sum(); }

    @Test
    void implicitGradientEqualsCentralDifferencesOfTheWholeSolveAndTheUnrolledGradient() {
        Map<String, Var> th = theta(0.6);
        Var x = t.normal(2, BATCH, D);
        Var c = t.normal(3, BATCH, WIDTH);
        for (FixedPointSolver s : List.of(ANDERSON, BROYDEN)) {
            DeqLayer l = layer(s, Implicit.LinearSolve.GMRES);
            List<Object> args = List.of(th, x);
            @SuppressWarnings("unchecked")
            Function<List<Object>, Var> implicit = a -> loss(l, (Map<String, Var>) a.get(0), (Var) a.get(1), c);
            @SuppressWarnings("unchecked")
            Function<List<Object>, Var> unrolled = a -> l.unrolled((Map<String, Var>) a.get(0), (Var) a.get(1), 300).mul(c).sum();
            List<Object> g = t.ad.grad(implicit, args);
            List<Object> gu = t.ad.grad(unrolled, args);
            @SuppressWarnings("unchecked")
            Map<String, Var> gth = (Map<String, Var>) g.get(0);
            @SuppressWarnings("unchecked")
            Map<String, Var> guth = (Map<String, Var>) gu.get(0);
            for (String k : th.keySet()) {
                t.assertClose(guth.get(k), gth.get(k), 1e-9);
                t.assertClose(centralDifference(th, k, x, p -> loss(l, p, x, c)), gth.get(k), 1e-7);
            }
            t.assertClose((Var) gu.get(1), (Var) g.get(1), 1e-9);
            Map<String, Var> xOnly = Map.of("x", x);
            t.assertClose(centralDifference(xOnly, "x", x, p -> loss(l, th, p.get("x"), c)), (Var) g.get(1), 1e-7);
        }
    }

    /** (L(p + ε e_i) − L(p − ε e_i)) / 2ε for every element i of p[key], each a full forward solve. */
    private Var centralDifference(Map<String, Var> p, String key, Var shapeOf, Function<Map<String, Var>, Var> f) {
        double eps = 1e-5;
        double[] v = t.values(p.get(key));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double[] plus = v.clone(), minus = v.clone();
            plus[i] += eps;
            minus[i] -= eps;
            out[i] = (f.apply(with(p, key, t.arr(plus, p.get(key).shape().toArray()))).item()
                    - f.apply(with(p, key, t.arr(minus, p.get(key).shape().toArray()))).item()) / (2 * eps);
        }
        return t.arr(out, p.get(key).shape().toArray());
    }

    private static Map<String, Var> with(Map<String, Var> p, String key, Var v) {
        Map<String, Var> q = new LinkedHashMap<>(p);
        q.put(key, v);
        return q;
    }

    @Test
    void gradCheckForwardAndReverseModes() {
        Map<String, Var> th = theta(0.7);
        Var x = t.normal(4, BATCH, D);
        GradCheck check = new GradCheck(t.ad, 1e-6, 1e-6, 1e-6, 3);
        for (Implicit.LinearSolve back : Implicit.LinearSolve.values()) {
            for (FixedPointSolver s : List.of(ANDERSON, BROYDEN)) {
                DeqLayer l = layer(s, back);
                check.check(v -> l.apply(t.ad, Map.of("w", v[0], "u", v[1], "b", v[2]), v[3]).z(),
                        new Var[] {th.get("w"), th.get("u"), th.get("b"), x}, 1);
            }
        }
    }

    @Test
    void nonConvergenceIsAnErrorNamingTheResidual() {
        Map<String, Var> th = theta(0.9);
        Var x = t.normal(5, BATCH, D);
        DeqLayer l = layer(FixedPointSolver.anderson(1e-13, 3), Implicit.LinearSolve.GMRES);
        FixedPointSolver.NotConvergedException e = assertThrows(FixedPointSolver.NotConvergedException.class, () -> l.apply(t.ad, th, x));
        assertTrue(e.getMessage().contains("did not converge") && e.getMessage().contains("after 3 iterations"), e.getMessage());
        assertEquals(3, e.solution().iterations());
        assertTrue(e.solution().residual() > 1e-13);
    }
}
