package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code morse}: φ(r) = D0 [e^{−2α(r−r0)} − 2 e^{−α(r−r0)}] for r < rc, optionally shifted
 * so that φ(rc) = 0 ({@code pair_modify shift yes}, as pair_morse.cpp's offset). D0 (eV), α (1/Å)
 * and r0 (Å) are given per type pair as symmetric [T, T] tables (row-major); LAMMPS has no mixing
 * rule for Morse, so every pair is explicit. Second derivatives ({@link SecondOrder}) over p = the upper triangles
 * (a ≤ b, {@link PairSum#upper}) of D0, α and r0, in that order.
 */
public final class Morse implements Potential, PairTangents {
    /** D0, α, r0 [T, T] as Vars. */
    public record Params(Var d0, Var alpha, Var r0) { }

    private static final String STYLE = "morse";
    private final double[] d0;
    private final double[] alpha;
    private final double[] r0;
    private final int types;
    private final double rc;
    private final boolean shift;

    /** One type. */
    public Morse(double d0, double alpha, double r0, double cutoff, boolean shift) {
        this(new double[] {d0}, new double[] {alpha}, new double[] {r0}, cutoff, shift);
    }

    /** [T, T] tables, row-major and symmetric. */
    public Morse(double[] d0, double[] alpha, double[] r0, double cutoff, boolean shift) {
        types = PairSum.typesOf(STYLE, d0.length);
        this.d0 = PairSum.symmetric(STYLE, "D0", d0, types);
        this.alpha = PairSum.symmetric(STYLE, "alpha", alpha, types);
        this.r0 = PairSum.symmetric(STYLE, "r0", r0, types);
        for (int p = 0; p < d0.length; p++) {
            if (!(this.alpha[p] > 0) || !(this.r0[p] > 0) || !(this.d0[p] >= 0)) {
                throw new IllegalArgumentException(STYLE + ": pair " + p / types + "-" + p % types + " has D0 " + d0[p] + ", alpha " + alpha[p]
                        + ", r0 " + r0[p] + "; give D0 >= 0, alpha > 0, r0 > 0");
            }
        }
        this.rc = PairSum.cutoff(STYLE, cutoff);
        this.shift = shift;
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    /** φ(r) for type pair p = t_i·T + t_j, with the shift applied (eV). */
    public double pairEnergy(double r, int p) {
        double[] out = new double[2];
        eval(r, p, out);
        return out[0];
    }

    private void eval(double r, int p, double[] out) {
        double x = Math.exp(-alpha[p] * (r - r0[p]));
        out[0] = d0[p] * (x * x - 2 * x) - offset(p);
        out[1] = 2 * alpha[p] * d0[p] * (x - x * x);
    }

    private double offset(int p) {
        if (!shift) return 0;
        double x = Math.exp(-alpha[p] * (rc - r0[p]));
        return d0[p] * (x * x - 2 * x);
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        return PairSum.compute(STYLE, atoms, nl, types, rc, this::eval);
    }

    @Override public int parameterCount() { return 3 * types * (types + 1) / 2; }

    /** With x = e^{−α(r−r0)}: φ' = 2αD0(x − x²), φ'' = 2α²D0(2x² − x), and φ' differentiated in D0, α (∂x/∂α = −(r − r0)x) and r0. */
    @Override
    public PairSum.SecondTerm secondTerm(Atoms atoms) {
        int block = types * (types + 1) / 2;
        PairSum.checkTypes(STYLE, atoms, types);
        return new PairSum.SecondTerm() {
            @Override public void curvature(double r, int p, double[] out) {
                double a = alpha[p], x = Math.exp(-a * (r - r0[p]));
                out[0] = 2 * a * d0[p] * (x - x * x);
                out[1] = 2 * a * a * d0[p] * (2 * x * x - x);
            }

            @Override public int slopes(double r, int p, int[] index, double[] value) {
                double a = alpha[p], x = Math.exp(-a * (r - r0[p]));
                int u = PairSum.upper(p / types, p % types, types);
                index[0] = u;
                value[0] = 2 * a * (x - x * x);
                index[1] = block + u;
                value[1] = 2 * d0[p] * (x - x * x) - 2 * a * d0[p] * (r - r0[p]) * x * (1 - 2 * x);
                index[2] = 2 * block + u;
                value[2] = 2 * a * a * d0[p] * x * (1 - 2 * x);
                return 3;
            }
        };
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        Params p = (Params) params;
        return PairSum.energy(STYLE, o, positions, cell, atoms, nl, types, rc, shift, (oo, r, t) -> morse(oo, r, t[0], t[1], t[2]), p.d0(), p.alpha(), p.r0());
    }

    private static Var morse(Ops o, Var r, Var d, Var a, Var r0) {
        Var x = o.exp(o.neg(o.mul(a, o.sub(r, r0))));
        return o.mul(d, o.sub(o.square(x), o.mul(x, o.scalarLike(x, 2))));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(d0, types, types), o.constant(alpha, types, types), o.constant(r0, types, types));
    }
}
