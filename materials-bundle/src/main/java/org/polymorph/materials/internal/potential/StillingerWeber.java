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
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code sw}: Stillinger &amp; Weber, PRB 31, 5262 (1985), as pair_sw.cpp evaluates it.
 * E = Σ_pairs φ2(r_ij) + Σ_i Σ_{j<k} φ3(r_ij, r_ik, θ_jik) with
 * φ2 = A ε [B (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ)) for r &lt; aσ (parameters of slot ij = (ti, tj, tj)),
 * φ3 = λε (cos θ − cos θ0)² exp(γσ_ij/(r_ij − a_ijσ_ij)) exp(γσ_ik/(r_ik − a_ikσ_ik)) (λ, ε, cos θ0 of
 * slot ijk). tol &gt; 0 shortens the neighbour cutoff to aσ + γσ/ln(tol) (γσ → σ when γ ≥ 1; tol
 * capped at 0.01) as LAMMPS does, without changing the formulas. Energies eV, lengths Å.
 * <p>Second derivatives ({@link SecondOrder}) over p = the table's entries in slot order, each entry's 11 numbers in
 * FILE_PARAMETERS order (for one element, the file entry itself); tol moves only the cutoff and has zero products.
 */
public final class StillingerWeber implements Potential, SecondOrder, PartialRow.OnAtoms, ForceTangents {
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
    /** Every file number's parameter row asked (the full product). */
    private static final boolean[] EVERY_NUMBER = every();


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
    private final double[] sigmaP;        // σ^p
    private final double[] sigmaQ;        // σ^q
    private final int[] intP;             // p as a small integer per slot, or −1 ({@link #inversePower})
    private final int[] intQ;             // q likewise
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
        sigmaP = new double[n];
        sigmaQ = new double[n];
        intP = new int[n];
        intQ = new int[n];
        double cm = 0;
        for (int s = 0; s < n; s++) {
            double sigma = v[SIGMA][s];
            cut[s] = sigma * v[REDUCED_CUTOFF][s];
            double rc = cut[s] + tolShift(s);
            cutsq[s] = rc * rc;
            cm = Math.max(cm, rc);
            sigmaGamma[s] = sigma * v[GAMMA][s];
            lambdaEps[s] = v[LAMBDA][s] * v[EPSILON][s];
            sigmaP[s] = Math.pow(sigma, v[P][s]);
            sigmaQ[s] = Math.pow(sigma, v[Q][s]);
            intP[s] = smallInteger(v[P][s]);
            intQ[s] = smallInteger(v[Q][s]);
            c5[s] = v[BIG_A][s] * v[EPSILON][s] * v[BIG_B][s] * sigmaP[s];
            c6[s] = v[BIG_A][s] * v[EPSILON][s] * sigmaQ[s];
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

    /** The parameter table [11][T³]: the numbers of the .sw entries in FILE_PARAMETERS order, entry (i, j, k) at (i·T + j)·T + k. */
    public double[][] table() {
        double[][] t = new double[v.length][];
        for (int k = 0; k < v.length; k++) t[k] = v[k].clone();
        return t;
    }

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

    @Override public int parameterCount() { return FILE_PARAMETERS.size() * types * types * types; }

    private static boolean[] every() {
        boolean[] all = new boolean[FILE_PARAMETERS.size()];
        java.util.Arrays.fill(all, true);
        return all;
    }

    /** The index in p of number {@code k} (FILE_PARAMETERS order) of slot {@code s}. */
    private static int param(int s, int k) { return s * 11 + k; }

    /**
     * H·dX (+ ∂²E/∂X∂p·dp) and dXᵀ∂²E/∂X∂p by differentiating the force loop's expressions once more along dX and dp (forward
     * mode by hand: each scalar s of {@link #pairs} and {@link #triplets} gets its tangent ṡ, and the gradient G_e of E_i its
     * tangent Ġ_e, the product). The parameter row is the gradient in p of the directional derivative Ė_i = Σ_e G_e·ḋ_e:
     * φ2'(r)·ṙ per kept pair, λε[2 Δc ċ L_a L_b + Δc² (L_a' ṙ_a L_b + L_a L_b' ṙ_b)] per triplet, the legs' γ, σ, a through
     * per-entry weights of ∂L/∂θ and ∂L'/∂θ.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        product(atoms, nl, dX, dp, outX, outP, EVERY_NUMBER);
    }

    /**
     * {@link #hessianProduct(Atoms, NeighborList, double[], double[], double[], double[])} with the parameter row filled only for
     * the file numbers k (FILE_PARAMETERS order) that {@code rows} [parameterCount()] asks in some slot: the pair term's
     * ∂φ2'/∂θ of the others (A, B, p, q with their logarithms, a) and cos θ0's triplet term are skipped, and the legs' weights
     * α, β only when γ, σ or a is asked. The asked entries and H·dX + (∂²E/∂X∂p)·dp are the full product's bit for bit.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean[] rows) {
        product(atoms, nl, dX, dp, outX, outP, numbers(rows));
    }

    /**
     * The product of {@link #hessianProduct(Atoms, NeighborList, double[], double[], double[], double[], boolean[])} for a tangent
     * dR [3N] of the atoms, folded onto them (rowR [3N], set) without the extended tangent and product arrays; without a parameter
     * tangent (the reverse sweep's product) in the carried walk's form ({@link #adjointProduct}).
     */
    @Override
    public void hessianProductOnAtoms(Atoms atoms, NeighborList nl, double[] dR, double[] dp, double[] rowR, double[] outP, boolean[] rows) {
        boolean[] numbers = rows == null ? EVERY_NUMBER : numbers(rows);
        if (dp == null) {
            adjointProduct(atoms, nl, dR, rowR, outP, numbers);
            return;
        }
        int[] t = atoms.types();
        Legs legs = new Legs(nl.maxNeighbors());
        ManyBody.hessianProductOnAtoms("sw", cutmax, types, extended, atoms, nl, pairSlot, cutsq, false, parameterCount(), dR, dp, rowR, outP,
                site(t, legs, dp, outP, numbers));
    }

    /** The file numbers k (FILE_PARAMETERS order) that {@code rows} [parameterCount()] asks in some slot. */
    private boolean[] numbers(boolean[] rows) {
        if (rows.length != parameterCount()) {
            throw new IllegalArgumentException("sw: rows has " + rows.length + " entries, expected one per parameter (" + parameterCount() + ")");
        }
        boolean[] numbers = new boolean[FILE_PARAMETERS.size()];
        for (int s = 0; s < types * types * types; s++) for (int k = 0; k < numbers.length; k++) numbers[k] |= rows[param(s, k)];
        return numbers;
    }

    /** The product with the parameter row's file numbers {@code numbers} [11] (FILE_PARAMETERS order) filled. */
    private void product(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean[] numbers) {
        int[] t = atoms.types();
        Legs legs = new Legs(nl.maxNeighbors());
        ManyBody.hessianProduct("sw", cutmax, types, extended, atoms, nl, pairSlot, cutsq, false, parameterCount(), dX, dp, outX, outP,
                site(t, legs, dp, outP, numbers));
    }

    /** Atom i's share of the product: pair terms and legs, triplets, then the legs' parameters when γ, σ or a is asked. */
    private ManyBody.SiteProduct site(int[] t, Legs legs, double[] dp, double[] outP, boolean[] numbers) {
        boolean legRows = numbers[GAMMA] || numbers[SIGMA] || numbers[REDUCED_CUTOFF];
        return (i, sc, ex) -> {
            pairProducts(i, sc, ex, legs, dp, outP, numbers);
            tripletProducts(t[i], sc, t, legs, dp, outP, numbers, legRows);
            if (outP != null && legRows) legParameters(sc, legs, outP, numbers);
        };
    }


    /**
     * B tangents at once: each pair's and triplet's geometry, legs, φ2', φ2'' and the angular factors ca, cb, ci are evaluated once
     * per term (as in {@link #hessianProduct}) and contracted with every tangent's ṙ, ċ and ṗ.
     */
    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        int[] t = atoms.types();
        Legs legs = new Legs(nl.maxNeighbors());
        BatchLegs bl = new BatchLegs(dX.length, nl.maxNeighbors());
        boolean[] moved = dp == null ? null : moved(dp);
        ManyBody.hessianProducts("sw", cutmax, types, extended, atoms, nl, pairSlot, cutsq, false, parameterCount(), dX, dp, outX,
                (i, sc, tg, ex) -> {
                    pairProducts(i, sc, ex, tg, legs, bl, dp, moved);
                    tripletProducts(t[i], sc, t, tg, legs, bl, dp);
                });
    }

    /**
     * The file numbers k (FILE_PARAMETERS order) that some tangent's ṗ [B][parameterCount()] (rows may be null) moves in some slot:
     * the pair term's ∂φ2'/∂θ of the others meets only zeros (a tangent along a few fitted numbers leaves the rest at 0).
     */
    private boolean[] moved(double[][] dp) {
        boolean[] numbers = new boolean[FILE_PARAMETERS.size()];
        for (double[] d : dp) {
            if (d == null) continue;
            if (d.length != parameterCount()) continue;   // ManyBody.hessianProducts names the length
            for (int s = 0; s < types * types * types; s++) for (int k = 0; k < numbers.length; k++) numbers[k] |= d[param(s, k)] != 0;
        }
        return numbers;
    }

    /** The per-tangent rows [B][m] of the legs' tangents of {@link Legs} (ṙ, L̇, (L'/r)˙) for the batched products. */
    private static final class BatchLegs {
        final double[][] rdot;
        final double[][] legDot;
        final double[][] legDDot;

        BatchLegs(int count, int capacity) {
            int c = Math.max(1, capacity);
            rdot = new double[count][c];
            legDot = new double[count][c];
            legDDot = new double[count][c];
        }
    }

