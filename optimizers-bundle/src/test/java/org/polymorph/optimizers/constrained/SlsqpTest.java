package org.polymorph.optimizers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polymorph.core.method.BadInputException;
import org.polymorph.optimizers.constrained.SlsqpResult.Status;

class SlsqpTest {
    static Stream<HockSchittkowski.Case> cases() {
        return Stream.of(HockSchittkowski.hs21(), HockSchittkowski.hs35(), HockSchittkowski.hs71(),
                HockSchittkowski.hs76(), HockSchittkowski.rosenbrockDisk(2), HockSchittkowski.rosenbrockDisk(0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reachesTheKnownOptimum(HockSchittkowski.Case k) {
        SlsqpResult r = Slsqp.defaults().tolerance(1e-10).minimize(k.problem(), k.x0());
        assertTrue(r.success(), k.name() + ": " + r.message());
        for (int i = 0; i < k.xStar().length; i++) {
            assertEquals(k.xStar()[i], r.x()[i], 1e-6, k.name() + " x[" + i + "]");
        }
        assertEquals(k.fStar(), r.f(), 1e-6 * Math.max(1, Math.abs(k.fStar())), k.name() + " f");
        assertTrue(r.constraintViolation() < 1e-8, k.name() + " violation " + r.constraintViolation());
        assertTrue(r.iterations() <= 40, k.name() + " took " + r.iterations() + " iterations");
        // one gradient at x0 and one per accepted step; the last QP may find convergence without a step
        assertTrue(r.functionEvaluations() >= r.iterations()
                        && (r.gradientEvaluations() == r.iterations() || r.gradientEvaluations() == r.iterations() + 1),
                k.name() + " counts " + r.functionEvaluations() + "/" + r.gradientEvaluations());
    }

    @Test
    void kktHoldsAtTheSolutionOfHs71() {
        HockSchittkowski.Case k = HockSchittkowski.hs71();
        SlsqpResult r = Slsqp.defaults().tolerance(1e-12).minimize(k.problem(), k.x0());
        double[] x = r.x();
        double[] g = new double[4];
        k.problem().gradient(x, g);
        double[][] je = new double[1][4];
        double[][] ji = new double[1][4];
        k.problem().equalityJacobian(x, je);
        k.problem().inequalityJacobian(x, ji);
        double[] lam = r.multipliers();
        assertTrue(lam[1] > 0, "the product constraint is active with a positive multiplier");
        // x1 sits at its lower bound 1, so stationarity holds in components 2..4 only
        for (int i = 1; i < 4; i++) {
            assertEquals(0, g[i] - lam[0] * je[0][i] - lam[1] * ji[0][i], 1e-6, "stationarity " + i);
        }
    }

    @Test
    void sixteenVariablesWithActiveBoundsAndConstraintsMeetKkt() {
        HockSchittkowski.Case k = HockSchittkowski.blocks16();
        SlsqpResult r = Slsqp.defaults().tolerance(1e-12).minimize(k.problem(), k.x0());
        assertTrue(r.success(), r.message());
        double[] x = r.x();
        double[] g = new double[16];
        k.problem().gradient(x, g);
        double[][] j = new double[5][16];
        k.problem().inequalityJacobian(x, j);
        double[] c = new double[5];
        k.problem().inequalities(x, c);
        int atBound = 0;
        for (int l = 0; l < 5; l++) {
            assertTrue(r.multipliers()[l] > 1e-3 && Math.abs(c[l]) < 1e-9, "block " + l + " active");
        }
        for (int i = 0; i < 16; i++) {
            double gl = g[i];
            for (int l = 0; l < 5; l++) gl -= r.multipliers()[l] * j[l][i];
            if (x[i] > 0.85 - 1e-9) {
                atBound++;
                assertTrue(gl < 1e-7, "at the upper bound the Lagrangian gradient points out: " + gl);
            } else {
                assertEquals(0, gl, 1e-6, "stationarity of free x[" + i + "]");
            }
        }
        assertEquals(5, atBound, "upper bounds active");
    }

    @Test
    void anInfeasibleStartIsPulledOntoTheFeasibleSet() {
        // HS 21 starts at (-1, -1), outside its bounds (clipped in) and outside 10 x1 - x2 >= 10 once clipped
        HockSchittkowski.Case k = HockSchittkowski.hs21();
        double[] c = new double[1];
        k.problem().inequalities(new double[] {2, -1}, c);
        assertTrue(c[0] > 0, "clipped start of HS 21 satisfies its inequality");
        SlsqpResult s = Slsqp.defaults().tolerance(1e-10).minimize(k.problem(), new double[] {-1, 30});
        assertTrue(s.success(), s.message());
        assertEquals(2, s.x()[0], 1e-6);
        assertEquals(0, s.x()[1], 1e-6);
        ConstrainedProblem eqStart = HockSchittkowski.hs71().problem();
        double[] h = new double[1];
        eqStart.equalities(new double[] {1, 5, 5, 1}, h);
        assertTrue(Math.abs(h[0]) > 1, "the start of HS 71 violates its equality");
        // a start far outside a nonlinear constraint: the disk, from (3, -3)
        HockSchittkowski.Case d = HockSchittkowski.rosenbrockDisk(2);
        SlsqpResult r = Slsqp.defaults().tolerance(1e-10).minimize(d.problem(), new double[] {2, -2});
        assertTrue(r.success(), r.message());
        assertEquals(d.xStar()[0], r.x()[0], 1e-6);
        assertEquals(d.xStar()[1], r.x()[1], 1e-6);
    }

    @Test
    void incompatibleLinearisationIsRelaxedAndStillConverges() {
        // min x1^2 + x2^2, x1^3 - 8 >= 0, 0 <= x1 <= 2.5, from x1 = 0.5: the first linearisation asks
        // for a step of 10.5 against a bound 2 away, so only Kraft's relaxed QP has a solution; x* = (2, 0)
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) { return x[0] * x[0] + x[1] * x[1]; }
            public void gradient(double[] x, double[] g) { g[0] = 2 * x[0]; g[1] = 2 * x[1]; }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = x[0] * x[0] * x[0] - 8; }
            public void inequalityJacobian(double[] x, double[][] j) { j[0][0] = 3 * x[0] * x[0]; j[0][1] = 0; }
            public double[] lower() { return new double[] {0, Double.NEGATIVE_INFINITY}; }
            public double[] upper() { return new double[] {2.5, Double.POSITIVE_INFINITY}; }
        };
        SlsqpResult r = Slsqp.defaults().tolerance(1e-10).minimize(p, new double[] {0.5, 1});
        assertTrue(r.success(), r.message());
        assertEquals(2, r.x()[0], 1e-6);
        assertEquals(0, r.x()[1], 1e-6);
        assertEquals(4, r.f(), 1e-6);
    }

