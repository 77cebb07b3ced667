package org.polymorph.analysis.dks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import org.polymorph.core.method.BadInputException;

/**
 * Solves for the parameters of φ̂(x) = output_scale·(φ(input_scale·x + input_shift) + output_shift) that meet the
 * DKS conditions (Q(1) = 1, Q′(1) = local_q_slope, C(0) = 0, max over subnetworks of C′_f(1) = ζ) or the TAT ones
 * (Q(1) = 1, Q′(1) = 1, C′(1) = 1, max C″_f(1) = τ; leaky ReLU: max C_f(0) = η).
 *
 * <p>The procedure is the one of google-deepmind/dks {@code dks/base/activation_transform.py}, so that the same root
 * is found: the network-level target is turned into a per-layer one by its bisection (tolerance 1e-8, first guess
 * 1.1 for the slope, 0.1 for the curvature, 0.5 for the leaky ReLU slope); output_shift (C(0) target) and
 * output_scale (Q(1) = 1) are computed directly; the remaining parameters are found by a hybrid root finder started
 * from the reference's fixed points in its order (input_scale ∈ (1, 0.1), input_shift ∈ (0, 1, −1), output_shift ∈
 * (0, 1, −1), negative_slope ∈ (0, 0.5), as a Cartesian product), then from 50 − that many uniform random points
 * drawn with MT19937 seed 123; the first converged root (not rejected by TAT's input_scale·output_scale &lt; 2) wins.
 */
public final class TransformSolver {
    private static final long SEED = 123;
    private static final int TRIES = 50;
    /** ReLU's largest local C′(1) reachable with a positive input shift (the reference's constant). */
    private static final double RELU_MAX_SLOPE_POSITIVE_SHIFT = 1.466942206924260361;

    /** A solved transform, the per-layer target it met, and the index of the starting point that found it. */
    public record Solution(ActivationTransform transform, String localTargetName, double localTarget, int start,
                           List<String> warnings) {
        public Solution { warnings = List.copyOf(warnings); }
    }

    /** The per-layer conditions φ̂ must meet, one residual each (value − target). */
    private enum Condition { Q_SLOPE, C_SLOPE_1, C_CURVATURE }

    /** One search: the free parameters (in the reference's order), the conditions, and C(0)'s target if fixed. */
    private record Problem(Activation act, List<String> free, Map<Condition, Double> conditions, OptionalDouble cVal0,
                           double fixedInputShift, boolean tat) { }

    private record Found(ActivationTransform transform, int start) { }

    private TransformSolver() { }

    /** DKS with maximal C-map slope ζ = {@code cSlope1} (&gt; 1) and local Q-map slope {@code localQSlope}. */
    public static Solution dks(Activation act, Subnetwork net, double cSlope1, double localQSlope) {
        if (!(cSlope1 > 1.0)) {
            throw BadInputException.forParam("c_slope_1", cSlope1, "DKS needs a maximal C-map slope above 1",
                    "give c_slope_1 > 1, e.g. 1.5");
        }
        double local = solveIncreasing("c_slope_1", x -> net.apply(1.0, y -> x * y), cSlope1, 1.1, 1.0,
                Double.POSITIVE_INFINITY);
        List<String> warnings = new ArrayList<>();
        Map<Condition, Double> conditions = new LinkedHashMap<>();
        Problem p;
        if (act == Activation.RELU) {
            warnings.add("ReLU under DKS is highly discouraged (its local Q-map slope cannot be set): "
                    + "use activation=leaky_relu");
            conditions.put(Condition.C_SLOPE_1, local);
            double shift = local < RELU_MAX_SLOPE_POSITIVE_SHIFT ? 1.0 : -1.0;
            p = new Problem(act, List.of("input_scale"), conditions, OptionalDouble.of(0.0), shift, false);
        } else {
            conditions.put(Condition.Q_SLOPE, localQSlope);
            conditions.put(Condition.C_SLOPE_1, local);
            List<String> free = act == Activation.LEAKY_RELU
                    ? List.of("negative_slope", "input_shift") : List.of("input_scale", "input_shift");
            p = new Problem(act, free, conditions, OptionalDouble.of(0.0), 0.0, false);
        }
        Found f = search(p);
        return new Solution(f.transform, "local_c_slope_1", local, f.start, warnings);
    }

    /**
     * TAT: for leaky_relu the maximal C_f(0) is η = {@code cVal0} ∈ [0, 1]; for smooth activations the maximal
     * C″_f(1) is τ = {@code cCurve} &gt; 0. ReLU is not supported.
     */
    public static Solution tat(Activation act, Subnetwork net, double cVal0, double cCurve) {
        if (act == Activation.RELU) {
            throw BadInputException.forParam("activation", "relu", "TAT does not support ReLU",
                    "use activation=leaky_relu with method=tat, or method=dks");
        }
        if (act == Activation.LEAKY_RELU) {
            if (!(cVal0 >= 0.0 && cVal0 <= 1.0)) {
                throw BadInputException.forParam("c_val_0", cVal0, "outside [0, 1]", "give c_val_0 in [0, 1], e.g. 0.9");
            }
            double alpha = solveIncreasing("c_val_0",
                    a -> 1.0 - net.apply(0.0, c -> Dks.leakyReluCMap(c, a)), 1.0 - cVal0, 0.5, 0.0, 1.0);
            // Q(1) = 1 for a leaky ReLU: output_scale = √(2/(1 + α²)) (TAT paper)
            ActivationTransform t = new ActivationTransform(act, 1.0, 0.0, 0.0, Math.sqrt(2.0 / (1.0 + alpha * alpha)), alpha);
            return new Solution(t, "negative_slope", alpha, -1, List.of());
        }
        if (!(cCurve > 0.0)) {
            throw BadInputException.forParam("c_curve", cCurve, "TAT needs a positive maximal C-map curvature",
                    "give c_curve > 0, e.g. 0.3");
        }
        double local = solveIncreasing("c_curve", x -> net.apply(0.0, y -> x + y), cCurve, 0.1, 0.0,
                Double.POSITIVE_INFINITY);
        Map<Condition, Double> conditions = new LinkedHashMap<>();
        conditions.put(Condition.Q_SLOPE, 1.0);
        conditions.put(Condition.C_SLOPE_1, 1.0);
        conditions.put(Condition.C_CURVATURE, local);
        Problem p = new Problem(act, List.of("input_scale", "input_shift", "output_shift"), conditions,
                OptionalDouble.empty(), 0.0, true);
        Found f = search(p);
        return new Solution(f.transform, "local_c_curve", local, f.start, List.of());
    }

