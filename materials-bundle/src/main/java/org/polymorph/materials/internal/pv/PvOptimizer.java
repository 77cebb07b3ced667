package org.polymorph.materials.internal.pv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.materials.pv.DesignInputs;
import org.polymorph.materials.pv.PvAdjoint;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.PvVariables;
import org.polymorph.materials.pv.SunSpectrum;
import org.polymorph.optimizers.constrained.ConstrainedProblem;
import org.polymorph.optimizers.constrained.Slsqp;
import org.polymorph.optimizers.constrained.SlsqpResult;

/**
 * Maximises the PCE of a design over {@link PvVariables} under {@link PvConstraints}, as deltapv's
 * {@code optimize/psc.py}: SLSQP on f(x) = −PCE(%) with the adjoint gradient ({@link PvAdjoint}) chained to x, or
 * uniform random search in the bounds. Every J–V sweep is a solve, recorded in order; a sweep whose Newton solve fails
 * ({@link ArithmeticException}) counts as a solve with PCE 0 and a zero gradient, and is logged with its x.
 */
final class PvOptimizer {
    private static final Logger LOG = LogManager.getLogger(PvOptimizer.class);
    /** A design is feasible when every constraint g_k ≥ −this (the constraints' own units, eV for band offsets). */
    static final double FEASIBILITY = 1e-6;
    /** Random search gives up after this many infeasible draws per sample. */
    private static final int REDRAWS_PER_SAMPLE = 10_000;

    /** One J–V sweep: x [n], PCE (%), whether x met the constraints and whether the solve failed. */
    record Solve(double[] x, double pce, boolean feasible, boolean failed) { }

    /**
     * The search's outcome: every solve in order, the best feasible one ({@code best} its index in {@code solves},
     * −1 when none), the start design's PCE, SLSQP's iterations and status ("" for random search) and the random
     * draws rejected as infeasible.
     */
    record Outcome(List<Solve> solves, int best, PvSimulator.Result bestForward, double initialPce, int iterations,
                   String status, int rejected) { }

    private final PvDesign design;
    private final SunSpectrum sun;
    private final PvVariables vars;
    private final PvConstraints constraints;
    private final Progress progress;
    private final List<Solve> solves = new ArrayList<>();
    private int best = -1;
    private PvSimulator.Result bestForward;

    PvOptimizer(PvDesign design, SunSpectrum sun, PvVariables vars, PvConstraints constraints, Progress progress) {
        this.design = design;
        this.sun = sun;
        this.vars = vars;
        this.constraints = constraints;
        this.progress = progress;
    }

    /** θ per design path at x. */
    private ToDoubleFunction<String> theta(double[] x) {
        PvDesign d = vars.apply(design, x);
        return p -> DesignInputs.get(d, p, "constraints");
    }

    /** The constraints at x [m]. */
    double[] constraintValues(double[] x) { return constraints.values(theta(x)); }

    /** ∂g_k/∂x [m][n] at x. */
    double[][] constraintJacobian(double[] x) {
        ToDoubleFunction<String> th = theta(x);
        double[][] jac = new double[constraints.size()][];
        for (int k = 0; k < jac.length; k++) {
            Map<String, Double> dTheta = constraints.get(k).gradient(th);
            jac[k] = vars.chain(x, p -> dTheta.getOrDefault(p, 0.0));
        }
        return jac;
    }

    private boolean feasible(double[] x) {
        for (double g : constraintValues(x)) if (!(g >= -FEASIBILITY)) return false;
        return true;
    }

    /** A sweep's forward result (null when it failed) and PCE (%, 0 when it failed). */
    private record Sweep(PvSimulator.Result forward, double pce) { }

