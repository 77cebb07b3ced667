package org.polymorph.materials.internal.dynamics;

import java.util.Arrays;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Pieces shared by the integrators: kicks, drifts, guarded force evaluation, argument checks. */
final class Steps {
    private Steps() { }

    /** v += dt · f/m · ftm2v for every atom; v, f [3N]. */
    static void kick(double[] v, double[] f, double[] mass, double dt, UnitSystem u) {
        double c = dt * u.ftm2v();
        for (int i = 0; i < mass.length; i++) {
            double a = c / mass[i];
            v[3 * i] += a * f[3 * i];
            v[3 * i + 1] += a * f[3 * i + 1];
            v[3 * i + 2] += a * f[3 * i + 2];
        }
    }

    /** As {@link #kick(double[], double[], double[], double, UnitSystem)} with the forces of {@code ev}, read in place. */
    static void kick(double[] v, Evaluation ev, double[] mass, double dt, UnitSystem u) {
        double c = dt * u.ftm2v();
        for (int i = 0; i < mass.length; i++) {
            double a = c / mass[i];
            v[3 * i] += a * ev.force(i, 0);
            v[3 * i + 1] += a * ev.force(i, 1);
            v[3 * i + 2] += a * ev.force(i, 2);
        }
    }

    /** r += dt · v. */
    static void drift(double[] r, double[] v, double dt) {
        for (int i = 0; i < r.length; i++) r[i] += dt * v[i];
    }

    /** Σ m v² · mvv2e = 2 KE (energy). */
    static double twiceKinetic(double[] v, double[] mass, UnitSystem u) {
        double s = 0;
        for (int i = 0; i < mass.length; i++) s += mass[i] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
        return s * u.mvv2e();
    }

    /** A force evaluation with the atoms it was made at. */
    record Evaluated(Atoms atoms, ForceField.Computed computed) {
        Evaluation evaluation() { return computed.evaluation(); }
    }

    /** As {@link #evaluate}, also returning the Atoms built from r (for the next State). */
    static Evaluated evaluated(ForceField ff, Atoms template, double[] r, NeighborList previous, long step) {
        checkFinite(r, "position", step);
        Atoms a = template.withPositions(r);
        ForceField.Computed c = ff.compute(a, previous, step);
        checkFinite(c.evaluation(), step);
        return new Evaluated(a, c);
    }

    /** Forces at positions r in {@code box}; a non-finite position or force throws naming the step and the atom. */
    static ForceField.Computed evaluate(ForceField ff, Atoms template, double[] r, Box box, NeighborList previous, long step) {
        checkFinite(r, "position", step);
        Atoms a = box == null ? template.withPositions(r) : new Atoms(r, template.types(), template.typeNames(), template.masses(), box);
        ForceField.Computed c = ff.compute(a, previous, step);
        checkFinite(c.evaluation(), step);
        return c;
    }

    /** The state at step 0: forces of {@code atoms} evaluated (guarded), time 0, the given extended-system variables. */
    static State start(ForceField ff, Atoms atoms, double[] velocities, RandomKey key, State.Chain thermostat, State.Barostat barostat,
                       double reservoir, int dof, UnitSystem units) {
        ForceField.Computed c = evaluate(ff, atoms, atoms.positions(), null, null, 0);
        return new State(atoms, velocities, c.evaluation(), c.neighbors(), 0, 0, key, thermostat, barostat,
                reservoir, dof, units);
    }

    /** Every force component and the energy finite, else a {@link Blowup} naming the step and the atom. */
    static void checkFinite(Evaluation ev, long step) {
        for (int i = 0, n = ev.atoms(); i < n; i++) {
            for (int k = 0; k < 3; k++) {
                if (!Double.isFinite(ev.force(i, k))) {
                    throw new Blowup(step, i, "has a non-finite force component " + "xyz".charAt(k) + " = " + ev.force(i, k));
                }
            }
        }
        if (!Double.isFinite(ev.energy())) throw new Blowup(step, -1, "the potential energy is " + ev.energy());
    }

    static void checkFinite(double[] x, String what, long step) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new Blowup(step, i / 3, "has a non-finite " + what + " component " + "xyz".charAt(i % 3) + " = " + x[i]);
            }
        }
    }

    /** The largest factor by which a barostat may stretch or shrink a lattice vector, or the volume, in one step. */
    static final double CELL_FACTOR = 2;

    /**
     * {@code box} with the cell h (row-major 3×3, columns the lattice vectors) a barostat moved it to at
     * {@code step}. A healthy barostat changes the cell by a fraction of a percent per step; a non-finite
     * cell, or one whose volume or a lattice vector's length changed by more than {@value #CELL_FACTOR}
     * times in the step, is a {@link Blowup} of the barostat (and would have the neighbour search allocate
     * for a cell of any size).
     */
    static Box movedCell(Box box, double[] h, long step) {
        double[] h0 = box.h();
        double v0 = Box.det(h0);
        double v1 = Box.det(h);
        boolean finite = Double.isFinite(v1);
        for (double x : h) finite &= Double.isFinite(x);
        boolean gentle = finite && within(v1 / v0);
        for (int j = 0; j < 3 && gentle; j++) gentle = within(Math.sqrt(squaredColumn(h, j) / squaredColumn(h0, j)));
        if (gentle) return box.withCell(h);
        throw new Blowup(step, -1, "the barostat moved the cell from volume " + v0 + " to " + (finite ? "volume " + v1 + ", lattice vectors "
                + Arrays.toString(h) : "a non-finite entry " + Arrays.toString(h)) + " in one step (a longer barostat time constant also slows the cell)");
    }

    private static boolean within(double ratio) { return ratio <= CELL_FACTOR && ratio >= 1 / CELL_FACTOR; }

    private static double squaredColumn(double[] h, int j) { return h[j] * h[j] + h[3 + j] * h[3 + j] + h[6 + j] * h[6 + j]; }

    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) throw new IllegalArgumentException(name + " = " + value + "; give a finite value > 0");
        return value;
    }

    /** v[3N] ← v − V_cm with V_cm = Σ mᵢvᵢ / Σ mᵢ (masses m [N]): the total momentum becomes zero. */
    static void removeCentreOfMassVelocity(double[] v, double[] m) {
        double[] p = Thermo.massWeightedMean(v, m);
        for (int i = 0; i < m.length; i++) for (int d = 0; d < 3; d++) v[3 * i + d] -= p[d];
    }
}
