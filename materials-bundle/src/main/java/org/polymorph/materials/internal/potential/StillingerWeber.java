package org.polymorph.materials.internal.potential;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.files.ThreeBodyFile;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code sw}: Stillinger &amp; Weber, PRB 31, 5262 (1985), as pair_sw.cpp evaluates it.
 * E = Σ_pairs φ2(r_ij) + Σ_i Σ_{j<k} φ3(r_ij, r_ik, θ_jik) with
 * φ2 = A ε [B (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ)) for r &lt; aσ (parameters of slot ij = (ti, tj, tj)),
 * φ3 = λε (cos θ − cos θ0)² exp(γσ_ij/(r_ij − a_ijσ_ij)) exp(γσ_ik/(r_ik − a_ikσ_ik)) (λ, ε, cos θ0 of
 * slot ijk). tol &gt; 0 shortens the neighbour cutoff to aσ + γσ/ln(tol) (γσ → σ when γ ≥ 1; tol
 * capped at 0.01) as LAMMPS does, without changing the formulas. Energies eV, lengths Å.
 */
public final class StillingerWeber implements Potential {
    private final Extended.Pool extended = new Extended.Pool();
    /** File order of the numbers of one entry after the three elements. */
    public static final List<String> FILE_PARAMETERS =
            List.of("epsilon", "sigma", "a", "lambda", "gamma", "costheta0", "A", "B", "p", "q", "tol");
    /** Rows of the parameter table [parameter][T³ slots], named after the file entry's numbers (FILE_PARAMETERS order). */
    static final int EPSILON = FILE_PARAMETERS.indexOf("epsilon");
    static final int SIGMA = FILE_PARAMETERS.indexOf("sigma");
    static final int REDUCED_CUTOFF = FILE_PARAMETERS.indexOf("a");
    static final int LAMBDA = FILE_PARAMETERS.indexOf("lambda");
    static final int GAMMA = FILE_PARAMETERS.indexOf("gamma");
    static final int COSTHETA0 = FILE_PARAMETERS.indexOf("costheta0");
    static final int BIG_A = FILE_PARAMETERS.indexOf("A");
    static final int BIG_B = FILE_PARAMETERS.indexOf("B");
    static final int P = FILE_PARAMETERS.indexOf("p");
    static final int Q = FILE_PARAMETERS.indexOf("q");
    static final int TOL = FILE_PARAMETERS.indexOf("tol");


    private static final Set<String> NON_NEGATIVE = Set.of("epsilon", "sigma", "a", "lambda", "gamma", "A", "B", "p", "q", "tol");

    /** The differentiable parameters: scalars for one element, [T, T, T] per type triplet otherwise (tol is not one of them). */
    public record Params(Var epsilon, Var sigma, Var a, Var lambda, Var gamma, Var costheta0, Var A, Var B, Var p, Var q) {
        Var[] all() { return new Var[] {epsilon, sigma, a, lambda, gamma, costheta0, A, B, p, q}; }

        /** From one Var per number of a file entry (FILE_PARAMETERS order); tol's is not used. */
        public static Params of(java.util.List<Var> fileOrder) {
            return new Params(fileOrder.get(EPSILON), fileOrder.get(SIGMA), fileOrder.get(REDUCED_CUTOFF), fileOrder.get(LAMBDA), fileOrder.get(GAMMA),
                    fileOrder.get(COSTHETA0), fileOrder.get(BIG_A), fileOrder.get(BIG_B), fileOrder.get(P), fileOrder.get(Q));
        }
    }

    private final int types;
    private final double[][] v;           // [11][T³] in FILE_PARAMETERS order
    private final double[] cut;           // aσ per slot
    private final double[] cutsq;         // neighbour cutoff² (tol-reduced) per slot
    private final double[] sigmaGamma;
    private final double[] lambdaEps;
    private final double[] c5;            // A ε B σ^p
    private final double[] c6;            // A ε σ^q
    private final int[] pairSlot;         // [T*T] → slot (ti, tj, tj)
    private final double cutmax;