    @Test
    void activeBoundsAreHeldExactly() {
        HockSchittkowski.Case k = HockSchittkowski.rosenbrockDisk(0.5);
        SlsqpResult r = Slsqp.defaults().tolerance(1e-10).minimize(k.problem(), k.x0());
        assertEquals(0.5, r.x()[0], 0.0, "x1 on its upper bound");
        HockSchittkowski.Case b = HockSchittkowski.hs35();
        SlsqpResult s = Slsqp.defaults().minimize(b.problem(), new double[] {-3, 9, 1});
        assertTrue(s.success(), s.message());
        for (double v : s.x()) assertTrue(v >= 0, "x stays within x >= 0: " + v);
    }

    @Test
    void anUnboundedProblemIsReportedAsSuch() {
        // min -x1 - x2 subject to x1 - x2 >= 0: f falls without limit along x1 = x2
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) { return -x[0] - x[1]; }
            public void gradient(double[] x, double[] g) { g[0] = -1; g[1] = -1; }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = x[0] - x[1]; }
            public void inequalityJacobian(double[] x, double[][] j) { j[0][0] = 1; j[0][1] = -1; }
        };
        SlsqpResult r = Slsqp.defaults().minimize(p, new double[] {0, 0});
        assertFalse(r.success());
        assertEquals(Status.UNBOUNDED, r.status(), r.message());
    }

    @Test
    void anInfeasibleProblemIsReportedAsSuch() {
        // two disjoint unit disks centred at (0, 0) and (3, 0)
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) { return x[0] * x[0] + x[1] * x[1]; }
            public void gradient(double[] x, double[] g) { g[0] = 2 * x[0]; g[1] = 2 * x[1]; }
            public int inequalityCount() { return 2; }
            public void inequalities(double[] x, double[] c) {
                c[0] = 1 - x[0] * x[0] - x[1] * x[1];
                c[1] = 1 - (x[0] - 3) * (x[0] - 3) - x[1] * x[1];
            }
            public void inequalityJacobian(double[] x, double[][] j) {
                j[0][0] = -2 * x[0]; j[0][1] = -2 * x[1];
                j[1][0] = -2 * (x[0] - 3); j[1][1] = -2 * x[1];
            }
        };
        SlsqpResult r = Slsqp.defaults().minimize(p, new double[] {0.2, 0.3});
        assertFalse(r.success());
        assertEquals(Status.INFEASIBLE, r.status(), r.message());
        assertTrue(r.constraintViolation() > 0.1);
    }

    @Test
    void inconsistentLinearEqualitiesAreInfeasible() {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) { return x[0] * x[0] + x[1] * x[1]; }
            public void gradient(double[] x, double[] g) { g[0] = 2 * x[0]; g[1] = 2 * x[1]; }
            public int equalityCount() { return 2; }
            public void equalities(double[] x, double[] h) { h[0] = x[0] + x[1] - 1; h[1] = x[0] + x[1] - 2; }
            public void equalityJacobian(double[] x, double[][] j) { j[0][0] = 1; j[0][1] = 1; j[1][0] = 1; j[1][1] = 1; }
        };
        SlsqpResult r = Slsqp.defaults().minimize(p, new double[] {0, 0});
        assertFalse(r.success());
        assertEquals(Status.INFEASIBLE, r.status(), r.message());
    }

    @Test
    void theLineSearchBacksOffFromWhereTheObjectiveIsUndefined() {
        // min 10 x - log x from x = 1: the first full step lands at x = -8, where log is NaN; x* = 0.1
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 1; }
            public double value(double[] x) { return 10 * x[0] - Math.log(x[0]); }
            public void gradient(double[] x, double[] g) { g[0] = 10 - 1 / x[0]; }
        };
        SlsqpResult r = Slsqp.defaults().tolerance(1e-12).minimize(p, new double[] {1});
        assertTrue(r.success(), r.message());
        assertEquals(0.1, r.x()[0], 1e-6);
        SlsqpResult bad = Slsqp.defaults().minimize(p, new double[] {-1});
        assertEquals(Status.NON_FINITE, bad.status(), "a start where f is NaN");
    }

    @Test
    void theIterationLimitIsNotASuccess() {
        HockSchittkowski.Case k = HockSchittkowski.rosenbrockDisk(2);
        SlsqpResult r = Slsqp.defaults().maxIterations(3).minimize(k.problem(), k.x0());
        assertEquals(Status.ITERATION_LIMIT, r.status());
        assertEquals(3, r.iterations());
    }

    @Test
    void theCallbackSeesEachIterationAndCancellationStops() {
        HockSchittkowski.Case k = HockSchittkowski.rosenbrockDisk(2);
        List<Integer> seen = new ArrayList<>();
        List<Integer> evals = new ArrayList<>();
        SlsqpResult r = Slsqp.defaults().callback((it, x, f, n) -> { seen.add(it); evals.add(n); })
                .minimize(k.problem(), k.x0());
        assertEquals(r.gradientEvaluations() - 1, seen.size(), "one call per accepted step");
        assertTrue(seen.size() >= r.iterations() - 1);
        for (int i = 0; i < seen.size(); i++) assertEquals(i + 1, seen.get(i));
        for (int i = 1; i < evals.size(); i++) assertTrue(evals.get(i) > evals.get(i - 1));
        AtomicInteger calls = new AtomicInteger();
        SlsqpResult c = Slsqp.defaults().callback((it, x, f, n) -> calls.incrementAndGet())
                .cancellation(() -> calls.get() >= 2).minimize(k.problem(), k.x0());
        assertEquals(Status.CANCELLED, c.status());
        assertEquals(2, c.iterations());
    }

    @Test
    void badInputNamesTheParameter() {
        HockSchittkowski.Case k = HockSchittkowski.hs35();
        BadInputException e = assertThrows(BadInputException.class,
                () -> Slsqp.defaults().minimize(k.problem(), new double[] {1, 2}));
        assertTrue(e.getMessage().contains("x0"), e.getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Slsqp.defaults().tolerance(0)).getMessage().contains("tolerance"));
        assertTrue(assertThrows(BadInputException.class, () -> Slsqp.defaults().maxIterations(0)).getMessage()
                .contains("maxIterations"));
        ConstrainedProblem crossed = new ConstrainedProblem() {
            public int dimension() { return 1; }
            public double value(double[] x) { return x[0]; }
            public void gradient(double[] x, double[] g) { g[0] = 1; }
            public double[] lower() { return new double[] {2}; }
            public double[] upper() { return new double[] {1}; }
        };
        assertTrue(assertThrows(BadInputException.class, () -> Slsqp.defaults().minimize(crossed, new double[] {0}))
                .getMessage().contains("lower"));
    }
}
