package org.polymorph.materials.forcefield;

import java.util.List;

/**
 * The outcome of a fit. {@code names} are all the style's parameters (file order) with their
 * {@code start} and {@code fitted} values; {@code free} the optimised ones; {@code loss[k]} the
 * loss before step k (the last entry is the final loss) and {@code trajectory[k]} the free
 * parameters then; {@code reports} each target's model values before and after; {@code potentialFile}
 * the fitted LAMMPS file's text.
 */
public record FitResult(List<String> names, double[] start, double[] fitted, List<String> free, double[] loss, double[][] trajectory,
                        List<TargetReport> reports, String potentialFile) {

    /** One target's values: target, model before the fit, model after. */
    public record TargetReport(String kind, List<String> labels, double[] target, double[] before, double[] after, double weight) {
        /** Relative errors (model − target)/|target| (absolute for a zero target), before (false) or after (true). */
        public double[] relativeErrors(boolean after) {
            double[] m = after ? this.after : before;
            double[] e = new double[target.length];
            for (int k = 0; k < e.length; k++) e[k] = (m[k] - target[k]) / (target[k] == 0 ? 1 : Math.abs(target[k]));
            return e;
        }
    }

    public double fitted(String name) { return fitted[names.indexOf(name)]; }
}
