package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code lj/cut}: E = Σ_pairs 4ε[(σ/r)¹² − (σ/r)⁶] for r < rc, optionally shifted so that
 * E(rc) = 0 ({@code pair_modify shift yes}). ε and σ are per type pair [T, T]; the constructor for
 * one type uses the given values; mixed pairs use geometric mixing (LAMMPS's default).
 */
public final class LjCut implements Potential {
    /** ε [T, T] (energy), σ [T, T] (length), as Vars: what a fit differentiates. */
    public record Params(Var epsilon, Var sigma) { }

    private final double[] epsilon;    // [T*T]
    private final double[] sigma;      // [T*T]
    private final int types;
    private final double rc;
    private final boolean shift;

    public LjCut(double epsilon, double sigma, double cutoff, boolean shift) {
        this(new double[] {epsilon}, new double[] {sigma}, cutoff, shift);
    }

    /** Per-type ε and σ; pairs mix geometrically: ε_ij = √(ε_i ε_j), σ_ij = √(σ_i σ_j). */
    public LjCut(double[] epsilonPerType, double[] sigmaPerType, double cutoff, boolean shift) {
        if (epsilonPerType.length != sigmaPerType.length || epsilonPerType.length == 0) {
            throw new IllegalArgumentException("lj/cut: give one epsilon and one sigma per type");
        }
        if (!(cutoff > 0)) throw new IllegalArgumentException("lj/cut: cutoff = " + cutoff + "; give cutoff > 0");
        types = epsilonPerType.length;
        epsilon = new double[types * types];
        sigma = new double[types * types];
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                if (!(epsilonPerType[a] >= 0) || !(sigmaPerType[a] > 0)) {
                    throw new IllegalArgumentException("lj/cut: type " + a + " has epsilon " + epsilonPerType[a] + ", sigma "
                            + sigmaPerType[a] + "; give epsilon >= 0 and sigma > 0");
                }
                epsilon[a * types + b] = Math.sqrt(epsilonPerType[a] * epsilonPerType[b]);
                sigma[a * types + b] = Math.sqrt(sigmaPerType[a] * sigmaPerType[b]);
            }
        }
        this.rc = cutoff;
        this.shift = shift;
    }

    @Override public String style() { return "lj/cut"; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    private void checkTypes(Atoms atoms) {
        if (atoms.typeNames().size() != types) {
            throw new IllegalArgumentException("lj/cut: parameters for " + types + " type(s), structure has " + atoms.typeNames().size());
        }
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        double[] r = atoms.positions();
        int[] t = atoms.types();
        double[] h = atoms.box().h();
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        double[] f = new double[r.length];
        double[] w = new double[6];
        double e = 0;
        double rc2 = rc * rc;
        for (int i = 0; i < atoms.size(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nb[k];
                double dx = r[3 * j] - r[3 * i] + s[3 * k] * h[0] + s[3 * k + 1] * h[3] + s[3 * k + 2] * h[6];
                double dy = r[3 * j + 1] - r[3 * i + 1] + s[3 * k] * h[1] + s[3 * k + 1] * h[4] + s[3 * k + 2] * h[7];
                double dz = r[3 * j + 2] - r[3 * i + 2] + s[3 * k] * h[2] + s[3 * k + 1] * h[5] + s[3 * k + 2] * h[8];
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                int p = t[i] * types + t[j];
                double sr2 = sigma[p] * sigma[p] / r2;
                double sr6 = sr2 * sr2 * sr2;
                e += 4 * epsilon[p] * (sr6 * sr6 - sr6) - shiftEnergy(p);
                double fOverR = 24 * epsilon[p] * (2 * sr6 * sr6 - sr6) / r2;   // −(dE/dr)/r
                double fx = fOverR * dx;
                double fy = fOverR * dy;
                double fz = fOverR * dz;
                f[3 * j] += fx;
                f[3 * j + 1] += fy;
                f[3 * j + 2] += fz;
                f[3 * i] -= fx;
                f[3 * i + 1] -= fy;
                f[3 * i + 2] -= fz;
                w[0] += dx * fx;
                w[1] += dy * fy;
                w[2] += dz * fz;
                w[3] += dx * fy;
                w[4] += dx * fz;
                w[5] += dy * fz;
            }
        }
        return new Evaluation(e, f, w);
    }

    private double shiftEnergy(int p) {
        if (!shift) return 0;
        double sr6 = Math.pow(sigma[p] / rc, 6);
        return 4 * epsilon[p] * (sr6 * sr6 - sr6);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        checkTypes(atoms);
        Params p = (Params) params;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var r2 = o.sum(o.square(Space.pairVectors(o, positions, cell, pairs)), 1);
        int[] ti = nl.pairI();
        int[] tj = nl.pairJ();
        int[] typePair = new int[ti.length];
        for (int k = 0; k < ti.length; k++) typePair[k] = atoms.type(ti[k]) * types + atoms.type(tj[k]);
        Var idx = o.constant(o.tensors().fromArray(typePair, typePair.length));
        Var eps = o.take(o.reshape(p.epsilon(), -1), idx, 0);
        Var sig = o.take(o.reshape(p.sigma(), -1), idx, 0);
        Var sr6 = o.pow(o.div(o.square(sig), r2), o.scalarLike(r2, 3));
        Var e = o.mul(o.mul(eps, o.scalarLike(r2, 4)), o.sub(o.square(sr6), sr6));
        if (shift) {
            Var src6 = o.pow(o.div(sig, o.scalarLike(sig, rc)), o.scalarLike(sig, 6));
            e = o.sub(e, o.mul(o.mul(eps, o.scalarLike(r2, 4)), o.sub(o.square(src6), src6)));
        }
        Var inside = o.lt(r2, o.scalarLike(r2, rc * rc));
        return o.sum(o.where(inside, e, o.zerosLike(e)));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(o.tensors().fromArray(epsilon, types, types)), o.constant(o.tensors().fromArray(sigma, types, types)));
    }
}
