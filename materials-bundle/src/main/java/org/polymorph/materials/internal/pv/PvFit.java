package org.polymorph.materials.internal.pv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.pv.IvDiscrepancy;
import org.polymorph.materials.pv.PvAdjoint;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.PvVariables;
import org.polymorph.materials.pv.SunSpectrum;
import org.polymorph.optimizers.constrained.ConstrainedProblem;
import org.polymorph.optimizers.constrained.Slsqp;
import org.polymorph.optimizers.constrained.SlsqpResult;

/**
 * The inverse problem of deltapv's {@code optimize/multi.py}: minimise the polar J–V discrepancy
 * ({@link IvDiscrepancy}) between the simulated sweep of {@code variables.apply(design, x)} and a measured curve, over
 * x within the variables' bounds, by SLSQP with the adjoint gradient dD/dx = Σ_k dD/dJ_k · ∂J_k/∂θ · dθ/dx
 * ({@link PvAdjoint}, {@link PvVariables#chain}). The simulated curve's biases are k·voltage_step (as deltapv's
 * 0.05·index); a design whose solve fails (Newton diverges, or a value leaves the valid range) is worth +∞, so the
 * line search backs off.
 */
final class PvFit {
    private PvFit() { }

    /** The Newton tolerance of each bias solve (kT/q), deltapv's, as {@link PvSimulator#simulate(org.polymorph.materials.pv.PvCell, double, double)}. */
    static final double NEWTON_TOLERANCE = 1e-6;

    /** A J–V curve: biases (V) and currents (A/cm², positive at short circuit) [m]. */
    record Curve(double[] v, double[] j) {
        Curve {
            if (v.length != j.length || v.length < 2) {
                throw new IllegalArgumentException("a J-V curve needs at least 2 points and one current per bias, got "
                        + v.length + " biases and " + j.length + " currents");
            }
        }

        /** A simulated sweep, its biases taken as k·voltageStep. */
        static Curve of(PvSimulator.Result r, double voltageStep) {
            double[] v = new double[r.current().length];
            for (int k = 0; k < v.length; k++) v[k] = k * voltageStep;
            return new Curve(v, r.current());
        }
    }

    /** One accepted iterate: iteration (0 the start), D(x) and x [k]. */
    record Step(int iteration, double objective, double[] x) { }

    /** The SLSQP outcome, the iterates, and the fitted design's sweep. */
    record Outcome(SlsqpResult result, List<Step> trace, PvDesign fitted, Curve fittedCurve) { }

    /**
     * Fits {@code variables} of {@code design} to {@code measured} under {@code sun}, at most {@code maxIterations}
     * SLSQP iterations with stopping tolerance {@code tolerance} (scipy's ftol), calling {@code onStep} per iterate.
     * @throws BadInputException naming "design" when the start design cannot be simulated
     */
    static Outcome run(PvDesign design, PvVariables variables, Curve measured, SunSpectrum sun, int maxIterations, double tolerance,
                       Consumer<Step> onStep, BooleanSupplier cancelled) {
        Objective problem = new Objective(design, variables, measured, sun, NEWTON_TOLERANCE);
        double[] x0 = variables.start(design);
        for (int k = 0; k < x0.length; k++) x0[k] = Math.min(Math.max(x0[k], variables.lower()[k]), variables.upper()[k]);
        double f0 = problem.value(x0);
        if (!Double.isFinite(f0)) {
            throw BadInputException.forParam("design", PvInputs.abbreviate(String.valueOf(design.toJson())),
                    "cannot be simulated at the start point (" + problem.failure + ")", "start from a design that pv.simulate solves");
        }
        List<Step> trace = new ArrayList<>();
        Step first = new Step(0, f0, x0.clone());
        trace.add(first);
        onStep.accept(first);
        SlsqpResult r = Slsqp.defaults().maxIterations(maxIterations).tolerance(tolerance).cancellation(cancelled)
                .callback((it, x, f, ev) -> {
                    Step s = new Step(it, f, x.clone());
                    trace.add(s);
                    onStep.accept(s);
                }).minimize(problem, x0);
        PvDesign fitted = variables.apply(design, r.x());
        PvSimulator.Result sim = PvSimulator.simulate(fitted.cell(sun), fitted.voltageStep(), sun.totalPower());
        return new Outcome(r, List.copyOf(trace), fitted, Curve.of(sim, fitted.voltageStep()));
    }

    /** D(x) and dD/dx; the sweep at the last point is remembered ({@link SweepMemo}), as SLSQP asks again at accepted points. */
    static final class Objective implements ConstrainedProblem {
        final PvDesign design;
        final PvVariables variables;
        final Curve measured;
        final SunSpectrum sun;
        final double tolerance;
        private final SweepMemo memo;
        /** Why the last failed evaluation failed. */
        String failure = "";

        /** {@code tolerance}: the bias solves' Newton tolerance (kT/q) of the forward and adjoint runs. */
        Objective(PvDesign design, PvVariables variables, Curve measured, SunSpectrum sun, double tolerance) {
            this.tolerance = tolerance;
            this.design = design;
            this.variables = variables;
            this.measured = measured;
            this.sun = sun;
            this.memo = new SweepMemo(variables.size(), false) {
                @Override protected double sweep(double[] x, double[] gradOut) { return discrepancy(x, gradOut); }
            };
        }

        @Override public int dimension() { return variables.size(); }

        @Override public double[] lower() { return variables.lower(); }

        @Override public double[] upper() { return variables.upper(); }

        @Override public double value(double[] x) { return memo.value(x); }

        @Override public void gradient(double[] x, double[] grad) { memo.gradient(x, grad); }

        /**
         * D at x by a forward sweep, or with {@code gradOut} non-null by the sweep of the adjoint run, dD/dx written
         * into it; a failed solve is D = +∞ (and a NaN gradient), its reason kept in {@link #failure}.
         */
        private double discrepancy(double[] x, double[] gradOut) {
            try {
                PvDesign d = variables.apply(design, x);
                if (gradOut == null) {
                    PvSimulator.Result r = PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower(), tolerance);
                    Curve c = Curve.of(r, d.voltageStep());
                    return IvDiscrepancy.value(c.v(), c.j(), measured.v(), measured.j());
                }
                PvAdjoint.Gradient g = PvAdjoint.gradient(d, sun, tolerance);
                Curve c = Curve.of(g.forward(), d.voltageStep());
                IvDiscrepancy.Gradient dg = IvDiscrepancy.gradient(c.v(), c.j(), measured.v(), measured.j());
                double[] dj = dg.dCurrent();
                double[] out = variables.chain(x, path -> {
                    double s = 0;
                    for (int k = 0; k < dj.length; k++) s += dj[k] * g.current(k, path);
                    return s;
                });
                System.arraycopy(out, 0, gradOut, 0, out.length);
                return dg.value();
            } catch (ArithmeticException | BadInputException e) {
                failure = e.getMessage();
                if (gradOut != null) Arrays.fill(gradOut, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
        }
    }
}