    /** {@link #pairProducts} for the B tangent rows of {@code tg} (no parameter row): the legs and the kept pair term once per entry. */
    private void pairProducts(int i, ManyBody.Scratch sc, Extended ex, ManyBody.Tangents tg, Legs legs, BatchLegs bl, double[][] dp, boolean[] moved) {
        int nb = tg.count;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            double dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
            double rho = 1.0 / (r - cut[p]);
            double sg = sigmaGamma[p];
            double lg = Math.exp(sg * rho);
            double gr = -sg * rho * rho;
            double l1 = lg * gr;
            double l2 = lg * (gr * gr + 2 * sg * rho * rho * rho);
            legs.leg[q] = lg;
            legs.legD[q] = l1 / r;
            double ldd = (l2 - l1 / r) / r;
            double sigma = v[SIGMA][p], gamma = v[GAMMA][p], a = v[REDUCED_CUTOFF][p];
            double rho2 = rho * rho;
            double gG = sigma * rho, gS = gamma * r * rho2, gA = gamma * sigma * sigma * rho2;
            double grG = -sigma * rho2, grS = -gamma * rho2 * (1 + 2 * a * sigma * rho), grA = -2 * gamma * sigma * sigma * rho2 * rho;
            int iG = param(p, GAMMA), iS = param(p, SIGMA), iA = param(p, REDUCED_CUTOFF);
            for (int b = 0; b < nb; b++) {
                double rdot = (dx * tg.tx[b][q] + dy * tg.ty[b][q] + dz * tg.tz[b][q]) / r;
                double legDot = l1 * rdot, legDDot = ldd * rdot;
                if (dp != null && dp[b] != null) {
                    double[] d = dp[b];
                    double gd = d[iG], sd = d[iS], ad = d[iA];
                    double gdot = gG * gd + gS * sd + gA * ad;
                    double grdot = grG * gd + grS * sd + grA * ad;
                    legDot += lg * gdot;
                    legDDot += lg * (gdot * gr + grdot) / r;
                }
                bl.rdot[b][q] = rdot;
                bl.legDot[b][q] = legDot;
                bl.legDDot[b][q] = legDDot;
            }
            if (!sc.keep(i, q, ex)) continue;
            double pp = v[P][p], qq = v[Q][p];
            double rp = inversePower(r, intP[p], pp);
            double rq = inversePower(r, intQ[p], qq);
            double x = Math.exp(sigma * rho);
            double u = c5[p] * rp - c6[p] * rq;
            double u1 = (-pp * c5[p] * rp + qq * c6[p] * rq) / r;
            double u2 = (pp * (pp + 1) * c5[p] * rp - qq * (qq + 1) * c6[p] * rq) / (r * r);
            double w1 = -sigma * rho * rho;
            double w2 = 2 * sigma * rho * rho * rho;
            double f = u1 + u * w1;
            double d1 = x * f;
            double d2 = x * (u2 + 2 * u1 * w1 + u * (w1 * w1 + w2));
            double g = d1 / r;
            double gr1 = (d2 - g) / r;
            double dEps = 0, dA = 0, dB = 0, dP = 0, dQ = 0, dSig = 0, dCut = 0;
            if (dp != null) {                                   // those of numbers no tangent moves stay 0 (they meet ṗ = 0)
                double ae = v[BIG_A][p] * v[EPSILON][p];
                double sp = sigmaP[p] * rp, sq = sigmaQ[p] * rq;
                double bb = v[BIG_B][p];
                double vv = bb * sp - sq, v1 = -(pp * bb * sp - qq * sq) / r;
                if (moved[EPSILON]) dEps = x * v[BIG_A][p] * (v1 + vv * w1);
                if (moved[BIG_A]) dA = x * v[EPSILON][p] * (v1 + vv * w1);
                if (moved[BIG_B]) dB = x * ae * sp * (w1 - pp / r);
                if (moved[P] || moved[Q]) {
                    double ls = Math.log(sigma / r);
                    dP = x * ae * bb * sp * (-(1 + pp * ls) / r + ls * w1);
                    dQ = x * ae * sq * ((1 + qq * ls) / r - ls * w1);
                }
                if (moved[SIGMA]) {
                    double uSig = ae * (bb * pp * sp - qq * sq) / sigma, u1Sig = -ae * (pp * pp * bb * sp - qq * qq * sq) / (r * sigma);
                    dSig = x * (r * rho * rho * f + u1Sig + uSig * w1 - u * (r + a * sigma) * rho * rho * rho);
                }
                if (moved[REDUCED_CUTOFF]) dCut = x * sigma * sigma * rho * rho * (f - 2 * u * rho);
            }
            for (int b = 0; b < nb; b++) {
                double gdot = gr1 * bl.rdot[b][q];
                if (dp != null && dp[b] != null) {
                    double[] d = dp[b];
                    gdot += (dEps * d[param(p, EPSILON)] + dA * d[param(p, BIG_A)] + dB * d[param(p, BIG_B)] + dP * d[param(p, P)]
                            + dQ * d[param(p, Q)] + dSig * d[iS] + dCut * d[iA]) / r;
                }
                tg.gx[b][q] += gdot * dx + g * tg.tx[b][q];
                tg.gy[b][q] += gdot * dy + g * tg.ty[b][q];
                tg.gz[b][q] += gdot * dz + g * tg.tz[b][q];
            }
        }
    }

    /** {@link #tripletProducts} for the B tangent rows of {@code tg}: cos θ, Δc, the legs' product and ca, cb, ci once per triplet. */
    private void tripletProducts(int ti, ManyBody.Scratch sc, int[] t, ManyBody.Tangents tg, Legs legs, BatchLegs bl, double[][] dp) {
        int m = sc.m, nb = tg.count;
        double[] leg = legs.leg, legD = legs.legD;
        for (int a = 0; a < m; a++) {
            double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
            double ra = sc.r[a];
            double la = leg[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            for (int b = a + 1; b < m; b++) {
                int k = base + t[sc.j[b]];
                double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                double rb = sc.r[b];
                double lb = leg[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                double dc = cs - v[COSTHETA0][k];
                double le = lambdaEps[k];
                double fac = la * lb;
                double w3 = le * dc * dc;
                double ang = 2 * le * fac * dc;
                double ia2 = 1.0 / (ra * ra), ib2 = 1.0 / (rb * rb);
                double ca = w3 * legD[a] * lb - ang * cs * ia2;
                double cb = w3 * legD[b] * la - ang * cs * ib2;
                double ci = ang * inv;
                // ċa, ċb, ċi are linear in (ċ, L̇_a, L̇_b, (L'/r)˙_a, (L'/r)˙_b, ṙ_a/r_a, ṙ_b/r_b) and in (λε)˙ and ċos θ0:
                // the coefficients of the expressions of tripletProducts, once per triplet
                double la2 = 2 * le * dc, fac2 = 2 * le * fac, angC = (fac2 * cs + ang);
                double kaC = la2 * legD[a] * lb - angC * ia2, kaLa = -la2 * lb * cs * ia2, kaLb = w3 * legD[a] - la2 * la * cs * ia2, kaD = w3 * lb,
                        kaR = 2 * ang * cs * ia2;
                double kbC = la2 * legD[b] * la - angC * ib2, kbLb = -la2 * la * cs * ib2, kbLa = w3 * legD[b] - la2 * lb * cs * ib2, kbD = w3 * la,
                        kbR = 2 * ang * cs * ib2;
                double kiC = fac2 * inv, kiLa = la2 * lb * inv, kiLb = la2 * la * inv;
                // the parameter tangents' coefficients: (λε)˙ and ċos θ0
                double dc2 = dc * dc, facDc2 = 2 * fac * dc;
                double kaE = dc2 * legD[a] * lb - facDc2 * cs * ia2, kaT = -la2 * legD[a] * lb + fac2 * cs * ia2;
                double kbE = dc2 * legD[b] * la - facDc2 * cs * ib2, kbT = -la2 * legD[b] * la + fac2 * cs * ib2;
                double kiE = facDc2 * inv, kiT = -fac2 * inv;
                double iRa = 1 / ra, iRb = 1 / rb;
                for (int s = 0; s < nb; s++) {
                    double[] tx = tg.tx[s], ty = tg.ty[s], tz = tg.tz[s], legDot = bl.legDot[s], legDDot = bl.legDDot[s];
                    double rda = bl.rdot[s][a] * iRa, rdb = bl.rdot[s][b] * iRb;
                    double tax = tx[a], tay = ty[a], taz = tz[a], tbx = tx[b], tby = ty[b], tbz = tz[b];
                    double cdot = (tax * bx + tay * by + taz * bz + ax * tbx + ay * tby + az * tbz) * inv - cs * (rda + rdb);
                    double lda = legDot[a], ldb = legDot[b];
                    double cadot = kaC * cdot + kaLa * lda + kaLb * ldb + kaD * legDDot[a] + kaR * rda;
                    double cbdot = kbC * cdot + kbLb * ldb + kbLa * lda + kbD * legDDot[b] + kbR * rdb;
                    double cidot = kiC * cdot + kiLa * lda + kiLb * ldb - ci * (rda + rdb);
                    if (dp != null && dp[s] != null) {
                        double dcp = dp[s][param(k, COSTHETA0)];
                        double ledot = dp[s][param(k, LAMBDA)] * v[EPSILON][k] + v[LAMBDA][k] * dp[s][param(k, EPSILON)];
                        cadot += kaE * ledot + kaT * dcp;
                        cbdot += kbE * ledot + kbT * dcp;
                        cidot += kiE * ledot + kiT * dcp;
                    }
                    // Ġ_a = ċa d_a + ca ḋ_a + ċi d_b + ci ḋ_b, Ġ_b = ċb d_b + cb ḋ_b + ċi d_a + ci ḋ_a
                    double[] gx = tg.gx[s], gy = tg.gy[s], gz = tg.gz[s];
                    gx[a] += cadot * ax + ca * tax + cidot * bx + ci * tbx;
                    gy[a] += cadot * ay + ca * tay + cidot * by + ci * tby;
                    gz[a] += cadot * az + ca * taz + cidot * bz + ci * tbz;
                    gx[b] += cbdot * bx + cb * tbx + cidot * ax + ci * tax;
                    gy[b] += cbdot * by + cb * tby + cidot * ay + ci * tay;
                    gz[b] += cbdot * bz + cb * tbz + cidot * az + ci * taz;
                }
            }
        }
    }

    /**
     * The carried walk's per-entry blocks of E_WIDTH numbers ({@link ManyBody.Carry#entryBlocks}): d (x, y, z from E_D), L, L'/r, 1/r,
     * the pair term's g = φ2'/r (0 off the kept half), the cross part X of G gathered so far (x, y, z from E_X) and over the entry's
     * triplets (B = 2λεΔc, A = λεΔc², L_o the other entry's leg, ang = B L_a L_b) the sums Σ ang·cos θ, Σ B cos θ L_o and Σ A L_o,
     * from which {@link #carriedEntries} forms the entry's own coefficients (ca = (L'/r) Σ A L_o − Σ ang·cos θ / r², and those of
     * its L̇, (L'/r)˙, ṙ/r in ċa).
     */
    private static final int E_D = 0, LEG = 3, LEG_D = 4, INV_R = 5, SUM_ANG = 6, SUM_LEG = 7, SUM_LEG_D = 8, PAIR = 9, E_X = 10, E_WIDTH = 13;
    /**
     * Per entry and tangent, a block of WIDTH numbers ({@link ManyBody.Carry#blocks}): P = ḋ − (ṙ/r) d (x, y, z from P_X), L̇, the
     * cross part of Ġ gathered so far (x, y, z from U_X), the coefficient of d in Ġ gathered so far, ṙ/r and (L'/r)˙; what the
     * triplets read and write per tangent lies in one block.
     */
    private static final int P_X = 0, LEG_DOT = 3, U_X = 4, ALONG = 7, RHO = 8, LEG_D_DOT = 9, WIDTH = 10;
    private final ManyBody.Carries carries = new ManyBody.Carries(0, 0, WIDTH, E_WIDTH);
    /** The file numbers the carried pair and leg terms read from ṗ, in the column order of {@link #gathered}. */
    private static final int[] GATHERED = {EPSILON, SIGMA, REDUCED_CUTOFF, GAMMA, BIG_A, BIG_B, P, Q};
    private static final int G_EPS = 0, G_SIGMA = 1, G_CUT = 2, G_GAMMA = 3, G_A = 4, G_B = 5, G_P = 6, G_Q = 7, G_COLUMNS = 8;

    /**
     * The force and k tangent products in one walk ({@link ForceTangents}): per entry the leg, φ2' and φ2'' once, per triplet cos θ,
     * Δc, the legs' product and the angular factors ca, cb, ci once, each contracted with every tangent's ṙ, ċ and ṗ. The force's
     * G_a = ca d_a + ci d_b and the product's Ġ_a = ċa d_a + ca ḋ_a + ċi d_b + ci ḋ_b are those of {@link #compute} and
     * {@link #hessianProducts}; the parts of ca, ċa that multiply the entry's own d_a and ḋ_a (and the parts of ċa linear in the
     * entry's own L̇, (L'/r)˙ and ṙ/r) are summed over the entry's triplets first and applied once per entry. φ3 is linear in λε:
     * where cos θ0 is not moved and an atom's triplets share one slot s (its entries of one type, λε_s ≠ 0), the part of (λε)˙ in
     * its Ġ is (λε)˙_s/λε_s times the triplets' own G, added per entry instead of per triplet and tangent. Parameter terms that no
     * tangent's ṗ moves are skipped; the ṗ numbers the pair and leg terms read are gathered per slot once per call.
     */
    @Override
    public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        int[] t = atoms.types();
        int slots = types * types * types;
        boolean[] moved = dp == null ? new boolean[FILE_PARAMETERS.size()] : moved(dp);
        boolean tripletParams = moved[LAMBDA] || moved[EPSILON] || moved[COSTHETA0];
        double[] leDot = null, c0Dot = null, scale = null;   // (λε)˙, (cos θ0)˙ and (λε)˙/λε per slot and tangent [T³·k]
        if (tripletParams) {
            leDot = new double[slots * k];
            c0Dot = new double[slots * k];
            scale = new double[slots * k];
            for (int s = 0; s < slots; s++) {
                for (int b = 0; b < Math.min(k, dp.length); b++) {       // ManyBody.forceAndTangents names a count other than k
                    double[] d = dp[b];
                    if (d == null || d.length != parameterCount()) continue;   // ManyBody.forceAndTangents names the length
                    leDot[s * k + b] = d[param(s, LAMBDA)] * v[EPSILON][s] + v[LAMBDA][s] * d[param(s, EPSILON)];
                    c0Dot[s * k + b] = d[param(s, COSTHETA0)];
                    if (lambdaEps[s] != 0) scale[s * k + b] = leDot[s * k + b] / lambdaEps[s];
                }
            }
        }
        double[] gathered = dp == null ? null : gathered(dp, k);
        boolean legParams = dp != null && (moved[GAMMA] || moved[SIGMA] || moved[REDUCED_CUTOFF]);
        boolean pairParams = dp != null && (moved[EPSILON] || moved[BIG_A] || moved[BIG_B] || moved[P] || moved[Q] || moved[SIGMA] || moved[REDUCED_CUTOFF]);
        boolean linear = tripletParams && !moved[COSTHETA0];
        double[] le = leDot, c0 = c0Dot, ratio = scale;
        ManyBody.forceAndTangents("sw", cutmax, types, extended, carries, atoms, nl, pairSlot, cutsq, false, parameterCount(), k, dT, dp, outT, forces,
                true, (i, sc, cr, ex) -> {
                    carriedPairs(i, sc, cr, ex, dT, gathered, legParams, pairParams, moved);
                    int s3 = linear ? oneSlot(t[i], sc, t) : -1;
                    if (s3 >= 0) {
                        carriedTriplets(t[i], sc, t, cr, null, null);
                        carriedEntries(i, sc, cr, ratio, s3, outT, forces);
                    } else {
                        carriedTriplets(t[i], sc, t, cr, le, c0);
                        carriedEntries(i, sc, cr, null, 0, outT, forces);
                    }
                });
    }

    /** The triplet slot (ti, tj, tj) that every triplet of the loaded short list has (its entries all of type tj), if λε there is not 0; else −1. */
    private int oneSlot(int ti, ManyBody.Scratch sc, int[] t) {
        if (sc.m == 0) return -1;
        int tj = t[sc.j[0]];
        for (int q = 1; q < sc.m; q++) if (t[sc.j[q]] != tj) return -1;
        int s = (ti * types + tj) * types + tj;
        return lambdaEps[s] != 0 ? s : -1;
    }

    /** ṗ's numbers that the carried pair and leg terms read, per slot and tangent [T³·k·G_COLUMNS] in GATHERED order (0 for a null ṗ). */
    private double[] gathered(double[][] dp, int k) {
        int slots = types * types * types;
        double[] g = new double[slots * k * G_COLUMNS];
        for (int s = 0; s < slots; s++) {
            for (int b = 0; b < Math.min(k, dp.length); b++) {
                double[] d = dp[b];
                if (d == null || d.length != parameterCount()) continue;       // ManyBody.forceAndTangents names the count and length
                for (int c = 0; c < G_COLUMNS; c++) g[(s * k + b) * G_COLUMNS + c] = d[param(s, GATHERED[c])];
            }
        }
        return g;
    }

    /**
     * Per entry, into its block: d, the leg L = e^{γσ/(r − aσ)}, L'/r, 1/r (the sums and X zeroed) and, per tangent, ṙ/r, L̇ and
     * (L'/r)˙ (with the legs' γ, σ, a when moved, their coefficients once per entry), ḋ = dT[j] − dT[i] read from dT [3kN] and kept
     * as its part P = ḋ − (ṙ/r) d perpendicular to d (what {@link #carriedTriplets} and {@link #carriedEntries} read), U zeroed;
     * on the kept half the pair term's g = φ2'/r and ġ into the coefficient of d, in the same pass over the tangents.
     * {@code pd}: ṗ gathered per slot and tangent ({@link #gathered}), null without parameter tangents.
     */
    private void carriedPairs(int i, ManyBody.Scratch sc, ManyBody.Carry cr, Extended ex, double[] dT, double[] pd, boolean legParams,
                              boolean pairParams, boolean[] moved) {
        int k = cr.k, w = 3 * k;
        double[] own = cr.own;                             // [0, 3k): atom i's row of dT
        System.arraycopy(dT, w * i, own, 0, w);
        double[] tb = cr.blocks;
        double[] eb = cr.entryBlocks;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q], ir = 1 / r;
            double dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
            double rh = 1.0 / (r - cut[p]);
            double sg = sigmaGamma[p];
            double lg = Math.exp(sg * rh);
            double gr = -sg * rh * rh;                    // (γσ/(r − aσ))'
            double l1 = lg * gr;                          // L'
            double l2 = lg * (gr * gr + 2 * sg * rh * rh * rh);
            double ldd = (l2 - l1 * ir) * ir;
            int n0 = q * E_WIDTH;
            eb[n0 + E_D] = dx;
            eb[n0 + E_D + 1] = dy;
            eb[n0 + E_D + 2] = dz;
            eb[n0 + LEG] = lg;
            eb[n0 + LEG_D] = l1 * ir;
            eb[n0 + INV_R] = ir;
            eb[n0 + SUM_ANG] = 0;
            eb[n0 + SUM_LEG] = 0;
            eb[n0 + SUM_LEG_D] = 0;
            eb[n0 + PAIR] = 0;
            eb[n0 + E_X] = 0;
            eb[n0 + E_X + 1] = 0;
            eb[n0 + E_X + 2] = 0;
            double sigma = v[SIGMA][p], gamma = v[GAMMA][p], a = v[REDUCED_CUTOFF][p];
            double rh2 = rh * rh;
            int pk = p * k * G_COLUMNS, bj = w * sc.j[q];
            // on the kept half: g = φ2'/r, ġ = gr1 ṙ/r + Σ_θ (∂g/∂θ) θ̇ (those of numbers no tangent moves stay 0: they meet ṗ = 0)
            double gr1 = 0, dEps = 0, dA = 0, dB = 0, dP = 0, dQ = 0, dSig = 0, dCut = 0;
            boolean kept = sc.keep(i, q, ex), pairDot = kept && pairParams;
            if (kept) {
                double pp = v[P][p], qq = v[Q][p];
                double rp = inversePower(r, ir, intP[p], pp);
                double rq = inversePower(r, ir, intQ[p], qq);
                double x = Math.exp(sigma * rh);
                double u = c5[p] * rp - c6[p] * rq;
                double u1 = (-pp * c5[p] * rp + qq * c6[p] * rq) * ir;
                double u2 = (pp * (pp + 1) * c5[p] * rp - qq * (qq + 1) * c6[p] * rq) * ir * ir;
                double w1 = -sigma * rh2;
                double w2 = 2 * sigma * rh2 * rh;
                double f = u1 + u * w1;
                double d1 = x * f;                                                      // φ2'
                double d2 = x * (u2 + 2 * u1 * w1 + u * (w1 * w1 + w2));               // φ2''
                double g = d1 * ir;
                gr1 = d2 - g;
                eb[n0 + PAIR] = g;
                if (pairParams) {
                    double ae = v[BIG_A][p] * v[EPSILON][p];
                    double sp = sigmaP[p] * rp, sq = sigmaQ[p] * rq;
                    double bb = v[BIG_B][p];
                    double vv = bb * sp - sq, v1 = -(pp * bb * sp - qq * sq) * ir;
                    if (moved[EPSILON]) dEps = x * v[BIG_A][p] * (v1 + vv * w1) * ir;
                    if (moved[BIG_A]) dA = x * v[EPSILON][p] * (v1 + vv * w1) * ir;
                    if (moved[BIG_B]) dB = x * ae * sp * (w1 - pp * ir) * ir;
                    if (moved[P] || moved[Q]) {
                        double ls = Math.log(sigma / r);
                        dP = x * ae * bb * sp * (-(1 + pp * ls) * ir + ls * w1) * ir;
                        dQ = x * ae * sq * ((1 + qq * ls) * ir - ls * w1) * ir;
                    }
                    if (moved[SIGMA]) {
                        double uSig = ae * (bb * pp * sp - qq * sq) / sigma, u1Sig = -ae * (pp * pp * bb * sp - qq * qq * sq) * ir / sigma;
                        dSig = x * (r * rh2 * f + u1Sig + uSig * w1 - u * (r + a * sigma) * rh2 * rh) * ir;
                    }
                    if (moved[REDUCED_CUTOFF]) dCut = x * sigma * sigma * rh2 * (f - 2 * u * rh) * ir;
                }
            }
            // w = γσ/(r − aσ): ẇ = wG γ̇ + wS σ̇ + wA ȧ, (w')˙ likewise; L̇ += L ẇ, (L'/r)˙ += L (ẇ w' + (w')˙)/r
            double lG = 0, lS = 0, lA = 0, dG = 0, dS = 0, dA2 = 0;
            if (legParams) {
                double wG = sigma * rh, wS = gamma * r * rh2, wA = gamma * sigma * sigma * rh2;
                double w1G = -sigma * rh2, w1S = -gamma * rh2 * (1 + 2 * a * sigma * rh), w1A = -2 * gamma * sigma * sigma * rh2 * rh;
                double lir = lg * ir;
                lG = lg * wG;
                lS = lg * wS;
                lA = lg * wA;
                dG = lir * (wG * gr + w1G);
                dS = lir * (wS * gr + w1S);
                dA2 = lir * (wA * gr + w1A);
            }
            for (int b = 0, o = q * k, g = pk, c = bj; b < w; b += 3, o++, g += G_COLUMNS, c += 3) {
                double ex0 = dT[c] - own[b], ey0 = dT[c + 1] - own[b + 1], ez0 = dT[c + 2] - own[b + 2];
                double rdot = (dx * ex0 + dy * ey0 + dz * ez0) * ir;
                double rh1 = rdot * ir;
                int e = o * WIDTH;
                tb[e + P_X] = ex0 - rh1 * dx;
                tb[e + P_X + 1] = ey0 - rh1 * dy;
                tb[e + P_X + 2] = ez0 - rh1 * dz;
                tb[e + U_X] = 0;
                tb[e + U_X + 1] = 0;
                tb[e + U_X + 2] = 0;
                tb[e + RHO] = rh1;
                double ld = l1 * rdot, lddot = ldd * rdot, al = gr1 * rh1;
                if (legParams) {
                    double gd = pd[g + G_GAMMA], sd = pd[g + G_SIGMA], ad = pd[g + G_CUT];
                    ld += lG * gd + lS * sd + lA * ad;
                    lddot += dG * gd + dS * sd + dA2 * ad;
                }
                if (pairDot) {
                    al += dEps * pd[g + G_EPS] + dA * pd[g + G_A] + dB * pd[g + G_B] + dP * pd[g + G_P] + dQ * pd[g + G_Q] + dSig * pd[g + G_SIGMA]
                            + dCut * pd[g + G_CUT];
                }
                tb[e + LEG_DOT] = ld;
                tb[e + LEG_D_DOT] = lddot;
                tb[e + ALONG] = al;
            }
        }
    }

    /**
     * The triplets a &lt; b: ca, cb, ci once (as {@link #tripletProducts}), ċa, ċb, ċi per tangent from ċ, L̇, ṙ/r and (λε)˙,
     * (cos θ0)˙ [T³·k] (null when no tangent moves them, or when {@link #carriedEntries} adds the part of (λε)˙). An entry's own
     * parts (ca, and the coefficients of its L̇, (L'/r)˙, ṙ/r in ċa) are summed into its block (entry a's in locals across b); the
     * cross parts (ci into X, ċi into U, and the coefficients of ċ and of the other entry's L̇) per triplet. The tangents read are
     * the perpendicular parts P = ḋ − (ṙ/r) d that {@link #carriedPairs} leaves in the blocks: ċ = (P_a·d_b + d_a·P_b)/(r_a r_b),
     * and ci ḋ_b − ci (ṙ_a/r_a + ṙ_b/r_b) d_b = ci P_b − (ṙ_a/r_a) ci d_b, whose last part, summed over b, is −(ṙ_a/r_a) times the
     * entry's cross part of G, added per entry by {@link #carriedEntries}.
     */
    private void carriedTriplets(int ti, ManyBody.Scratch sc, int[] t, ManyBody.Carry cr, double[] leDot, double[] c0Dot) {
        int m = sc.m, k = cr.k;
        double[] tb = cr.blocks, en = cr.entryBlocks;
        for (int a = 0; a < m; a++) {
            int na = a * E_WIDTH;
            double ax = en[na + E_D], ay = en[na + E_D + 1], az = en[na + E_D + 2];
            double la = en[na + LEG], lda = en[na + LEG_D];
            double ira = en[na + INV_R], ia2 = ira * ira;
            int base = (ti * types + t[sc.j[a]]) * types;
            double gax = 0, gay = 0, gaz = 0, saAng = 0, saLeg = 0, saLegD = 0;
            for (int b = a + 1; b < m; b++) {
                int s3 = base + t[sc.j[b]], nb = b * E_WIDTH;
                double bx = en[nb + E_D], by = en[nb + E_D + 1], bz = en[nb + E_D + 2];
                double lb = en[nb + LEG], ldb = en[nb + LEG_D];
                double irb = en[nb + INV_R], inv = ira * irb;
                double cs = (ax * bx + ay * by + az * bz) * inv;
                double dc = cs - v[COSTHETA0][s3];
                double le = lambdaEps[s3];
                double fac = la * lb;
                double la2 = 2 * le * dc;                  // B
                double w3 = le * dc * dc;                  // A
                double ang = la2 * fac;
                double ib2 = irb * irb;
                double ci = ang * inv;
                double angCs = ang * cs, bCs = la2 * cs;
                saAng += angCs;
                saLeg += bCs * lb;
                saLegD += w3 * lb;
                en[nb + SUM_ANG] += angCs;
                en[nb + SUM_LEG] += bCs * la;
                en[nb + SUM_LEG_D] += w3 * la;
                gax += ci * bx;
                gay += ci * by;
                gaz += ci * bz;
                en[nb + E_X] += ci * ax;
                en[nb + E_X + 1] += ci * ay;
                en[nb + E_X + 2] += ci * az;
                double fac2 = 2 * le * fac, angC = fac2 * cs + ang;
                double kaC = la2 * lda * lb - angC * ia2, kaLb = w3 * lda - bCs * la * ia2;
                double kbC = la2 * ldb * la - angC * ib2, kbLa = w3 * ldb - bCs * lb * ib2;
                double kiC = fac2 * inv, kiLa = la2 * lb * inv, kiLb = la2 * la * inv;
                double bxi = bx * inv, byi = by * inv, bzi = bz * inv, axi = ax * inv, ayi = ay * inv, azi = az * inv;
                int oa = a * k, ob = b * k;
                if (leDot == null) {
                    for (int s = 0; s < k; s++, oa++, ob++) {
                        int ea = oa * WIDTH, eb = ob * WIDTH;
                        double pax = tb[ea + P_X], pay = tb[ea + P_X + 1], paz = tb[ea + P_X + 2], pbx = tb[eb + P_X], pby = tb[eb + P_X + 1], pbz = tb[eb + P_X + 2];
                        double cdot = (pax * bxi + pay * byi) + (paz * bzi + axi * pbx) + (ayi * pby + azi * pbz);
                        double lDa = tb[ea + LEG_DOT], lDb = tb[eb + LEG_DOT];
                        tb[ea + ALONG] += kaC * cdot + kaLb * lDb;
                        tb[eb + ALONG] += kbC * cdot + kbLa * lDa;
                        double cidot = kiC * cdot + (kiLa * lDa + kiLb * lDb);
                        tb[ea + U_X] += cidot * bx + ci * pbx;
                        tb[ea + U_X + 1] += cidot * by + ci * pby;
                        tb[ea + U_X + 2] += cidot * bz + ci * pbz;
                        tb[eb + U_X] += cidot * ax + ci * pax;
                        tb[eb + U_X + 1] += cidot * ay + ci * pay;
                        tb[eb + U_X + 2] += cidot * az + ci * paz;
                    }
                } else {
                    double dc2 = dc * dc, facDc2 = 2 * fac * dc;
                    double kaE = dc2 * lda * lb - facDc2 * cs * ia2, kaT = -la2 * lda * lb + fac2 * cs * ia2;
                    double kbE = dc2 * ldb * la - facDc2 * cs * ib2, kbT = -la2 * ldb * la + fac2 * cs * ib2;
                    double kiE = facDc2 * inv, kiT = -fac2 * inv;
                    for (int s = 0, os = s3 * k; s < k; s++, oa++, ob++, os++) {
                        int ea = oa * WIDTH, eb = ob * WIDTH;
                        double pax = tb[ea + P_X], pay = tb[ea + P_X + 1], paz = tb[ea + P_X + 2], pbx = tb[eb + P_X], pby = tb[eb + P_X + 1], pbz = tb[eb + P_X + 2];
                        double cdot = (pax * bxi + pay * byi) + (paz * bzi + axi * pbx) + (ayi * pby + azi * pbz);
                        double lDa = tb[ea + LEG_DOT], lDb = tb[eb + LEG_DOT];
                        double led = leDot[os], cd = c0Dot[os];
                        tb[ea + ALONG] += kaC * cdot + kaLb * lDb + kaE * led + kaT * cd;
                        tb[eb + ALONG] += kbC * cdot + kbLa * lDa + kbE * led + kbT * cd;
                        double cidot = kiC * cdot + kiLa * lDa + kiLb * lDb + kiE * led + kiT * cd;
                        tb[ea + U_X] += cidot * bx + ci * pbx;
                        tb[ea + U_X + 1] += cidot * by + ci * pby;
                        tb[ea + U_X + 2] += cidot * bz + ci * pbz;
                        tb[eb + U_X] += cidot * ax + ci * pax;
                        tb[eb + U_X + 1] += cidot * ay + ci * pay;
                        tb[eb + U_X + 2] += cidot * az + ci * paz;
                    }
                }
            }
            en[na + SUM_ANG] += saAng;
            en[na + SUM_LEG] += saLeg;
            en[na + SUM_LEG_D] += saLegD;
            en[na + E_X] += gax;
            en[na + E_X + 1] += gay;
            en[na + E_X + 2] += gaz;
        }
    }

    /**
     * Each entry's own parts and the walk's output: G = c d + X (c = the triplets' Σ ca + the pair's g, X the cross part of G the
     * triplets gathered) and, with ḋ = P + (ṙ/r) d, Ġ_b = U_b + (ċ_b + c ṙ/r) d + c P_b − (ṙ/r) X (U_b the cross part of the
     * triplets' Ġ, ċ_b from the gathered coefficients); with {@code ratio} (not null: (λε)˙/λε per slot and
     * tangent [T³·k], the triplets all of slot s3) also Ġ_b += ratio_b · G3, G3 = Σ ca d + X the triplets' own gradient. G and Ġ go onto
     * the atoms as {@link ManyBody.Carry#flush}: forces[j] −= G, forces[i] += Σ G (forces may be null), outT[j, b] += Ġ_b,
     * outT[i, b] −= Σ Ġ_b.
     */
    private static void carriedEntries(int i, ManyBody.Scratch sc, ManyBody.Carry cr, double[] ratio, int s3, double[] outT, double[] forces) {
        int k = cr.k, w = 3 * k;
        double[] tb = cr.blocks, en = cr.entryBlocks;
        double[] own = cr.own;                             // [3k, 6k): Σ Ġ over the entries, per tangent
        java.util.Arrays.fill(own, w, 2 * w, 0);
        double fix = 0, fiy = 0, fiz = 0;
        int[] j = sc.j;
        for (int q = 0; q < sc.m; q++) {
            int n0 = q * E_WIDTH;
            double ir = en[n0 + INV_R], ir2 = ir * ir, cld = en[n0 + SUM_LEG_D], sa = en[n0 + SUM_ANG];
            double c3 = en[n0 + LEG_D] * cld - sa * ir2, c = c3 + en[n0 + PAIR], cl = -en[n0 + SUM_LEG] * ir2, cr0 = 2 * sa * ir2 + c;
            double dx = en[n0 + E_D], dy = en[n0 + E_D + 1], dz = en[n0 + E_D + 2];
            double xx = en[n0 + E_X], xy = en[n0 + E_X + 1], xz = en[n0 + E_X + 2];
            int bj = w * j[q];
            if (ratio != null) {
                double hx = c3 * dx + xx, hy = c3 * dy + xy, hz = c3 * dz + xz;
                for (int b = w, o = q * k, s = s3 * k, e = bj; b < 2 * w; b += 3, o++, s++, e += 3) {
                    int t0 = o * WIDTH;
                    double rh = tb[t0 + RHO], cdot = tb[t0 + ALONG] + cl * tb[t0 + LEG_DOT] + cld * tb[t0 + LEG_D_DOT] + cr0 * rh, f = ratio[s];
                    double vx = tb[t0 + U_X] + cdot * dx + c * tb[t0 + P_X] - rh * xx + f * hx;
                    double vy = tb[t0 + U_X + 1] + cdot * dy + c * tb[t0 + P_X + 1] - rh * xy + f * hy;
                    double vz = tb[t0 + U_X + 2] + cdot * dz + c * tb[t0 + P_X + 2] - rh * xz + f * hz;
                    outT[e] += vx;
                    outT[e + 1] += vy;
                    outT[e + 2] += vz;
                    own[b] += vx;
                    own[b + 1] += vy;
                    own[b + 2] += vz;
                }
            } else {
                for (int b = w, o = q * k, e = bj; b < 2 * w; b += 3, o++, e += 3) {
                    int t0 = o * WIDTH;
                    double rh = tb[t0 + RHO], cdot = tb[t0 + ALONG] + cl * tb[t0 + LEG_DOT] + cld * tb[t0 + LEG_D_DOT] + cr0 * rh;
                    double vx = tb[t0 + U_X] + cdot * dx + c * tb[t0 + P_X] - rh * xx;
                    double vy = tb[t0 + U_X + 1] + cdot * dy + c * tb[t0 + P_X + 1] - rh * xy;
                    double vz = tb[t0 + U_X + 2] + cdot * dz + c * tb[t0 + P_X + 2] - rh * xz;
                    outT[e] += vx;
                    outT[e + 1] += vy;
                    outT[e + 2] += vz;
                    own[b] += vx;
                    own[b + 1] += vy;
                    own[b + 2] += vz;
                }
            }
            double gqx = xx + c * dx, gqy = xy + c * dy, gqz = xz + c * dz;
            if (forces != null) {
                int a = 3 * j[q];
                forces[a] -= gqx;
                forces[a + 1] -= gqy;
                forces[a + 2] -= gqz;
                fix += gqx;
                fiy += gqy;
                fiz += gqz;
            }
        }
        if (forces != null) {
            forces[3 * i] += fix;
            forces[3 * i + 1] += fiy;
            forces[3 * i + 2] += fiz;
        }
        for (int b = 0, bi = w * i; b < w; b++) outT[bi + b] -= own[w + b];
    }

    /**
     * The adjoint walk's rows of {@link ManyBody.Carry} (k = 1), per entry q of the short list: 1/r, ρ = 1/(r − aσ), ṙ = d·ḋ/r, ṙ/r,
     * the leg L = e^{γσρ}, L'/r, L̇ = L'ṙ, (L'/r)˙, the pair term's g = φ2'/r and ġ (0 off the kept half), and four sums over the
     * entry's triplets (c the other entry, l_c its leg, L̇_c its tangent, Δc = cos θ − cos θ0, ċ = d cos θ along ḋ):
     * W = Σ λεΔc² l_c, S = Σ 2λεΔc cos θ l_c, X = Σ (2λεΔc ċ l_c + λεΔc² L̇_c), Y = Σ (2λε(cos θ + Δc) ċ l_c + 2λεΔc cos θ L̇_c).
     */
    private static final int A_IR = 0, A_RH = 1, A_RDOT = 2, A_RHO = 3, A_LEG = 4, A_LEG_D = 5, A_LEG_DOT = 6, A_LEG_D_DOT = 7, A_G = 8,
            A_G_DOT = 9, A_W = 10, A_S = 11, A_X = 12, A_Y = 13;
    private final ManyBody.Carries adjointCarries = new ManyBody.Carries(14, 0);

    /**
     * {@link #hessianProductOnAtoms} without a parameter tangent (the reverse sweep's product H·λ and the rows Σ_i λ_i ∂²E/∂p∂R_i)
     * in the carried walk's form, the force not computed: per entry the reciprocals, the leg and its tangents and the pair term
     * once; per triplet only the cross terms (ci, ċi on the other entry's d and ḋ) and the sums W, S, X, Y of each entry's own
     * coefficients; per entry at the end Ġ_q += ċ_q d_q + c_q ḋ_q with c_q = g + (L'/r) W − L S/r², and ċ_q from ġ, X, Y, W, S
     * (the sums of {@link #carriedTriplets}'s self rows regrouped); the triplets' λ, ε, cos θ0 rows summed per slot and written once per
     * atom, the legs' γ, σ, a rows once per entry (α = X, β = ṙ W of {@link #legParameters}). The numbers equal the general path's
     * to rounding.
     */
    private void adjointProduct(Atoms atoms, NeighborList nl, double[] dR, double[] rowR, double[] outP, boolean[] numbers) {
        ManyBody.checkTypes("sw", types, atoms);
        ManyBody.checkList("sw", cutmax, nl, atoms);
        int n3 = 3 * atoms.size();
        if (dR.length != n3 || rowR.length != n3) {
            throw new IllegalArgumentException("sw: tangent and product have " + dR.length + " and " + rowR.length + " components, the atoms " + n3);
        }
        if (outP != null && outP.length != parameterCount()) {
            throw new IllegalArgumentException("sw: " + parameterCount() + " parameters, the parameter product has " + outP.length);
        }
        java.util.Arrays.fill(rowR, 0.0);
        int[] t = atoms.types();
        int t2 = types * types;
        boolean pairRows = outP != null && (numbers[EPSILON] || numbers[BIG_A] || numbers[BIG_B] || numbers[P] || numbers[Q] || numbers[SIGMA]
                || numbers[REDUCED_CUTOFF]);
        boolean legRows = outP != null && (numbers[GAMMA] || numbers[SIGMA] || numbers[REDUCED_CUTOFF]);
        boolean tripletRows = outP != null && (numbers[LAMBDA] || numbers[EPSILON] || numbers[COSTHETA0]);
        ManyBody.walkOnAtoms(types, extended, adjointCarries, atoms, nl, pairSlot, cutsq, false, (i, sc, cr) -> {
            double[] slotSums = cr.spare(2 * t2);
            adjointEntries(i, sc, cr, dR, pairRows ? outP : null, numbers);
            adjointTriplets(t[i], sc, t, cr, slotSums);
            adjointGather(i, sc, cr, rowR, legRows ? outP : null, numbers);
            adjointTripletRows(t[i] * t2, slotSums, tripletRows ? outP : null, numbers);
        });
    }

    /**
     * Per entry the tangent ḋ_q = dR[j_q] − dR[i] (dR [3N], Å) and the rows of {@link #adjointProduct}'s walk, the sums and Ġ zeroed; on
     * the kept half the pair term (as {@link #pairProducts}) and its rows into {@code outP} (or null).
     */
    private void adjointEntries(int i, ManyBody.Scratch sc, ManyBody.Carry cr, double[] dR, double[] outP, boolean[] numbers) {
        double[][] e = cr.entry;
        double[] ir = e[A_IR], rhs = e[A_RH], rdots = e[A_RDOT], rho = e[A_RHO], leg = e[A_LEG], legD = e[A_LEG_D], legDot = e[A_LEG_DOT],
                legDDot = e[A_LEG_D_DOT], g = e[A_G], gDot = e[A_G_DOT], w = e[A_W], s = e[A_S], x = e[A_X], y = e[A_Y];
        double[] tx = cr.tx, ty = cr.ty, tz = cr.tz, gx = cr.gx, gy = cr.gy, gz = cr.gz;
        boolean[] kept = sc.kept;
        int[] js = sc.j;
        double xi = dR[3 * i], yi = dR[3 * i + 1], zi = dR[3 * i + 2];
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q], o = 3 * js[q];
            double tq = dR[o] - xi, uq = dR[o + 1] - yi, vq = dR[o + 2] - zi;
            tx[q] = tq;
            ty[q] = uq;
            tz[q] = vq;
            gx[q] = 0;
            gy[q] = 0;
            gz[q] = 0;
            double r = sc.r[q], iq = 1 / r;
            double rdot = (sc.dx[q] * tq + sc.dy[q] * uq + sc.dz[q] * vq) * iq;
            double rh = 1.0 / (r - cut[p]), rh2 = rh * rh;
            double sg = sigmaGamma[p];
            double lg = Math.exp(sg * rh);
            double gr = -sg * rh2;                        // (γσρ)'
            double l1 = lg * gr;                          // L'
            double l2 = lg * (gr * gr + 2 * sg * rh2 * rh);
            double ld = l1 * iq;
            double rhoq = rdot * iq;
            ir[q] = iq;
            rhs[q] = rh;
            rdots[q] = rdot;
            rho[q] = rhoq;
            leg[q] = lg;
            legD[q] = ld;
            legDot[q] = l1 * rdot;
            legDDot[q] = (l2 - ld) * iq * rdot;
            w[q] = 0;
            s[q] = 0;
            x[q] = 0;
            y[q] = 0;
            g[q] = 0;
            gDot[q] = 0;
            if (!kept[q]) continue;
            double sigma = v[SIGMA][p], pp = v[P][p], qq = v[Q][p];
            double rp = inversePower(r, iq, intP[p], pp);
            double rq = inversePower(r, iq, intQ[p], qq);
            double ex = Math.exp(sigma * rh);
            double u = c5[p] * rp - c6[p] * rq;                                     // U
            double u1 = (-pp * c5[p] * rp + qq * c6[p] * rq) * iq;                 // U'
            double u2 = (pp * (pp + 1) * c5[p] * rp - qq * (qq + 1) * c6[p] * rq) * iq * iq;
            double w1 = -sigma * rh2;                                               // w'
            double w2 = 2 * sigma * rh2 * rh;                                       // w''
            double f = u1 + u * w1;
            double d2 = ex * (u2 + 2 * u1 * w1 + u * (w1 * w1 + w2));              // φ2''
            double gq = ex * f * iq;                                                // φ2'/r
            g[q] = gq;
            gDot[q] = (d2 - gq) * rhoq;
            if (outP == null) continue;
            // ∂φ2'/∂θ ṙ into the rows, the expressions of pairProducts
            double ae = v[BIG_A][p] * v[EPSILON][p];
            double sp = sigmaP[p] * rp, sq = sigmaQ[p] * rq;
            double bb = v[BIG_B][p];
            double vv = bb * sp - sq, v1 = -(pp * bb * sp - qq * sq) * iq;
            if (numbers[EPSILON]) outP[param(p, EPSILON)] += ex * v[BIG_A][p] * (v1 + vv * w1) * rdot;
            if (numbers[BIG_A]) outP[param(p, BIG_A)] += ex * v[EPSILON][p] * (v1 + vv * w1) * rdot;
            if (numbers[BIG_B]) outP[param(p, BIG_B)] += ex * ae * sp * (w1 - pp * iq) * rdot;
            if (numbers[P] || numbers[Q]) {
                double ls = Math.log(sigma / r);
                if (numbers[P]) outP[param(p, P)] += ex * ae * bb * sp * (-(1 + pp * ls) * iq + ls * w1) * rdot;
                if (numbers[Q]) outP[param(p, Q)] += ex * ae * sq * ((1 + qq * ls) * iq - ls * w1) * rdot;
            }
            if (numbers[SIGMA]) {
                double as = ae / sigma;
                double uSig = as * (bb * pp * sp - qq * sq), u1Sig = -as * (pp * pp * bb * sp - qq * qq * sq) * iq;
                double a = v[REDUCED_CUTOFF][p];
                outP[param(p, SIGMA)] += ex * (r * rh2 * f + u1Sig + uSig * w1 - u * (r + a * sigma) * rh2 * rh) * rdot;
            }
            if (numbers[REDUCED_CUTOFF]) outP[param(p, REDUCED_CUTOFF)] += ex * sigma * sigma * rh2 * (f - 2 * u * rh) * rdot;
        }
    }

    /**
     * The triplets a &lt; b of {@link #adjointProduct}: ci and ċi on the other entry's d and ḋ into the carry's Ġ, the sums W, S, X,
     * Y of both entries, and per triplet slot (local index c = slot − ti·T², {@code slotSums} [2T²]) Σ (2Δc ċ L_aL_b + Δc² (L_aL_b)˙) at
     * 2c and Σ (ċ L_aL_b + Δc (L_aL_b)˙) at 2c + 1 (the brackets of the λ, ε and cos θ0 rows).
     */
    private void adjointTriplets(int ti, ManyBody.Scratch sc, int[] t, ManyBody.Carry cr, double[] slotSums) {
        int m = sc.m, row = ti * types * types;
        double[][] e = cr.entry;
        double[] ir = e[A_IR], rho = e[A_RHO], leg = e[A_LEG], legDot = e[A_LEG_DOT], w = e[A_W], s = e[A_S], x = e[A_X], y = e[A_Y];
        double[] dxs = sc.dx, dys = sc.dy, dzs = sc.dz, tx = cr.tx, ty = cr.ty, tz = cr.tz, gx = cr.gx, gy = cr.gy, gz = cr.gz;
        double[] c0 = v[COSTHETA0];
        int[] js = sc.j;
        for (int a = 0; a < m; a++) {
            double ax = dxs[a], ay = dys[a], az = dzs[a];
            double tax = tx[a], tay = ty[a], taz = tz[a];
            double ira = ir[a], la = leg[a], lda = legDot[a], rda = rho[a];
            int base = (ti * types + t[js[a]]) * types;
            double wa = 0, sa = 0, xa = 0, ya = 0, gax = 0, gay = 0, gaz = 0;
            for (int b = a + 1; b < m; b++) {
                int s3 = base + t[js[b]];
                double bx = dxs[b], by = dys[b], bz = dzs[b];
                double tbx = tx[b], tby = ty[b], tbz = tz[b];
                double lb = leg[b], ldb = legDot[b];
                double inv = ira * ir[b];
                double cs = (ax * bx + ay * by + az * bz) * inv;                    // cos θ
                double le2 = 2 * lambdaEps[s3];
                double dc = cs - c0[s3];
                double la2 = le2 * dc;                                              // ∂(λεΔc²)/∂cos
                double w3 = 0.5 * la2 * dc;                                         // λεΔc²
                double fac = la * lb;
                double ci = la2 * fac * inv;
                double rs = rda + rho[b];
                double cdot = (tax * bx + tay * by + taz * bz + ax * tbx + ay * tby + az * tbz) * inv - cs * rs;
                double facX = lda * lb + la * ldb;                                  // (L_a L_b)˙
                double pc = la2 * cdot, qc = le2 * (cs + dc) * cdot, rc = la2 * cs;
                wa += w3 * lb;
                w[b] += w3 * la;
                sa += rc * lb;
                s[b] += rc * la;
                xa += pc * lb + w3 * ldb;
                x[b] += pc * la + w3 * lda;
                ya += qc * lb + rc * ldb;
                y[b] += qc * la + rc * lda;
                double cid = (le2 * fac * cdot + la2 * facX) * inv - ci * rs;       // ċi
                gax += cid * bx + ci * tbx;
                gay += cid * by + ci * tby;
                gaz += cid * bz + ci * tbz;
                gx[b] += cid * ax + ci * tax;
                gy[b] += cid * ay + ci * tay;
                gz[b] += cid * az + ci * taz;
                double tc = cdot * fac, uc = dc * facX;
                int o = 2 * (s3 - row);
                slotSums[o] += dc * (2 * tc + uc);
                slotSums[o + 1] += tc + uc;
            }
            w[a] += wa;
            s[a] += sa;
            x[a] += xa;
            y[a] += ya;
            gx[a] += gax;
            gy[a] += gay;
            gz[a] += gaz;
        }
    }

    /**
     * Each entry's own parts: Ġ_q += ċ_q d_q + c_q ḋ_q with c_q = g + (L'/r) W − L S/r² and ċ_q = ġ + (L'/r) X + (L'/r)˙ W − (L Y + L̇ S
     * − 2 L S ṙ/r)/r², and Ġ onto the atoms (rowR [3N]: rowR[j_q] += Ġ_q, rowR[i] −= Ġ_q); with {@code outP} (or null) the legs' γ, σ,
     * a rows (as {@link #legParameters}, α = X, β = ṙ W).
     */
    private void adjointGather(int i, ManyBody.Scratch sc, ManyBody.Carry cr, double[] rowR, double[] outP, boolean[] numbers) {
        double[][] e = cr.entry;
        double[] ir = e[A_IR], rhs = e[A_RH], rdots = e[A_RDOT], rho = e[A_RHO], leg = e[A_LEG], legD = e[A_LEG_D], legDot = e[A_LEG_DOT],
                legDDot = e[A_LEG_D_DOT], g = e[A_G], gDot = e[A_G_DOT], w = e[A_W], s = e[A_S], x = e[A_X], y = e[A_Y];
        double[] tx = cr.tx, ty = cr.ty, tz = cr.tz, gx = cr.gx, gy = cr.gy, gz = cr.gz;
        int[] js = sc.j;
        double hix = 0, hiy = 0, hiz = 0;
        for (int q = 0; q < sc.m; q++) {
            double iq = ir[q], ia2 = iq * iq, l = leg[q], ld = legD[q], wq = w[q], sq = s[q];
            double c = g[q] + ld * wq - l * ia2 * sq;
            double cd = gDot[q] + ld * x[q] + legDDot[q] * wq - (l * y[q] + legDot[q] * sq - 2 * l * sq * rho[q]) * ia2;
            double hx = gx[q] + cd * sc.dx[q] + c * tx[q];
            double hy = gy[q] + cd * sc.dy[q] + c * ty[q];
            double hz = gz[q] + cd * sc.dz[q] + c * tz[q];
            int o = 3 * js[q];
            rowR[o] += hx;
            rowR[o + 1] += hy;
            rowR[o + 2] += hz;
            hix += hx;
            hiy += hy;
            hiz += hz;
            if (outP == null) continue;
            double al = x[q], be = rdots[q] * wq;
            if (al == 0 && be == 0) continue;
            int p = sc.slot[q];
            double r = sc.r[q];
            double sigma = v[SIGMA][p], gamma = v[GAMMA][p], a = v[REDUCED_CUTOFF][p];
            double rh = rhs[q], rh2 = rh * rh;
            double gr = -sigmaGamma[p] * rh2;
            double gG = sigma * rh, gS = gamma * r * rh2, gA = gamma * sigma * sigma * rh2;
            double grG = -sigma * rh2, grS = -gamma * rh2 * (1 + 2 * a * sigma * rh), grA = -2 * gamma * sigma * sigma * rh2 * rh;
            if (numbers[GAMMA]) outP[param(p, GAMMA)] += l * (al * gG + be * (gG * gr + grG));
            if (numbers[SIGMA]) outP[param(p, SIGMA)] += l * (al * gS + be * (gS * gr + grS));
            if (numbers[REDUCED_CUTOFF]) outP[param(p, REDUCED_CUTOFF)] += l * (al * gA + be * (gA * gr + grA));
        }
        rowR[3 * i] -= hix;
        rowR[3 * i + 1] -= hiy;
        rowR[3 * i + 2] -= hiz;
    }

    /**
     * The slot sums of {@link #adjointTriplets} of atom i's slots (from {@code row} = ti·T²) into the λ, ε, cos θ0 rows of {@code outP}
     * (or nowhere when null): λ += ε Σ₁, ε += λ Σ₁, cos θ0 −= 2λε Σ₂; the sums zeroed for the next atom.
     */
    private void adjointTripletRows(int row, double[] slotSums, double[] outP, boolean[] numbers) {
        for (int c = 0, t2 = types * types; c < t2; c++) {
            double bracket = slotSums[2 * c], c0 = slotSums[2 * c + 1];
            slotSums[2 * c] = 0;
            slotSums[2 * c + 1] = 0;
            if (outP == null) continue;
            int s3 = row + c;
            if (numbers[LAMBDA]) outP[param(s3, LAMBDA)] += v[EPSILON][s3] * bracket;
            if (numbers[EPSILON]) outP[param(s3, EPSILON)] += v[LAMBDA][s3] * bracket;
            if (numbers[COSTHETA0]) outP[param(s3, COSTHETA0)] -= 2 * lambdaEps[s3] * c0;
        }
    }

    /** Per-entry terms of one atom's short list for the second-order products (legs L = e^{γσ/(r − aσ)}, Å and eV units as the kernel). */
    private static final class Legs {
        final double[] rdot;      // ṙ = r·ḋ/r
        final double[] leg;       // L
        final double[] legD;      // L'/r
        final double[] legDot;    // L̇ (positions and parameters)
        final double[] legDDot;   // (L'/r)˙
        final double[] alpha;     // weight of ∂L/∂θ in Ė_i
        final double[] beta;      // weight of ∂L'/∂θ in Ė_i

        Legs(int capacity) {
            int c = Math.max(1, capacity);
            rdot = new double[c];
            leg = new double[c];
            legD = new double[c];
            legDot = new double[c];
            legDDot = new double[c];
            alpha = new double[c];
            beta = new double[c];
        }
    }

    /**
     * The legs of every entry with their tangents, and the pair term's product on the kept half: G = g d with g = φ2'/r gives
     * Ġ = ġ d + g ḋ, ġ = (φ2'' − g) ṙ/r + Σ_θ ∂φ2'/∂θ θ̇ / r; and ∂φ2'/∂θ ṙ into the parameter row. With φ2 = U X,
     * U = Aε(B s^p − s^q), s = σ/r, X = e^w, w = σ/(r − aσ): φ2' = X (U' + U w'), φ2'' = X (U'' + 2U'w' + U (w'² + w'')).
     */
    private void pairProducts(int i, ManyBody.Scratch sc, Extended ex, Legs legs, double[] dp, double[] outP, boolean[] numbers) {
        boolean params = dp != null || outP != null;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            double dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
            double rdot = (dx * sc.tx[q] + dy * sc.ty[q] + dz * sc.tz[q]) / r;
            double rho = 1.0 / (r - cut[p]);
            double sg = sigmaGamma[p];
            double lg = Math.exp(sg * rho);
            double gr = -sg * rho * rho;                  // (γσ/(r − aσ))'
            double l1 = lg * gr;                          // L'
            double l2 = lg * (gr * gr + 2 * sg * rho * rho * rho);
            legs.rdot[q] = rdot;
            legs.leg[q] = lg;
            legs.legD[q] = l1 / r;
            legs.legDot[q] = l1 * rdot;
            legs.legDDot[q] = (l2 - l1 / r) / r * rdot;
            legs.alpha[q] = 0;
            legs.beta[q] = 0;
            if (dp != null) {
                double sigma = v[SIGMA][p], gamma = v[GAMMA][p], a = v[REDUCED_CUTOFF][p];
                double gd = dp[param(p, GAMMA)], sd = dp[param(p, SIGMA)], ad = dp[param(p, REDUCED_CUTOFF)];
                double rho2 = rho * rho;
                double gdot = sigma * rho * gd + gamma * r * rho2 * sd + gamma * sigma * sigma * rho2 * ad;
                double grdot = -sigma * rho2 * gd - gamma * rho2 * (1 + 2 * a * sigma * rho) * sd - 2 * gamma * sigma * sigma * rho2 * rho * ad;
                legs.legDot[q] += lg * gdot;
                legs.legDDot[q] += lg * (gdot * gr + grdot) / r;
            }
            if (!sc.keep(i, q, ex)) continue;
            double sigma = v[SIGMA][p], pp = v[P][p], qq = v[Q][p];
            double rp = inversePower(r, intP[p], pp);
            double rq = inversePower(r, intQ[p], qq);
            double x = Math.exp(sigma * rho);
            double u = c5[p] * rp - c6[p] * rq;                                     // U
            double u1 = (-pp * c5[p] * rp + qq * c6[p] * rq) / r;                  // U'
            double u2 = (pp * (pp + 1) * c5[p] * rp - qq * (qq + 1) * c6[p] * rq) / (r * r);
            double w1 = -sigma * rho * rho;                                         // w'
            double w2 = 2 * sigma * rho * rho * rho;                                // w''
            double f = u1 + u * w1;
            double d1 = x * f;                                                      // φ2'
            double d2 = x * (u2 + 2 * u1 * w1 + u * (w1 * w1 + w2));               // φ2''
            double g = d1 / r;
            double gdot = (d2 - g) * rdot / r;
            if (params) {
                boolean all = dp != null;                                           // the tangent ṗ reads every ∂φ2'/∂θ
                double ae = v[BIG_A][p] * v[EPSILON][p];
                double sp = sigmaP[p] * rp, sq = sigmaQ[p] * rq;                   // s^p, s^q
                double bb = v[BIG_B][p];
                double vv = bb * sp - sq, v1 = -(pp * bb * sp - qq * sq) / r;       // U = Aε V
                double a = v[REDUCED_CUTOFF][p];
                double dEps = 0, dA = 0, dB = 0, dP = 0, dQ = 0, dSig = 0, dCut = 0;
                if (all || numbers[EPSILON]) dEps = x * v[BIG_A][p] * (v1 + vv * w1);
                if (all || numbers[BIG_A]) dA = x * v[EPSILON][p] * (v1 + vv * w1);
                if (all || numbers[BIG_B]) dB = x * ae * sp * (w1 - pp / r);
                if (all || numbers[P] || numbers[Q]) {
                    double ls = Math.log(sigma / r);
                    dP = x * ae * bb * sp * (-(1 + pp * ls) / r + ls * w1);
                    dQ = x * ae * sq * ((1 + qq * ls) / r - ls * w1);
                }
                if (all || numbers[SIGMA]) {
                    double uSig = ae * (bb * pp * sp - qq * sq) / sigma, u1Sig = -ae * (pp * pp * bb * sp - qq * qq * sq) / (r * sigma);
                    dSig = x * (r * rho * rho * f + u1Sig + uSig * w1 - u * (r + a * sigma) * rho * rho * rho);
                }
                if (all || numbers[REDUCED_CUTOFF]) dCut = x * sigma * sigma * rho * rho * (f - 2 * u * rho);
                if (dp != null) {
                    gdot += (dEps * dp[param(p, EPSILON)] + dA * dp[param(p, BIG_A)] + dB * dp[param(p, BIG_B)] + dP * dp[param(p, P)]
                            + dQ * dp[param(p, Q)] + dSig * dp[param(p, SIGMA)] + dCut * dp[param(p, REDUCED_CUTOFF)]) / r;
                }
                if (outP != null) {
                    if (numbers[EPSILON]) outP[param(p, EPSILON)] += dEps * rdot;
                    if (numbers[BIG_A]) outP[param(p, BIG_A)] += dA * rdot;
                    if (numbers[BIG_B]) outP[param(p, BIG_B)] += dB * rdot;
                    if (numbers[P]) outP[param(p, P)] += dP * rdot;
                    if (numbers[Q]) outP[param(p, Q)] += dQ * rdot;
                    if (numbers[SIGMA]) outP[param(p, SIGMA)] += dSig * rdot;
                    if (numbers[REDUCED_CUTOFF]) outP[param(p, REDUCED_CUTOFF)] += dCut * rdot;
                }
            }
            sc.gx[q] += gdot * dx + g * sc.tx[q];
            sc.gy[q] += gdot * dy + g * sc.ty[q];
            sc.gz[q] += gdot * dz + g * sc.tz[q];
        }
    }

    /**
     * The triplets' products: the tangents of {@link #triplets}'s ca, cb, ci (c = cos θ, Δc = c − cos θ0, ċ = (ḋ_a·d_b + d_a·ḋ_b)/(r_a r_b)
     * − c (ṙ_a/r_a + ṙ_b/r_b)) give Ġ_a = ċa d_a + ca ḋ_a + ċi d_b + ci ḋ_b and Ġ_b likewise; λ, ε, cos θ0 of the slot and the legs'
     * weights into the parameter row.
     */
    private void tripletProducts(int ti, ManyBody.Scratch sc, int[] t, Legs legs, double[] dp, double[] outP, boolean[] numbers, boolean legRows) {
        int m = sc.m;
        double[] leg = legs.leg, legD = legs.legD, legDot = legs.legDot, legDDot = legs.legDDot, rdot = legs.rdot;
        for (int a = 0; a < m; a++) {
            double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
            double tax = sc.tx[a], tay = sc.ty[a], taz = sc.tz[a];
            double ra = sc.r[a];
            double rda = rdot[a] / ra;
            double la = leg[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            for (int b = a + 1; b < m; b++) {
                int k = base + t[sc.j[b]];
                double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                double tbx = sc.tx[b], tby = sc.ty[b], tbz = sc.tz[b];
                double rb = sc.r[b];
                double rdb = rdot[b] / rb;
                double lb = leg[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                double cdot = (tax * bx + tay * by + taz * bz + ax * tbx + ay * tby + az * tbz) * inv - cs * (rda + rdb);
                double dc = cs - v[COSTHETA0][k];
                double le = lambdaEps[k];
                double fac = la * lb;
                double w3 = le * dc * dc;
                double ang = 2 * le * fac * dc;
                double ia2 = 1.0 / (ra * ra), ib2 = 1.0 / (rb * rb);
                double ca = w3 * legD[a] * lb - ang * cs * ia2;
                double cb = w3 * legD[b] * la - ang * cs * ib2;
                double ci = ang * inv;
                double dcdot = cdot;
                double ledot = 0;
                if (dp != null) {
                    dcdot -= dp[param(k, COSTHETA0)];
                    ledot = dp[param(k, LAMBDA)] * v[EPSILON][k] + v[LAMBDA][k] * dp[param(k, EPSILON)];
                }
                double facdot = legDot[a] * lb + la * legDot[b];
                double w3dot = ledot * dc * dc + 2 * le * dc * dcdot;
                double angdot = 2 * (ledot * fac * dc + le * facdot * dc + le * fac * dcdot);
                double cadot = w3dot * legD[a] * lb + w3 * (legDDot[a] * lb + legD[a] * legDot[b]) - (angdot * cs + ang * cdot - 2 * ang * cs * rda) * ia2;
                double cbdot = w3dot * legD[b] * la + w3 * (legDDot[b] * la + legD[b] * legDot[a]) - (angdot * cs + ang * cdot - 2 * ang * cs * rdb) * ib2;
                double cidot = angdot * inv - ci * (rda + rdb);
                sc.angularTangent(a, b, ca, cb, ci, cadot, cbdot, cidot, sc.tx, sc.ty, sc.tz, sc.gx, sc.gy, sc.gz);
                if (outP != null) {
                    double pa = legD[a] * ra * rdot[a], pb = legD[b] * rb * rdot[b];     // L' ṙ (positions only)
                    double facX = pa * lb + la * pb;
                    double bracket = 2 * dc * cdot * fac + dc * dc * facX;                // Ė_i / λε of this triplet
                    if (numbers[LAMBDA]) outP[param(k, LAMBDA)] += v[EPSILON][k] * bracket;
                    if (numbers[EPSILON]) outP[param(k, EPSILON)] += v[LAMBDA][k] * bracket;
                    if (numbers[COSTHETA0]) outP[param(k, COSTHETA0)] -= 2 * le * (cdot * fac + dc * facX);
                    if (legRows) {
                        legs.alpha[a] += le * (2 * dc * cdot * lb + dc * dc * pb);
                        legs.beta[a] += w3 * rdot[a] * lb;
                        legs.alpha[b] += le * (2 * dc * cdot * la + dc * dc * pa);
                        legs.beta[b] += w3 * rdot[b] * la;
                    }
                }
            }
        }
    }

    /**
     * The legs' parameters of each entry's pair slot: α ∂L/∂θ + β ∂L'/∂θ for θ = γ, σ, a, with L = e^g, g = γσρ, ρ = 1/(r − aσ):
     * ∂g/∂γ = σρ, ∂g/∂σ = γrρ², ∂g/∂a = γσ²ρ²; L' = L g_r, g_r = −γσρ², ∂L'/∂θ = L (∂g/∂θ g_r + ∂g_r/∂θ).
     */
    private void legParameters(ManyBody.Scratch sc, Legs legs, double[] outP, boolean[] numbers) {
        for (int q = 0; q < sc.m; q++) {
            double al = legs.alpha[q], be = legs.beta[q];
            if (al == 0 && be == 0) continue;
            int p = sc.slot[q];
            double r = sc.r[q];
            double sigma = v[SIGMA][p], gamma = v[GAMMA][p], a = v[REDUCED_CUTOFF][p];
            double rho = 1.0 / (r - cut[p]);
            double rho2 = rho * rho;
            double lg = legs.leg[q];
            double gr = -sigmaGamma[p] * rho2;
            double gG = sigma * rho, gS = gamma * r * rho2, gA = gamma * sigma * sigma * rho2;
            double grG = -sigma * rho2, grS = -gamma * rho2 * (1 + 2 * a * sigma * rho), grA = -2 * gamma * sigma * sigma * rho2 * rho;
            if (numbers[GAMMA]) outP[param(p, GAMMA)] += lg * (al * gG + be * (gG * gr + grG));
            if (numbers[SIGMA]) outP[param(p, SIGMA)] += lg * (al * gS + be * (gS * gr + grS));
            if (numbers[REDUCED_CUTOFF]) outP[param(p, REDUCED_CUTOFF)] += lg * (al * gA + be * (gA * gr + grA));
        }
    }

    /**
     * r^−e as {@link #pow}(r, −e) gives it, bit for bit, with e's integer form n (or −1) looked up per slot rather than tested
     * per call: (1/r)^n by repeated multiplication of the given ir = 1/r for a small integer e ≥ 0, Math.pow otherwise.
     */
    private static double inversePower(double r, double ir, int n, double e) {
        if (n < 0) return Math.pow(r, -e);
        double out = 1;
        for (int k = 0; k < n; k++) out *= ir;
        return out;
    }

    /** {@link #inversePower(double, double, int, double)} computing 1/r itself. */
    private static double inversePower(double r, int n, double e) {
        if (n < 0) return Math.pow(r, -e);
        double base = 1.0 / r;
        double out = 1;
        for (int k = 0; k < n; k++) out *= base;
        return out;
    }

    /** n for a small integer exponent e (0 ≤ e ≤ 16), −1 otherwise ({@link #inversePower}). */
    private static int smallInteger(double e) { return e == Math.rint(e) && e >= 0 && e <= 16 ? (int) e : -1; }

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
