package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchyEnergy;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * What patchy.design maximises: the equilibrium yield of a target cluster as a function of P design parameters
 * θ [P] inside a box of bounds, with its gradient. A point where the yield cannot be evaluated (a cluster species
 * without a rigid minimum there) is a failed sample of yield 0, not an error.
 */
abstract class DesignObjective {
    /** One evaluation: θ [P], the target's share of the bodies, dY/dθ [P] (null when not asked for or failed), and why it failed (null). */
    record Sample(double[] theta, double yield, double[] gradient, String failure) {
        boolean failed() { return failure != null; }
    }

    private final List<String> names;
    private final double[] lower, upper, start;

    /** Parameter names [P] for reports, bounds [P] and the start of the gradient ascent [P] inside them. */
    DesignObjective(List<String> names, double[] lower, double[] upper, double[] start) {
        this.names = List.copyOf(names);
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.start = start.clone();
    }

    List<String> names() { return names; }

    double[] lower() { return lower.clone(); }

    double[] upper() { return upper.clone(); }

    double[] start() { return start.clone(); }

    /** The target's share of the bodies (scalar) from θ, scalar Vars [1] each. */
    abstract Var share(Ops o, Var[] theta);

    /** The target's yield at θ, with its gradient by reverse mode when {@code gradient}. */
    Sample evaluate(AD ad, double[] theta, boolean gradient) {
        Ops o = ad.ops();
        Var[] at = constants(o, theta);
        try {
            if (!gradient) return new Sample(theta.clone(), share(o, at).item(), null, null);
            double[] y = new double[1];
            Var[] g = ad.grad(v -> {
                Var s = share(o, v);
                y[0] = s.item();
                return s;
            }, at);
            double[] grad = new double[theta.length];
            for (int i = 0; i < grad.length; i++) grad[i] = g[i].item();
            return new Sample(theta.clone(), y[0], grad, null);
        } catch (ArithmeticException e) {
            return new Sample(theta.clone(), 0, null, e.getMessage());
        }
    }

    /**
     * A cluster relaxed at some θ, for snapshots: its model, its bodies at the minimum centred in a square (2D) or cubic
     * (3D) cell with {@value #ROOM} length units of room on every side, and the patch positions [t][m][d] in the body frame.
     */
    record Cluster(PatchyModel model, Configuration bodies, double[][][] patches) { }

    /** The core diameter σ of every design (length unit). */
    static final double CORE_SIGMA = 1;

    /** Room (length units, core diameters) between a snapshot's bodies and its cell's faces. */
    static final double ROOM = 1.5;

    /**
     * The target cluster minimised at θ (as an evaluation finds it, without gradient), or null where this objective has
     * no single relaxed cluster or θ has no minimum.
     */
    Cluster target(AD ad, double[] theta) { return null; }

    /** Scalar constants [1] of θ [P]. */
    static Var[] constants(Ops o, double[] theta) {
        Var[] at = new Var[theta.length];
        for (int i = 0; i < theta.length; i++) at[i] = scalar(o, theta[i]);
        return at;
    }

    /** The cluster species {@code target} relaxed by {@code yields} at parameters {@code p}, or null where it has no rigid minimum. */
    static Cluster relaxed(Ops o, EquilibriumYields yields, PatchyModel model, ClusterSpecies target, PatchyParams p) {
        try {
            return cluster(o, model, target.types(), yields.freeEnergy(target, p), p);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The {@link Cluster} of bodies of {@code types} [n] of {@code model} at the minimum of their free energy {@code f} with parameters {@code p}. */
    static Cluster cluster(Ops o, PatchyModel model, int[] types, EquilibriumYields.FreeEnergy f, PatchyParams p) {
        int d = model.dimension();
        double[][] rows = f.minimum(), refs = f.referenceRotations();
        PatchyEnergy energy = new PatchyEnergy(model);
        double[] min = new double[d], max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] r : rows) {
            for (int a = 0; a < d; a++) {
                min[a] = Math.min(min[a], r[a]);
                max[a] = Math.max(max[a], r[a]);
            }
        }
        double edge = 0;
        for (int a = 0; a < d; a++) edge = Math.max(edge, max[a] - min[a] + 2 * ROOM);
        double[][] centres = new double[rows.length][d], rotations = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            for (int a = 0; a < d; a++) centres[i][a] = rows[i][a] - 0.5 * (min[a] + max[a]) + 0.5 * edge;
            rotations[i] = energy.rotation(o, rows[i], refs == null ? null : refs[i]);
        }
        double[] box = new double[d];
        java.util.Arrays.fill(box, edge);
        double[][][] patches = new double[p.patches().length][][];
        for (int t = 0; t < patches.length; t++) {
            double[] flat = o.tensors().toDoubleArray(p.patches()[t].value());
            patches[t] = new double[flat.length / d][];
            for (int k = 0; k < patches[t].length; k++) patches[t][k] = java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d);
        }
        return new Cluster(model, new Configuration(types, centres, rotations, box), patches);
    }

    /**
     * Parameters of one body type with patches [m, d] and one patch species of well depth ε and range α (scalars [1]),
     * r0 = 0, soft-sphere cores of diameter σ = 1, exponent 2 and strength {@code coreEps} (kT).
     */
    static PatchyParams params(Ops o, Var patches, Var eps, Var alpha, double coreEps) {
        return new PatchyParams(new Var[] {patches}, o.reshape(eps, 1, 1), o.reshape(alpha, 1, 1), scalar(o, 0), scalar(o, coreEps),
                scalar(o, CORE_SIGMA), scalar(o, 2));
    }

    /** Entry {@code index} of a vector as a scalar. */
    static Var entry(Ops o, Var v, int index) { return o.sum(o.sliceAxis(v, 0, index, index + 1)); }

    static Var scalar(Ops o, double v) { return o.constant(new double[] {v}, 1); }
}