    /** Reads a LAMMPS .sw file; elementOfType as in {@code pair_coeff * * Si.sw Si}. */
    public static StillingerWeber read(Path file, List<String> elementOfType) {
        List<String> e = ManyBody.checkElements("sw", elementOfType);
        double[][] table = ThreeBodyFile.read(file, FILE_PARAMETERS, e, NON_NEGATIVE);
        return ThreeBodyFile.naming(file, () -> new StillingerWeber(e.size(), table));
    }

    /** One element with the given parameters (the numbers of a .sw entry). */
    public static StillingerWeber of(double epsilon, double sigma, double a, double lambda, double gamma, double costheta0,
                                     double bigA, double bigB, double p, double q, double tol) {
        double[] x = {epsilon, sigma, a, lambda, gamma, costheta0, bigA, bigB, p, q, tol};
        double[][] t = new double[x.length][];
        for (int k = 0; k < x.length; k++) t[k] = new double[] {x[k]};
        return new StillingerWeber(1, t);
    }

    /** From a table {@code values[parameter][slot]} (FILE_PARAMETERS order, T³ slots). */
    public StillingerWeber(int types, double[][] values) {
        if (values.length != FILE_PARAMETERS.size()) throw new IllegalArgumentException("sw: " + values.length + " parameter rows, expected 11");
        int n = types * types * types;
        this.types = types;
        this.v = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            if (values[k].length != n) throw new IllegalArgumentException("sw: " + FILE_PARAMETERS.get(k) + " has " + values[k].length + " slots, expected " + n);
            for (double x : values[k]) {
                if (!(x >= 0) && k != COSTHETA0) {
                    throw new IllegalArgumentException("sw: " + FILE_PARAMETERS.get(k) + " = " + x + "; it must be >= 0");
                }
            }
            v[k] = values[k].clone();
        }
        cut = new double[n];
        cutsq = new double[n];
        sigmaGamma = new double[n];
        lambdaEps = new double[n];
        c5 = new double[n];
        c6 = new double[n];
        double cm = 0;
        for (int s = 0; s < n; s++) {
            double sigma = v[SIGMA][s];
            cut[s] = sigma * v[REDUCED_CUTOFF][s];
            double rc = cut[s] + tolShift(s);
            cutsq[s] = rc * rc;
            cm = Math.max(cm, rc);
            sigmaGamma[s] = sigma * v[GAMMA][s];
            lambdaEps[s] = v[LAMBDA][s] * v[EPSILON][s];
            c5[s] = v[BIG_A][s] * v[EPSILON][s] * v[BIG_B][s] * Math.pow(sigma, v[P][s]);
            c6[s] = v[BIG_A][s] * v[EPSILON][s] * Math.pow(sigma, v[Q][s]);
        }
        cutmax = cm;
        pairSlot = new int[types * types];
        for (int a = 0; a < types; a++) for (int b = 0; b < types; b++) pairSlot[a * types + b] = (a * types + b) * types + b;
    }

    /** LAMMPS's tol shortcut: γσ/ln(tol) (σ/ln(tol) for γ ≥ 1), tol capped at 0.01; 0 when tol = 0. */
    private double tolShift(int s) {
        double tol = Math.min(v[TOL][s], 0.01);
        if (!(v[TOL][s] > 0)) return 0;
        return (v[GAMMA][s] < 1 ? v[GAMMA][s] * v[SIGMA][s] : v[SIGMA][s]) / Math.log(tol);
    }

    @Override public String style() { return "sw"; }
    @Override public double cutoff() { return cutmax; }
    @Override public boolean needsFullList() { return true; }

    public int types() { return types; }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int[] t = atoms.types();
        double[] leg = new double[Math.max(1, nl.maxNeighbors())];   // exp(γσ/(r − aσ))
        double[] legD = new double[leg.length];                       // (d leg/dr) / r
        return ManyBody.compute("sw", cutmax, types, extended, atoms, nl, pairSlot, cutsq, false,
                (i, sc, ex) -> pairs(i, sc, ex, leg, legD) + triplets(t[i], sc, t, leg, legD));
    }

    /** φ2 = (c5 r^−p − c6 r^−q) e^{σ/(r − aσ)} on the kept half, and the legs e^{γσ/(r − aσ)} of every entry. */
    private double pairs(int i, ManyBody.Scratch sc, Extended extendedAtoms, double[] leg, double[] legD) {
        double e = 0;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            double rainv = 1.0 / (r - cut[p]);
            if (sc.keep(i, q, extendedAtoms)) {
                double rp = pow(r, -v[P][p]);
                double rq = pow(r, -v[Q][p]);
                double ex = Math.exp(v[SIGMA][p] * rainv);
                double u = c5[p] * rp - c6[p] * rq;
                e += u * ex;
                double dudr = (-v[P][p] * c5[p] * rp + v[Q][p] * c6[p] * rq) / r;
                sc.radial(q, (dudr * ex - u * ex * v[SIGMA][p] * rainv * rainv) / r);
            }
            double g = sigmaGamma[p] * rainv;
            leg[q] = Math.exp(g);
            legD[q] = -leg[q] * g * rainv / r;
        }
        return e;
    }

    /** φ3 = λε (cos θ − cos θ0)² leg_a leg_b over the pairs a &lt; b of the short list. */
    private double triplets(int ti, ManyBody.Scratch sc, int[] t, double[] leg, double[] legD) {
        double e = 0;
        int m = sc.m;
        for (int a = 0; a < m; a++) {
            double ax = sc.dx[a];
            double ay = sc.dy[a];
            double az = sc.dz[a];
            double ra = sc.r[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            double gax = 0;
            double gay = 0;
            double gaz = 0;
            for (int b = a + 1; b < m; b++) {
                int k = base + t[sc.j[b]];
                double bx = sc.dx[b];
                double by = sc.dy[b];
                double bz = sc.dz[b];
                double rb = sc.r[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                double dc = cs - v[COSTHETA0][k];
                double le = lambdaEps[k];
                double fac = leg[a] * leg[b];
                double w3 = le * dc * dc;
                e += w3 * fac;
                double ang = 2 * le * fac * dc;             // ∂φ3/∂cos
                double ca = w3 * legD[a] * leg[b] - ang * cs / (ra * ra);
                double cb = w3 * legD[b] * leg[a] - ang * cs / (rb * rb);
                double ci = ang * inv;
                gax += ca * ax + ci * bx;
                gay += ca * ay + ci * by;
                gaz += ca * az + ci * bz;
                sc.gx[b] += cb * bx + ci * ax;
                sc.gy[b] += cb * by + ci * ay;
                sc.gz[b] += cb * bz + ci * az;
            }
            sc.gx[a] += gax;
            sc.gy[a] += gay;
            sc.gz[a] += gaz;
        }
        return e;
    }

    /** r^e with repeated multiplication for small integer e (p = 4, q = 0 for Si). */
    private static double pow(double r, double e) {
        if (e == Math.rint(e) && Math.abs(e) <= 16) {
            int n = (int) Math.abs(e);
            double base = e < 0 ? 1.0 / r : r;
            double out = 1;
            for (int k = 0; k < n; k++) out *= base;
            return out;
        }
        return Math.pow(r, e);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        ManyBody.checkTypes("sw", types, atoms);
        ManyBody.checkList("sw", cutmax, nl, atoms);
        Params pr = (Params) params;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var vec = Space.pairVectors(o, positions, cell, pairs);
        Var r = Space.distances(o, vec);
        int[] slotsP = ManyBody.pairSlots(nl, atoms, types);
        Var slot = ManyBody.ints(o, slotsP);
        Var sigma = ManyBody.at(o, pr.sigma(), slot);
        Var cutV = o.mul(sigma, ManyBody.at(o, pr.a(), slot));
        Var gamma = ManyBody.at(o, pr.gamma(), slot);
        // neighbour cutoff aσ + shift(tol); tol is a constant per slot
        double[] tolLog = new double[slotsP.length];
        for (int e = 0; e < tolLog.length; e++) tolLog[e] = v[TOL][slotsP[e]] > 0 ? 1.0 / Math.log(Math.min(v[TOL][slotsP[e]], 0.01)) : 0;
        Var shift = o.mul(o.where(o.lt(gamma, o.scalarLike(gamma, 1)), o.mul(gamma, sigma), sigma), o.constant(tolLog, tolLog.length));
        Var inside = o.lt(r, o.add(cutV, shift));
        double fallback = 0.5 * min(o, o.mul(pr.sigma(), pr.a()));
        Var rs = ManyBody.safe(o, inside, r, fallback);
        Var rainv = o.div(o.onesLike(rs), o.sub(rs, cutV));
        // two-body on the kept half
        Var ex = o.exp(o.mul(sigma, rainv));
        Var sr = o.div(sigma, rs);
        Var phi2 = o.mul(o.mul(o.mul(ManyBody.at(o, pr.A(), slot), ManyBody.at(o, pr.epsilon(), slot)),
                o.sub(o.mul(ManyBody.at(o, pr.B(), slot), o.pow(sr, ManyBody.at(o, pr.p(), slot))), o.pow(sr, ManyBody.at(o, pr.q(), slot)))), ex);
        Var half = ManyBody.ints(o, ManyBody.halfEntries(nl));
        Var e2 = o.sum(o.take(ManyBody.mask(o, inside, phi2), half, 0));
        // three-body: legs per entry, then triplets a < b of each row
        Var leg = ManyBody.mask(o, inside, o.exp(o.mul(o.mul(gamma, sigma), rainv)));
        int[][] ab = ManyBody.rowPairs(nl, false);
        if (ab[0].length == 0) return e2;
        Var ia = ManyBody.ints(o, ab[0]);
        Var ib = ManyBody.ints(o, ab[1]);
        Var k = ManyBody.ints(o, ManyBody.tripletSlots(nl, atoms, types, ab[0], ab[1]));
        Var cos = o.div(o.sum(o.mul(o.take(vec, ia, 0), o.take(vec, ib, 0)), 1), o.mul(o.take(rs, ia, 0), o.take(rs, ib, 0)));
        Var dc = o.sub(cos, ManyBody.at(o, pr.costheta0(), k));
        Var le = o.mul(ManyBody.at(o, pr.lambda(), k), ManyBody.at(o, pr.epsilon(), k));
        Var e3 = o.sum(o.mul(o.mul(le, o.square(dc)), o.mul(o.take(leg, ia, 0), o.take(leg, ib, 0))));
        return o.add(e2, e3);
    }

    private static double min(Ops o, Var x) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : o.tensors().toDoubleArray(x.value())) m = Math.min(m, d);
        return m;
    }

    @Override
    public Object parameters(Ops o) {
        java.util.List<Var> rows = new java.util.ArrayList<>();
        for (double[] row : v) rows.add(ManyBody.param(o, row, types));
        return Params.of(rows);
    }

    /** The same potential with the values of {@code params} (a fitted {@link Params}); tol is kept. */
    public StillingerWeber withParameters(Ops o, Params params) {
        Var[] p = params.all();
        double[][] t = new double[FILE_PARAMETERS.size()][];
        for (int k = 0; k < p.length; k++) t[k] = ManyBody.values(o, p[k], types, "sw " + FILE_PARAMETERS.get(k));   // every slot before tol
        t[TOL] = v[TOL].clone();
        return new StillingerWeber(types, t);
    }
}
