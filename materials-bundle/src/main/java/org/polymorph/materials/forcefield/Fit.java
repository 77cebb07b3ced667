package org.polymorph.materials.forcefield;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fit: the style (sw, edip, tersoff) and the LAMMPS file holding the starting parameters of the
 * entry {@code element element element}; the free parameters (file names, e.g. "lambda", "A") with
 * optional bounds {@code name → [lo, hi]} in the file's units, all others fixed; the targets; the
 * optimizer ("lbfgs": projected L-BFGS with a projected Armijo search; since 2.1.0 any other name is that
 * of a registered gradient optimizer, such as "adam", applied with box constraints by projection), the
 * number of steps, the gradient optimizer's learning rate and the seed.
 * Free parameters are optimised in units of their starting values (x = θ/θ₀, θ₀ ≠ 0), so one
 * learning rate suits all of them; a parameter starting at 0 uses x = θ.
 */
public record Fit(String style, Path potentialFile, String element, List<String> free, Map<String, double[]> bounds, List<Target> targets,
                  String optimizer, int steps, double learningRate, long seed) {
    public Fit {
        free = List.copyOf(free);
        bounds = Map.copyOf(bounds);
        targets = List.copyOf(targets);
        if (free.isEmpty()) throw new IllegalArgumentException("fit: no free parameters; name at least one (free=lambda,A)");
        if (targets.isEmpty()) throw new IllegalArgumentException("fit: no targets; give at least one");
        if (optimizer == null || optimizer.isBlank()) throw new IllegalArgumentException("fit: no optimizer; name lbfgs or a registered gradient optimizer such as adam");
        if (steps < 0) throw new IllegalArgumentException("fit: steps = " + steps + "; give >= 0");
        if (!(learningRate > 0)) throw new IllegalArgumentException("fit: lr = " + learningRate + "; give > 0");
        for (Map.Entry<String, double[]> b : bounds.entrySet()) {
            if (!free.contains(b.getKey())) throw new IllegalArgumentException("fit: bounds for '" + b.getKey() + "', which is not free; free it or drop the bound");
            double[] v = b.getValue();
            if (v.length != 2 || !(v[0] <= v[1])) throw new IllegalArgumentException("fit: bounds of '" + b.getKey() + "' must be lo <= hi");
        }
    }
}
