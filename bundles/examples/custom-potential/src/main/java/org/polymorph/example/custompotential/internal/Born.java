package org.polymorph.example.custompotential.internal;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code born} (pair_born.cpp; Born–Mayer–Huggins, Tosi & Fumi 1964):
 * φ(r) = A e^{(σ − r)/ρ} − C/r⁶ + D/r⁸ for r &lt; rc, optionally shifted so that φ(rc) = 0
 * ({@code pair_modify shift yes}, pair_born's offset). A (eV), ρ (Å), σ (Å), C (eV·Å⁶), D (eV·Å⁸) per type
 * pair as symmetric [T, T] tables (row-major); rc (Å) one for all pairs. The fused loop and its
 * differentiable twin are {@link PairSum}'s; this class supplies φ, dφ/dr and φ in differentiable ops.
 */
final class Born implements Potential {
    /** A, ρ, σ, C, D [T, T] as Vars. */
    record Params(Var a, Var rho, Var sigma, Var c, Var d) { }

    static final String STYLE = "born";
    private final double[] a;
    private final double[] rho;
    private final double[] sigma;
    private final double[] c;
    private final double[] d;
    private final int types;
    private final double rc;
    private final boolean shift;

    /** [T, T] tables, row-major and symmetric; ρ > 0 and a cutoff > 0. */
    Born(double[] a, double[] rho, double[] sigma, double[] c, double[] d, double cutoff, boolean shift) {
        types = PairSum.typesOf(STYLE, a.length);
        this.a = PairSum.symmetric(STYLE, "A", a, types);
        this.rho = PairSum.symmetric(STYLE, "rho", rho, types);
        this.sigma = PairSum.symmetric(STYLE, "sigma", sigma, types);
        this.c = PairSum.symmetric(STYLE, "C", c, types);
        this.d = PairSum.symmetric(STYLE, "D", d, types);
        for (int p = 0; p < this.rho.length; p++) {
            if (!(this.rho[p] > 0)) throw new IllegalArgumentException(STYLE + ": rho of pair " + p / types + "-" + p % types + " = " + rho[p] + "; give rho > 0 (Å)");
        }
        this.rc = PairSum.cutoff(STYLE, cutoff);
        this.shift = shift;
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    /** φ(r) − offset to out[0] (eV) and dφ/dr to out[1] (eV/Å) for type pair p = t_i·T + t_j. */
    private void eval(double r, int p, double[] out) {
        double ex = a[p] * Math.exp((sigma[p] - r) / rho[p]);
        double r2inv = 1 / (r * r);
        double r6inv = r2inv * r2inv * r2inv;
        out[0] = ex - c[p] * r6inv + d[p] * r6inv * r2inv - offset(p);
        out[1] = -ex / rho[p] + (6 * c[p] * r6inv - 8 * d[p] * r6inv * r2inv) / r;
    }

    private double offset(int p) {
        if (!shift) return 0;
        double r2inv = 1 / (rc * rc);
        double r6inv = r2inv * r2inv * r2inv;
        return a[p] * Math.exp((sigma[p] - rc) / rho[p]) - c[p] * r6inv + d[p] * r6inv * r2inv;
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        return PairSum.compute(STYLE, atoms, nl, types, rc, this::eval);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        Params p = (Params) params;
        return PairSum.energy(STYLE, o, positions, cell, atoms, nl, types, rc, shift, Born::born, p.a(), p.rho(), p.sigma(), p.c(), p.d());
    }

    /** A e^{(σ − r)/ρ} − C r⁻⁶ + D r⁻⁸ per entry; {@code p} holds A, ρ, σ, C, D per entry. */
    private static Var born(Ops o, Var r, Var[] p) {
        Var r2inv = o.div(o.onesLike(r), o.square(r));
        Var r6inv = o.mul(o.square(r2inv), r2inv);
        Var rep = o.mul(p[0], o.exp(o.div(o.sub(p[2], r), p[1])));
        return o.add(o.sub(rep, o.mul(p[3], r6inv)), o.mul(p[4], o.mul(r6inv, r2inv)));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(a, types, types), o.constant(rho, types, types), o.constant(sigma, types, types), o.constant(c, types, types),
                o.constant(d, types, types));
    }
}
