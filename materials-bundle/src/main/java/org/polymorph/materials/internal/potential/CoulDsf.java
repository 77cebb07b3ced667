package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code coul/dsf}: the damped shifted-force Coulomb sum of Fennell and Gezelter, J. Chem.
 * Phys. 124, 234104 (2006), eq. 19, a pairwise O(N) stand-in for Ewald that MD can integrate:
 * <pre>
 *   E = k Σ_pairs q_i q_j [erfc(αr)/r − erfc(αrc)/rc + (erfc(αrc)/rc² + 2α/√π e^{−α²rc²}/rc)(r − rc)]
 *       − k Σ_i q_i² [erfc(αrc)/(2rc) + α/√π]          (self term, as pair_coul_dsf.cpp)
 * </pre>
 * Both the energy and the force vanish at rc. k = 14.399645 eV·Å/e² (LAMMPS metal qqr2e); charges
 * in e, one per type; α in 1/Å. erfc is evaluated exactly (LAMMPS uses a 1e-7 polynomial fit).
 * Accuracy (CoulombTest): for rock salt (a = 5.64 Å, ±1 e) at α = 0.25/Å the energy misses the
 * Ewald/Madelung value (M = 1.747565) by 2.7e-4 (relative) at rc = 10 Å, 2.0e-5 at 12 Å, 6.5e-7 at
 * 15 Å; larger α converges faster in rc but levels off higher (6.2e-5 at α = 0.3) because DSF
 * drops Ewald's reciprocal-space term. Second derivatives ({@link SecondOrder}) over p = the charges [T].
 */
public final class CoulDsf implements Potential, PairTangents {
    /** LAMMPS's metal-units Coulomb constant qqr2e (eV·Å/e²). */
    public static final double QQR2E = 14.399645;

    /** Charges [T] (e) as a Var. */
    public record Params(Var charges) { }

    private static final String STYLE = "coul/dsf";
    private final double[] q;
    private final double alpha;
    private final double rc;
    private final double eShift;
    private final double fShift;

    public CoulDsf(double[] charges, double alpha, double cutoff) {
        if (charges.length == 0) throw new IllegalArgumentException(STYLE + ": no charges; give one charge per type");
        for (double c : charges) if (!Double.isFinite(c)) throw new IllegalArgumentException(STYLE + ": charge " + c + "; give finite charges");
        if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException(STYLE + ": alpha = " + alpha + "; give alpha >= 0 (1/Å)");
        this.q = charges.clone();
        this.alpha = alpha;
        this.rc = PairSum.cutoff(STYLE, cutoff);
        double erfcc = erfc(alpha * rc);
        this.fShift = -(erfcc / (rc * rc) + 2 / Math.sqrt(Math.PI) * alpha * Math.exp(-alpha * alpha * rc * rc) / rc);
        this.eShift = erfcc / rc - fShift * rc;
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int t = q.length;
        double[] qq = new double[t * t];
        for (int a = 0; a < t; a++) for (int b = 0; b < t; b++) qq[a * t + b] = q[a] * q[b];
        Evaluation ev = PairSum.compute(STYLE, atoms, nl, t, rc, (r, p, out) -> pair(r, qq[p], out));
        return new Evaluation(ev.energy() + selfEnergy(atoms, q), ev.forces(), ev.virial());
    }

    /** The pair term for the charge product qq at r < rc: out[0] = E (eV), out[1] = dE/dr (as pair_coul_dsf.cpp). */
    void pair(double r, double qq, double[] out) {
        double erfcd = Math.exp(-alpha * alpha * r * r);
        double erfcc = erfc(alpha * r);
        double pre = QQR2E * qq / r;
        out[0] = pre * (erfcc - r * eShift - r * r * fShift);
        out[1] = -pre * (erfcc / r + 2 * alpha / Math.sqrt(Math.PI) * erfcd + r * fShift);
    }

    /**
     * ψ' and ψ'' (ψ(r) = erfc(αr)/r − e_shift − r f_shift, the pair term per k q_i q_j) into out[0], out[1]:
     * ψ' = −erfc(αr)/r² − (2α/√π) e^{−α²r²}/r − f_shift, ψ'' = 2 erfc(αr)/r³ + (2α/√π) e^{−α²r²} (2/r² + 2α²).
     */
    void curvature(double r, double[] out) {
        double e = 2 * alpha / Math.sqrt(Math.PI) * Math.exp(-alpha * alpha * r * r), erfcc = erfc(alpha * r);
        out[0] = -erfcc / (r * r) - e / r - fShift;
        out[1] = 2 * erfcc / (r * r * r) + e * (2 / (r * r) + 2 * alpha * alpha);
    }

