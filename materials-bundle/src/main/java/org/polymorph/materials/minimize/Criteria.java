package org.polymorph.materials.minimize;

/**
 * When a minimisation stops: every atomic force below {@code fmax} (energy/length, eV/Å for metal)
 * and, with a cell filter, every stress component within {@code stress} of the target (the unit
 * system's pressure unit: GPa for metal), or after {@code maxSteps} iterations (not converged).
 */
public record Criteria(double fmax, double stress, int maxSteps) {
    public Criteria {
        if (!(fmax > 0) || !Double.isFinite(fmax)) throw new IllegalArgumentException("fmax = " + fmax + "; give a force tolerance > 0");
        if (!(stress > 0) || !Double.isFinite(stress)) throw new IllegalArgumentException("stress = " + stress + "; give a stress tolerance > 0");
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps = " + maxSteps + "; give at least 1");
    }

    /** ASE's defaults: fmax 0.05 eV/Å; here also 0.01 GPa and 1000 steps. */
    public static Criteria defaults() { return new Criteria(0.05, 0.01, 1000); }
}