    /** The sweep at x; with {@code gradOut} non-null also ∂PCE/∂x [n] into it (zero when the solve fails). */
    private Sweep sweep(double[] x, double[] gradOut) {
        PvDesign d = vars.apply(design, x);
        try {
            PvSimulator.Result forward;
            if (gradOut != null) {
                PvAdjoint.Gradient g = PvAdjoint.gradient(d, sun);
                forward = g.forward();
                double[] dx = vars.chain(x, g::pce);
                System.arraycopy(dx, 0, gradOut, 0, dx.length);
            } else {
                forward = PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower());
            }
            return new Sweep(forward, forward.pce());
        } catch (ArithmeticException e) {
            LOG.warn("pv.optimize: the J-V solve failed at x = {} ({}); counted with PCE 0 and a zero gradient", Arrays.toString(x), e.getMessage());
            if (gradOut != null) Arrays.fill(gradOut, 0);
            return new Sweep(null, 0);
        }
    }

    /** Sweeps x (see {@link #sweep}), records the solve and reports progress; returns the PCE (%). */
    private double solve(double[] x, double[] gradOut) {
        Sweep sw = sweep(x, gradOut);
        boolean ok = feasible(x), failed = sw.forward() == null;
        solves.add(new Solve(x.clone(), sw.pce(), ok, failed));
        if (ok && !failed && (best < 0 || sw.pce() > solves.get(best).pce())) {
            best = solves.size() - 1;
            bestForward = sw.forward();
        }
        progress.update(solves.size(), 0, String.format(Locale.ROOT, "solve %d: PCE %.4f %%%s, best %.4f %%", solves.size(), sw.pce(),
                failed ? " (failed)" : ok ? "" : " (infeasible)", best < 0 ? Double.NaN : solves.get(best).pce()));
        return sw.pce();
    }

    /**
     * SLSQP from the design's own x (psc.py's {@code minimize(f, x0, method="SLSQP", jac=True, bounds, constraints)}):
     * each new point costs one forward sweep and its adjoint ({@link SweepMemo}), so f and its gradient share it.
     */
    Outcome slsqp(int maxIterations) {
        double[] x0 = vars.start(design);
        int n = vars.size();
        SweepMemo memo = new SweepMemo(n, true) {
            @Override protected double sweep(double[] x, double[] gradOut) {
                double pce = solve(x, gradOut);
                for (int k = 0; k < n; k++) gradOut[k] = -gradOut[k];
                return -pce;
            }
        };
        ConstrainedProblem problem = new ConstrainedProblem() {
            @Override public int dimension() { return n; }
            @Override public double value(double[] x) { return memo.value(x); }
            @Override public void gradient(double[] x, double[] grad) { memo.gradient(x, grad); }
            @Override public int inequalityCount() { return constraints.size(); }
            @Override public void inequalities(double[] x, double[] out) {
                double[] g = constraintValues(x);
                System.arraycopy(g, 0, out, 0, g.length);
            }
            @Override public void inequalityJacobian(double[] x, double[][] jac) {
                double[][] j = constraintJacobian(x);
                for (int k = 0; k < j.length; k++) System.arraycopy(j[k], 0, jac[k], 0, n);
            }
            @Override public double[] lower() { return vars.lower(); }
            @Override public double[] upper() { return vars.upper(); }
        };
        SlsqpResult r = Slsqp.defaults().maxIterations(maxIterations)
                .cancellation(() -> {
                    progress.checkCancelled("pv.optimize");
                    return false;
                }).minimize(problem, x0);
        double initial = solves.isEmpty() ? Double.NaN : solves.get(0).pce();
        return new Outcome(List.copyOf(solves), best, bestForward, initial, r.iterations(), r.status().name(), 0);
    }

    /**
     * Uniform random search: {@code samples} designs drawn in the bounds (a draw that violates a constraint is drawn
     * again, unsolved, and counted as rejected), each solved forward; the start design is swept first (not counted
     * as a solve, not a candidate) for the initial PCE. Deterministic for a seed.
     */
    Outcome random(int samples, long seed) {
        double initial = sweep(vars.start(design), null).pce();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lo = vars.lower(), hi = vars.upper();
        int rejected = 0;
        for (int s = 0; s < samples; s++) {
            double[] x = new double[lo.length];
            for (int tries = 0; ; tries++) {
                if (tries > REDRAWS_PER_SAMPLE) {
                    throw BadInputException.forParam("constraints", constraints.size() + " constraints",
                            "rejected " + tries + " random designs in a row: the feasible part of the bounds is tiny or empty",
                            "widen the variables' bounds or loosen the constraints");
                }
                for (int k = 0; k < x.length; k++) x[k] = lo[k] + (hi[k] - lo[k]) * rng.nextDouble();
                if (feasible(x)) break;
                rejected++;
            }
            progress.checkCancelled("pv.optimize");
            solve(x, null);
        }
        return new Outcome(List.copyOf(solves), best, bestForward, initial, 0, "", rejected);
    }
}