    @Override public int parameterCount() { return q.length; }

    @Override
    public PairSum.SecondTerm secondTerm(Atoms atoms) {
        int t = q.length;
        double[] psi = new double[2];
        PairSum.checkTypes(STYLE, atoms, q.length);
        return new PairSum.SecondTerm() {
            @Override public void curvature(double r, int p, double[] out) {
                CoulDsf.this.curvature(r, psi);
                double kqq = QQR2E * q[p / t] * q[p % t];
                out[0] = kqq * psi[0];
                out[1] = kqq * psi[1];
            }

            @Override public int slopes(double r, int p, int[] index, double[] value) {
                CoulDsf.this.curvature(r, psi);
                return chargeSlopes(p / t, p % t, q, QQR2E * psi[0], 0, index, value, 0);
            }
        };
    }

    /**
     * ∂(k q_a q_b ψ')/∂q for charges stored at p[offset + t], written from position {@code at} of index/value: kψ' q_b at a
     * and kψ' q_a at b (2 kψ' q_a once when a = b); returns the next free position.
     */
    static int chargeSlopes(int a, int b, double[] charges, double kPsi, int offset, int[] index, double[] value, int at) {
        if (a == b) {
            index[at] = offset + a;
            value[at] = 2 * kPsi * charges[a];
            return at + 1;
        }
        index[at] = offset + a;
        value[at] = kPsi * charges[b];
        index[at + 1] = offset + b;
        value[at + 1] = kPsi * charges[a];
        return at + 2;
    }

    /** −k Σ_i q_i² (e_shift/2 + α/√π). */
    double selfEnergy(Atoms atoms, double[] charges) {
        double s = 0;
        for (int i = 0; i < atoms.size(); i++) s += charges[atoms.type(i)] * charges[atoms.type(i)];
        return -(eShift / 2 + alpha / Math.sqrt(Math.PI)) * QQR2E * s;
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(STYLE, atoms, q.length);
        PairSum.checkHalf(STYLE, nl);
        Var r = PairSum.distances(o, positions, cell, nl);
        return energy(o, r, ((Params) params).charges(), atoms, nl);
    }

    /** The DSF energy for distances r [P] of the list's entries and charges [T] (used by {@link Bks} too). */
    Var energy(Ops o, Var r, Var charges, Atoms atoms, NeighborList nl) {
        Var qi = o.take(charges, o.constant(o.tensors().fromArray(typesOf(atoms, nl.pairI()), r.dim(0))), 0);
        Var qj = o.take(charges, o.constant(o.tensors().fromArray(typesOf(atoms, nl.pairJ()), r.dim(0))), 0);
        Var in = PairSum.inside(o, r, rc);
        Var rs = PairSum.safe(o, r, in, rc);
        Var erfcc = o.sub(o.onesLike(rs), o.erf(o.mul(rs, o.scalarLike(rs, alpha))));
        Var bracket = o.sub(o.div(erfcc, rs), o.add(o.scalarLike(rs, eShift), o.mul(rs, o.scalarLike(rs, fShift))));
        Var e = o.mul(o.mul(o.mul(qi, qj), o.scalarLike(rs, QQR2E)), bracket);
        int[] all = atoms.types();
        Var qa = o.take(charges, o.constant(o.tensors().fromArray(all, all.length)), 0);
        Var self = o.mul(o.sum(o.square(qa)), o.scalarLike(rs, -(eShift / 2 + alpha / Math.sqrt(Math.PI)) * QQR2E));
        return o.add(PairSum.masked(o, e, in), self);
    }

    private static int[] typesOf(Atoms atoms, int[] idx) {
        int[] t = new int[idx.length];
        for (int k = 0; k < idx.length; k++) t[k] = atoms.type(idx[k]);
        return t;
    }

    @Override
    public Object parameters(Ops o) { return new Params(o.constant(q, q.length)); }

    /** erfc(x) = 1 − erf(x), erf by its Taylor series e^{−x²}·Σ (2x²)ⁿ x/(2n+1)!! (exact to ~1e-16 absolute). */
    static double erfc(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) return x > 0 ? 0 : 2;
        double term = ax;
        double sum = ax;
        for (int n = 0; n < 500 && term > 1e-17 * sum; n++) {
            term *= 2 * ax * ax / (2 * n + 3);
            sum += term;
        }
        double erf = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
        return x < 0 ? 1 + erf : 1 - erf;
    }
}
