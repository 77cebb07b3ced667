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
 * Structures must name their types "Si" and "O" (either order). Second derivatives ({@link SecondOrder}) over
 * p = the upper triangles (Si–Si, Si–O, O–O) of A, ρ and C, then the charges (Si, O): 11 numbers.
 */
public final class Bks implements Potential, PairTangents {
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
    private final double[] a;
    private final double[] rho;
    private final double[] c;
    private final double[] q;

    /** α (1/Å) and cutoff (Å) of the DSF Coulomb sum; the Buckingham cutoff (Å), e.g. 5.5. */
    public Bks(double alpha, double coulombCutoff, double shortCutoff, boolean shift) {
        this(A, RHO, C, Q, alpha, coulombCutoff, shortCutoff, shift);
    }

    /** Other numbers than the paper's: A, ρ, C as [2, 2] tables in the order (Si, O), charges [2]. */
    Bks(double[] a, double[] rho, double[] c, double[] charges, double alpha, double coulombCutoff, double shortCutoff, boolean shift) {
        this.a = a.clone();
        this.rho = rho.clone();
        this.c = c.clone();
        this.q = charges.clone();
        this.coulomb = new CoulDsf(q, alpha, coulombCutoff);
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
        return a[sp] * Math.exp(-r / rho[sp]) - c[sp] / Math.pow(r, 6);
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
                double ex = this.a[s] * Math.exp(-r / rho[s]);
                double r6 = this.c[s] / Math.pow(r, 6);
                out[0] = ex - r6 - off[s];
                out[1] = -ex / rho[s] + 6 * r6 / r;
            }
            if (r < rcCoul) {
                coulomb.pair(r, q[a] * q[b], c);
                out[0] += c[0];
                out[1] += c[1];
            }
        });
        double[] qt = new double[t];
        for (int k = 0; k < t; k++) qt[k] = q[sp[k]];
        return new Evaluation(ev.energy() + coulomb.selfEnergy(atoms, qt), ev.forces(), ev.virial());
    }

    @Override public int parameterCount() { return 11; }

    /**
     * Buckingham: φ' = −(A/ρ) e^{−r/ρ} + 6C r⁻⁷, φ'' = (A/ρ²) e^{−r/ρ} − 42 C r⁻⁸, ∂φ'/∂A = −e^{−r/ρ}/ρ,
     * ∂φ'/∂ρ = A e^{−r/ρ} (1/ρ² − r/ρ³), ∂φ'/∂C = 6 r⁻⁷; Coulomb as {@link CoulDsf}.
     */
    @Override
    public PairSum.SecondTerm secondTerm(Atoms atoms) {
        int[] sp = species(atoms);
        int t = sp.length;
        double rcCoul = coulomb.cutoff();
        double[] psi = new double[2];
        return new PairSum.SecondTerm() {
            @Override public void curvature(double r, int p, double[] out) {
                int sa = sp[p / t], sb = sp[p % t], s = 2 * sa + sb;
                out[0] = 0;
                out[1] = 0;
                if (r < rcShort) {
                    double ex = a[s] * Math.exp(-r / rho[s]), r7 = c[s] / Math.pow(r, 7);
                    out[0] = -ex / rho[s] + 6 * r7;
                    out[1] = ex / (rho[s] * rho[s]) - 42 * r7 / r;
                }
                if (r < rcCoul) {
                    coulomb.curvature(r, psi);
                    double kqq = CoulDsf.QQR2E * q[sa] * q[sb];
                    out[0] += kqq * psi[0];
                    out[1] += kqq * psi[1];
                }
            }

            @Override public int slopes(double r, int p, int[] index, double[] value) {
                int sa = sp[p / t], sb = sp[p % t], s = 2 * sa + sb, u = PairSum.upper(sa, sb, 2);
                int k = 0;
                if (r < rcShort) {
                    double e = Math.exp(-r / rho[s]);
                    index[k] = u;
                    value[k++] = -e / rho[s];
                    index[k] = 3 + u;
                    value[k++] = a[s] * e * (1 / (rho[s] * rho[s]) - r / (rho[s] * rho[s] * rho[s]));
                    index[k] = 6 + u;
                    value[k++] = 6 / Math.pow(r, 7);
                }
                if (r < rcCoul) {
                    coulomb.curvature(r, psi);
                    k = CoulDsf.chargeSlopes(sa, sb, q, CoulDsf.QQR2E * psi[0], 9, index, value, k);
                }
                return k;
            }
        };
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
        return new Params(o.constant(a, 2, 2), o.constant(rho, 2, 2), o.constant(c, 2, 2), o.constant(q, 2));
    }

    /** The species order of {@link Params}' tables. */
    public static String[] species() { return SPECIES.clone(); }
}
