package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The function a minimiser sees: x → (value, gradient). Positions only: x = r [3N], value = E.
 * With a cell filter (after ASE's UnitCellFilter): x = [r₀ [3N], c·F [9]] with h = h₀F, r = r₀F
 * (row vectors), c = √N (the cell's curvature V·B/c² = Ω·B does not fall with N, as it does with
 * ASE's c = N: FIRE took 3183 steps on 108 LJ atoms with c = N, 126 with √N); value = E + P·V; ∂/∂r₀ = F·∂E/∂r per atom and ∂/∂(cF) = F⁻ᵀ(−W + P·V·I)/c,
 * where W is the virial (3×3, symmetric) and δE = tr((−W)ᵀδ) for h → h(I + δ). One instance per
 * run: it keeps the neighbour list between evaluations.
 */
final class Objective {
    /** One evaluation: value (E or E + PV), gradient [dim], potential energy, largest force, stress residual, structure. */
    record Point(double value, double[] gradient, double energy, double fmax, double stress, Atoms atoms) { }

    private final ForceField ff;
    private final Atoms start;
    private final CellFilter cell;
    private final double[] h0;
    private final double c;
    private NeighborList nl;
    private int evaluations;

    Objective(ForceField ff, Atoms start, CellFilter cell) {
        this.ff = ff;
        this.start = start;
        this.cell = cell;
        Box b = start.box();
        if (cell != null && !(b.allPeriodic())) {
            throw new IllegalArgumentException("cell filter: the cell must be periodic on all three axes, got " + b
                    + "; minimise positions only for a cluster");
        }
        this.h0 = b.h();
        this.c = Math.sqrt(Math.max(1, start.size()));
    }

    int evaluations() { return evaluations; }

    double[] start() {
        double[] r = start.positions();
        if (cell == null) return r;
        double[] x = java.util.Arrays.copyOf(r, r.length + 9);
        for (int k = 0; k < 3; k++) x[r.length + 4 * k] = c;
        return x;
    }

    Point at(double[] x, int step) {
        evaluations++;
        checkFinite(x, "coordinate", step);
        int n3 = 3 * start.size();
        if (cell == null) {
            Atoms a = start.withPositions(x);
            ForceField.Computed r = ff.compute(a, nl);
            nl = r.neighbors();
            Evaluation ev = check(r.evaluation(), step);
            double[] g = ev.forces();
            for (int i = 0; i < g.length; i++) g[i] = -g[i];
            return new Point(ev.energy(), g, ev.energy(), fmax(ev.forces()), Double.NaN, a);
        }
        double[] f = new double[9];
        for (int k = 0; k < 9; k++) f[k] = x[n3 + k] / c;
        double[] r = new double[n3];
        for (int i = 0; i < n3; i += 3) {
            for (int j = 0; j < 3; j++) r[i + j] = x[i] * f[j] + x[i + 1] * f[3 + j] + x[i + 2] * f[6 + j];
        }
        Box box = start.box().withCell(Box.matmul(h0, f));
        Atoms a = new Atoms(r, start.types(), start.typeNames(), start.masses(), box);
        ForceField.Computed cr = ff.compute(a, nl);
        nl = cr.neighbors();
        Evaluation ev = check(cr.evaluation(), step);
        double[] w = ev.virial();
        double v = box.volume();
        double p = cell.pressure() / cell.units().nktv2p();
        double[] s = {-w[0] + p * v, -w[3], -w[4], -w[3], -w[1] + p * v, -w[5], -w[4], -w[5], -w[2] + p * v};
        double stress = 0;
        for (double sk : s) stress = Math.max(stress, Math.abs(sk) / v * cell.units().nktv2p());
        double[] fi = Box.inverse(f);
        double[] g = new double[n3 + 9];
        double[] frc = ev.forces();
        for (int i = 0; i < n3; i += 3) {
            for (int k = 0; k < 3; k++) g[i + k] = -(f[3 * k] * frc[i] + f[3 * k + 1] * frc[i + 1] + f[3 * k + 2] * frc[i + 2]);
        }
        for (int k = 0; k < 3; k++) {
            for (int b = 0; b < 3; b++) {
                double sum = 0;
                for (int q = 0; q < 3; q++) sum += fi[3 * q + k] * s[3 * q + b];
                g[n3 + 3 * k + b] = sum / c;
            }
        }
        return new Point(ev.energy() + p * v, g, ev.energy(), fmax(frc), stress, a);
    }

    boolean converged(Point pt, Criteria cr) {
        return pt.fmax() < cr.fmax() && (cell == null || pt.stress() < cr.stress());
    }

    /** Largest |f_i| over atoms. */
    static double fmax(double[] f) {
        double m = 0;
        for (int i = 0; i < f.length; i += 3) m = Math.max(m, f[i] * f[i] + f[i + 1] * f[i + 1] + f[i + 2] * f[i + 2]);
        return Math.sqrt(m);
    }

    private static Evaluation check(Evaluation ev, int step) {
        checkFinite(ev.forces(), "force", step);
        if (!Double.isFinite(ev.energy())) throw new ArithmeticException("minimisation step " + step + ": the energy is " + ev.energy());
        return ev;
    }

    private static void checkFinite(double[] x, String what, int step) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new ArithmeticException("minimisation step " + step + ": atom " + i / 3 + " has a non-finite " + what + " ("
                        + x[i] + "); check the potential and the starting structure");
            }
        }
    }
}
