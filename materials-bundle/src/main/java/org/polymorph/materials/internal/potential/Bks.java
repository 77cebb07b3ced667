package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * The BKS silica potential of van Beest, Kramer and van Santen, PRL 64, 1955 (1990): Buckingham
 * φ(r) = A e^{−r/ρ} − C/r⁶ for Si–O and O–O (none for Si–Si) plus Coulomb between the charges
 * q_Si = 2.4 e, q_O = −1.2 e, the Coulomb part by damped shifted force ({@link CoulDsf}), as LAMMPS
 * {@code pair_style hybrid/overlay buck rc coul/dsf α rc_coul}. A (eV), ρ (Å), C (eV·Å⁶) from the
 * paper's table (ρ = 1/b). The Buckingham part ends at {@code shortCutoff} and is optionally
 * shifted to 0 there ({@code pair_modify shift yes}). Caveat of the model itself: −C/r⁶ wins below
 * ~1.2 Å (Si–O) and ~1.6 Å (O–O), so very hot or badly started structures can collapse.
 * Structures must name their types "Si" and "O" (either order).
 */
public final class Bks implements Potential {
    /** Species pair tables [2, 2] in the order (Si, O): A (eV), ρ (Å), C (eV·Å⁶), Si–Si unused (A = C = 0); charges [2] (e). */
    public record Params(Var a, Var rho, Var c, Var charges) { }

    private static final String STYLE = "bks";
    private static final String[] SPECIES = {"Si", "O"};
    /** van Beest et al. 1990, Table I: Si–Si none, Si–O and O–O. */
    private static final double[] A = {0, 18003.7572, 18003.7572, 1388.7730};
    private static final double[] RHO = {1, 1 / 4.87318, 1 / 4.87318, 1 / 2.76};
    private static final double[] C = {0, 133.5381, 133.5381, 175.0000};
    private static final double[] Q = {2.4, -1.2};

    private final CoulDsf coulomb;
    private final double rcShort;
    private final boolean shift;

    /** α (1/Å) and cutoff (Å) of the DSF Coulomb sum; the Buckingham cutoff (Å), e.g. 5.5. */
    public Bks(double alpha, double coulombCutoff, double shortCutoff, boolean shift) {
        this.coulomb = new CoulDsf(Q, alpha, coulombCutoff);
        if (!(shortCutoff > 0) || !Double.isFinite(shortCutoff)) {
            throw new IllegalArgumentException(STYLE + ": shortCutoff = " + shortCutoff + "; give a Buckingham cutoff > 0 (Å)");
        }
        this.rcShort = shortCutoff;
        this.shift = shift;
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return Math.max(rcShort, coulomb.cutoff()); }
    @Override public boolean needsFullList() { return false; }

    /** Species index (0 = Si, 1 = O) of every type of the structure. */
    private static int[] species(Atoms atoms) {
        int[] s = new int[atoms.typeNames().size()];
        for (int t = 0; t < s.length; t++) {
            String name = atoms.typeNames().get(t);
            s[t] = name.equals("Si") ? 0 : name.equals("O") ? 1 : -1;
            if (s[t] < 0) throw new IllegalArgumentException(STYLE + ": type " + t + " is \"" + name + "\"; BKS knows only Si and O");
        }
        return s;
    }

    private double buck(double r, int sp) {
        return A[sp] * Math.exp(-r / RHO[sp]) - C[sp] / Math.pow(r, 6);
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int[] sp = species(atoms);
        int t = sp.length;
        double[] off = new double[4];
        if (shift) for (int p = 0; p < 4; p++) off[p] = buck(rcShort, p);
        double rcCoul = coulomb.cutoff();
        double[] c = new double[2];
        Evaluation ev = PairSum.compute(STYLE, atoms, nl, t, cutoff(), (r, p, out) -> {
            int a = sp[p / t];
            int b = sp[p % t];
            int s = 2 * a + b;
            out[0] = 0;
            out[1] = 0;
            if (r < rcShort) {
                double ex = A[s] * Math.exp(-r / RHO[s]);
                double r6 = C[s] / Math.pow(r, 6);
                out[0] = ex - r6 - off[s];
                out[1] = -ex / RHO[s] + 6 * r6 / r;
            }
            if (r < rcCoul) {
                coulomb.pair(r, Q[a] * Q[b], c);
                out[0] += c[0];
                out[1] += c[1];
            }
        });
        double[] q = new double[t];
        for (int k = 0; k < t; k++) q[k] = Q[sp[k]];
        return new Evaluation(ev.energy() + coulomb.selfEnergy(atoms, q), ev.forces(), ev.virial());
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        PairSum.checkHalf(STYLE, nl);
        int[] sp = species(atoms);
        Params p = (Params) params;
        Var r = PairSum.distances(o, positions, cell, nl);
        int[] pi = nl.pairI();
        int[] pj = nl.pairJ();
        int[] s = new int[pi.length];
        for (int k = 0; k < s.length; k++) s[k] = 2 * sp[atoms.type(pi[k])] + sp[atoms.type(pj[k])];
        Var idx = o.constant(o.tensors().fromArray(s, s.length));
        Var a = PairSum.perPair(o, p.a(), idx);
        Var rho = PairSum.perPair(o, p.rho(), idx);
        Var c = PairSum.perPair(o, p.c(), idx);
        Var buckingham = PairSum.cutSum(o, r, rcShort, shift, x -> buck(o, x, a, rho, c));
        // charges per structure type, then the DSF sum
        Var qType = o.take(p.charges(), o.constant(o.tensors().fromArray(sp, sp.length)), 0);
        return o.add(buckingham, coulomb.energy(o, r, qType, atoms, nl));
    }

    private static Var buck(Ops o, Var r, Var a, Var rho, Var c) {
        return o.sub(o.mul(a, o.exp(o.neg(o.div(r, rho)))), o.div(c, o.pow(r, o.scalarLike(r, 6))));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(A, 2, 2), o.constant(RHO, 2, 2), o.constant(C, 2, 2), o.constant(Q, 2));
    }

    /** The species order of {@link Params}' tables. */
    public static String[] species() { return SPECIES.clone(); }
}
