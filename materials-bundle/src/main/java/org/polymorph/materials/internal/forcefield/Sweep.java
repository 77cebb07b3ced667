package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * ff.fit's weight sweep: one fit per weighting of the target groups (targets grouped by
 * {@link Target#kind()}), all from the same start, and the trade-off table: every target of the fit
 * evaluated at each fitted parameter set. Syntax {@code elastic:1,phonons:0/elastic:1,phonons:3/...}:
 * weightings separated by '/' ({@link ListSyntax}; ';' quoted still reads), each a comma list of kind:weight
 * (weight ≥ 0, finite); a group not named
 * keeps the weight its targets were given. A weight of 0 leaves the group out of that fit (not
 * multiplied by 0: a phonon term's soft modes would still veto steps); it is still evaluated afterwards.
 */
public final class Sweep {
    /** The form of sweep=, for describe and messages. */
    static final String FORM = "weightings separated by '/', each kind:weight,... e.g. elastic:1,phonons:0/elastic:1,phonons:3";

    /** At most this many weightings in one run. */
    static final int MAX_WEIGHTINGS = 20;

    /** One weighting: kind → weight, in the order written. */
    public record Weighting(Map<String, Double> weights) {
        /** "elastic 1, phonons 3". */
        public String label() {
            StringBuilder b = new StringBuilder();
            for (var e : weights.entrySet()) b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(num(e.getValue()));
            return b.toString();
        }
    }

    /**
     * One fitted weighting: the full fitted parameters (file order), the final loss and step count, and
     * each target's model values at the fitted parameters (NaN where a target cannot be evaluated there,
     * e.g. a phonon target with a soft mode).
     */
    public record Row(Weighting weighting, double[] fitted, double lossFinal, int steps, double[][] values) { }

    private Sweep() { }

    /** The weightings of {@code text}, checked against the fit's targets. */
    public static List<Weighting> parse(String text, List<Target> targets) {
        Set<String> kinds = new LinkedHashSet<>();
        for (Target t : targets) kinds.add(t.kind());
        List<Weighting> out = new ArrayList<>();
        List<String> parts = ListSyntax.items("sweep", text, FORM);
        if (parts.size() > MAX_WEIGHTINGS) throw new IllegalArgumentException("sweep: " + parts.size() + " weightings; give at most " + MAX_WEIGHTINGS);
        for (String part : parts) {
            Map<String, Double> w = new LinkedHashMap<>();
            for (String kv : ListSyntax.elements("sweep", text, part, FORM)) {
                String[] f = kv.split(":", -1);
                if (f.length != 2) throw new IllegalArgumentException("sweep: '" + kv + "' is not kind:weight; write elastic:1,phonons:3");
                String kind = f[0].trim();
                if (!kinds.contains(kind)) throw new IllegalArgumentException("sweep: '" + kind + "' is not a target of this fit; use one of " + kinds);
                double v;
                try {
                    v = ListSyntax.number("sweep", text, f[1], FORM);
                } catch (BadInputException e) {
                    throw new IllegalArgumentException("sweep: weight '" + f[1].trim() + "' of " + kind + " is not a number", e);
                }
                if (!(v >= 0 && Double.isFinite(v))) throw new IllegalArgumentException("sweep: weight " + v + " of " + kind + "; give a finite weight >= 0");
                if (w.put(kind, v) != null) throw new IllegalArgumentException("sweep: " + kind + " given twice in '" + part.trim() + "'");
            }
            Weighting wt = new Weighting(w);
            if (reweighted(targets, wt).isEmpty()) throw new IllegalArgumentException("sweep: weighting '" + part.trim() + "' leaves no target with weight > 0");
            out.add(wt);
        }
        return out;
    }

    /** The targets with the weighting's weights; weight-0 targets left out. */
    static List<Target> reweighted(List<Target> targets, Weighting w) {
        List<Target> out = new ArrayList<>();
        for (Target t : targets) {
            double v = weightOf(t, w);
            if (v > 0) out.add(v == t.weight() ? t : t.withWeight(v));
        }
        return out;
    }

    /** Fits one weighting from the fit's start (a gradient optimizer it names from {@code optimizers}) and evaluates every target of {@code fit} at the result. */
    public static Row run(AD ad, PotentialCatalog catalog, ServiceCatalog<OptimizerProvider> optimizers, Fit fit, Weighting w, Runner.Observer obs) {
        Fit one = new Fit(fit.style(), fit.potentialFile(), fit.element(), fit.free(), fit.bounds(), reweighted(fit.targets(), w),
                fit.optimizer(), fit.steps(), fit.learningRate(), fit.seed());
        Fitter f = new Fitter(ad, catalog, optimizers, one);
        FitResult r = f.run(f.fresh(), obs);
        return evaluate(ad, catalog, fit, w, r.fitted(), r.loss()[r.loss().length - 1], r.loss().length - 1);
    }

    /** A row from fitted parameters: every target of {@code fit} evaluated there. */
    static Row evaluate(AD ad, PotentialCatalog catalog, Fit fit, Weighting w, double[] fitted, double loss, int steps) {
        double[][] v = new double[fit.targets().size()][];
        for (int t = 0; t < v.length; t++) {
            // the objective alone: no optimizer runs (a gradient optimizer's name would need the optimizer catalog)
            Fit alone = new Fit(fit.style(), fit.potentialFile(), fit.element(), fit.free(), fit.bounds(), List.of(fit.targets().get(t)),
                    Fitter.LBFGS, 0, fit.learningRate(), fit.seed());
            Objective f = new Fitter(ad, catalog, alone).objective();
            try {
                v[t] = f.properties(f.scaled(fitted))[0];
            } catch (ArithmeticException e) {
                v[t] = new double[fit.targets().get(t).values().length];
                java.util.Arrays.fill(v[t], Double.NaN);
            }
        }
        return new Row(w, fitted.clone(), loss, steps, v);
    }

    /** The weight a target gets under a weighting (its own where the weighting does not name its kind). */
    public static double weightOf(Target t, Weighting w) { return w.weights().getOrDefault(t.kind(), t.weight()); }

    /** RMS of (model − target)/|target| in %, or NaN for a target holding a zero value (pressure). */
    public static double rmsRelativePercent(Target t, double[] model) {
        double[] tv = t.values();
        double s = 0;
        for (int k = 0; k < tv.length; k++) {
            if (tv[k] == 0) return Double.NaN;
            s += Math.pow((model[k] - tv[k]) / Math.abs(tv[k]), 2);
        }
        return 100 * Math.sqrt(s / tv.length);
    }

    /** RMS of model − target in the target's units (GPa, eV/atom, THz). */
    public static double rmsAbsolute(Target t, double[] model) {
        double[] tv = t.values();
        double s = 0;
        for (int k = 0; k < tv.length; k++) s += Math.pow(model[k] - tv[k], 2);
        return Math.sqrt(s / tv.length);
    }

    static String num(double v) { return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%g", v); }
}