    private static Found search(Problem p) {
        List<double[]> starts = startingPoints(p.free);
        for (int s = 0; s < starts.size(); s++) {
            PowellHybrid.Outcome o = PowellHybrid.solve(x -> residuals(p, x), starts.get(s));
            if (!o.converged()) continue;
            ActivationTransform t = transform(p, o.x());
            // the reference rejects TAT roots with input_scale·output_scale ≥ 2 (unstable Q maps)
            if (p.tat && t.inputScale() * t.outputScale() >= 2.0) continue;
            return new Found(t, s);
        }
        throw new BadInputException("no transformation of " + p.act.id() + " meets " + p.conditions
                + " from " + starts.size() + " starting points; try a less extreme target", "activation", p.act.id(),
                "try a less extreme target (c_slope_1 nearer 1.5, c_curve nearer 0.3) or another activation");
    }

    /** The reference's fixed points (Cartesian product in parameter order), then seeded uniform ones. */
    static List<double[]> startingPoints(List<String> free) {
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[0]);
        for (String name : free) {
            List<double[]> next = new ArrayList<>();
            for (double[] prefix : pts) {
                for (double v : alwaysTry(name)) {
                    double[] q = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    q[prefix.length] = v;
                    next.add(q);
                }
            }
            pts = next;
        }
        Mt19937 rng = new Mt19937(SEED);
        int fixed = pts.size();
        for (int i = 0; i < TRIES - fixed; i++) {
            double[] q = new double[free.size()];
            for (int j = 0; j < q.length; j++) q[j] = rng.uniform(low(free.get(j)), high(free.get(j)));
            pts.add(q);
        }
        return pts;
    }

    private static double[] alwaysTry(String name) {
        switch (name) {
            case "input_scale": return new double[] {1.0, 0.1};
            case "negative_slope": return new double[] {0.0, 0.5};
            default: return new double[] {0.0, 1.0, -1.0};          // input_shift, output_shift
        }
    }

    private static double low(String name) {
        return name.equals("input_scale") || name.equals("negative_slope") ? 0.0 : -3.0;
    }

    private static double high(String name) {
        return name.equals("input_scale") ? 2.0 : name.equals("negative_slope") ? 1.0 : 3.0;
    }

    /** φ̂ for a parameter vector: free parameters from x, output_shift (unless free) and output_scale computed. */
    static ActivationTransform transform(Problem p, double[] x) {
        double scale = 1.0, shift = p.fixedInputShift, outShift = 0.0, slope = Activation.DEFAULT_NEGATIVE_SLOPE;
        for (int i = 0; i < x.length; i++) {
            switch (p.free.get(i)) {
                case "input_scale": scale = x[i]; break;
                case "input_shift": shift = x[i]; break;
                case "output_shift": outShift = x[i]; break;
                default: slope = x[i];
            }
        }
        ActivationTransform t = new ActivationTransform(p.act, scale, shift, outShift, 1.0, slope);
        if (p.cVal0.isPresent()) t = t.withOutputShift(Math.sqrt(p.cVal0.getAsDouble()) - Dks.mean(t));
        return t.withOutputScale(1.0 / Math.sqrt(Dks.qMap(t, 1.0)));
    }

    private static double[] residuals(Problem p, double[] x) {
        ActivationTransform t = transform(p, x);
        double[] r = new double[p.conditions.size()];
        int i = 0;
        for (Map.Entry<Condition, Double> e : p.conditions.entrySet()) {
            double v;
            switch (e.getKey()) {
                case Q_SLOPE: v = Dks.localQSlope(t); break;
                case C_SLOPE_1: v = Dks.unnormalisedC(t, 1, 1.0); break;   // Q(1) = 1 by construction
                default: v = Dks.unnormalisedC(t, 2, 1.0);
            }
            r[i++] = v - e.getValue();
        }
        return r;
    }

    /**
     * x with fn(x) within 1e-8 of {@code target} for an increasing fn, by the reference's search: halve towards min
     * when above, towards max (doubling while max is infinite) when below; at most 100 evaluations.
     */
    static double solveIncreasing(String param, DoubleUnaryOperator fn, double target, double input, double min, double max) {
        double x = input, lo = min, hi = max;
        for (int i = 0; i < 100; i++) {
            double v = fn.applyAsDouble(x);
            if (Math.abs(v - target) < 1e-8) return x;
            if (v > target) {
                hi = x;
                x = 0.5 * (x + lo);
            } else if (v < target) {
                lo = x;
                x = Double.isInfinite(hi) ? 2 * x : 0.5 * (x + hi);
            } else {
                break;  // NaN
            }
        }
        throw BadInputException.forParam(param, target, "not reachable for this subnetwork (a shallow network "
                + "cannot be made that nonlinear with this activation)", "use a value nearer linear (c_val_0 lower, "
                + "c_slope_1 or c_curve smaller) or a deeper subnet");
    }
}
