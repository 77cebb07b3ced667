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
 * LAMMPS {@code tersoff}: Tersoff, PRB 37, 6991 (1988) and PRB 38, 9902 (1988), as pair_tersoff.cpp
 * evaluates it. E = Σ_pairs f_C(r) A e^{−λ1 r} + ½ Σ_i Σ_{j≠i} b_ij f_C(r_ij) (−B e^{−λ2 r_ij}) with
 * f_C = ½[1 − sin(π/2 (r − R)/D)] on R − D &lt; r &lt; R + D (1 below, 0 above),
 * b_ij = (1 + (βζ_ij)^n)^{−1/2n}, ζ_ij = Σ_{k≠i,j} f_C(r_ik) g(θ_ijk) exp[(λ3 (r_ij − r_ik))^m],
 * g = γ [1 + c²/d² − c²/(d² + (h − cos θ)²)], m = 3 or 1 (LAMMPS's reading of Tersoff's λ3³ term; the
 * exponent is clamped at ±69.0776 as LAMMPS does) and LAMMPS's asymptotic forms of b_ij for βζ
 * beyond (2n·1e−16)^{−1/n} or (2n·1e−8)^{−1/n} and their inverses. Pair terms (A, B, λ1, λ2, β, n)
 * come from slot (ti, tj, tj), the ζ terms from (ti, tj, tk). Energies eV, lengths Å.
 * <p>Second derivatives ({@link SecondOrder}) over p = the table's entries in slot order, each entry's 14 numbers in
 * FILE_PARAMETERS order (for one element, the file entry itself); m has zero products.
 */
public final class Tersoff implements Potential, SecondOrder, PartialRow, ForceTangents {
    private final Extended.Pool extended = new Extended.Pool();
    public static final List<String> FILE_PARAMETERS =
            List.of("m", "gamma", "lam3", "c", "d", "costheta0", "n", "beta", "lam2", "B", "R", "D", "lam1", "A");
    /** Rows of the parameter table [parameter][T³ slots], named after the file entry's numbers (FILE_PARAMETERS order). */
    static final int M = FILE_PARAMETERS.indexOf("m");
    static final int GAMMA = FILE_PARAMETERS.indexOf("gamma");
    static final int LAM3 = FILE_PARAMETERS.indexOf("lam3");
    static final int C = FILE_PARAMETERS.indexOf("c");
    static final int D = FILE_PARAMETERS.indexOf("d");
    static final int COSTHETA0 = FILE_PARAMETERS.indexOf("costheta0");
    static final int N = FILE_PARAMETERS.indexOf("n");
    static final int BETA = FILE_PARAMETERS.indexOf("beta");
    static final int LAM2 = FILE_PARAMETERS.indexOf("lam2");
    static final int BIG_B = FILE_PARAMETERS.indexOf("B");
    static final int BIG_R = FILE_PARAMETERS.indexOf("R");
    static final int BIG_D = FILE_PARAMETERS.indexOf("D");
    static final int LAM1 = FILE_PARAMETERS.indexOf("lam1");
    static final int BIG_A = FILE_PARAMETERS.indexOf("A");

    private static final Set<String> NON_NEGATIVE = Set.of("gamma", "c", "d", "n", "beta", "lam2", "B", "R", "D", "lam1", "A");
    private static final double ARG_MAX = 69.0776;

    /** Differentiable parameters (m, an integer, is not one): scalars for one element, [T, T, T] otherwise. */
    public record Params(Var gamma, Var lam3, Var c, Var d, Var h, Var n, Var beta, Var lam2, Var B, Var R, Var D, Var lam1, Var A) {
        Var[] all() { return new Var[] {gamma, lam3, c, d, h, n, beta, lam2, B, R, D, lam1, A}; }

        /** From one Var per number of a file entry (FILE_PARAMETERS order); m's is not used. */
        public static Params of(java.util.List<Var> fileOrder) {
            return new Params(fileOrder.get(GAMMA), fileOrder.get(LAM3), fileOrder.get(C), fileOrder.get(Tersoff.D), fileOrder.get(COSTHETA0), fileOrder.get(N),
                    fileOrder.get(BETA), fileOrder.get(LAM2), fileOrder.get(BIG_B), fileOrder.get(BIG_R), fileOrder.get(BIG_D), fileOrder.get(LAM1),
                    fileOrder.get(BIG_A));
        }
    }

    private final int types;
    private final double[][] v;      // [14][T³] FILE_PARAMETERS order
    private final int[] m;
    private final double[] cutsq;
    private final double[] loadCutsq;   // cutmax² for every slot: the short list holds every k of any ζ
    private final double[] c1;
    private final double[] c2;
    private final double[] c3;
    private final double[] c4;
    private final int[] pairSlot;
    private final double cutmax;

    /** Reads a LAMMPS .tersoff file; elementOfType as in {@code pair_coeff * * Si.tersoff Si}. */
    public static Tersoff read(Path file, List<String> elementOfType) {
        List<String> e = ManyBody.checkElements("tersoff", elementOfType);
        double[][] table = ThreeBodyFile.read(file, FILE_PARAMETERS, e, NON_NEGATIVE);
        return ThreeBodyFile.naming(file, () -> new Tersoff(e.size(), table));
    }

    public Tersoff(int types, double[][] values) {
        int ns = types * types * types;
        if (values.length != FILE_PARAMETERS.size()) throw new IllegalArgumentException("tersoff: " + values.length + " parameter rows, expected 14");
        this.types = types;
        v = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            if (values[k].length != ns) throw new IllegalArgumentException("tersoff: " + FILE_PARAMETERS.get(k) + " has " + values[k].length + " slots, expected " + ns);
            v[k] = values[k].clone();
        }
        m = new int[ns];
        cutsq = new double[ns];
        c1 = new double[ns];
        c2 = new double[ns];
        c3 = new double[ns];
        c4 = new double[ns];
        double cm = 0;
        for (int s = 0; s < ns; s++) {
            for (String name : NON_NEGATIVE) {
                double x = v[FILE_PARAMETERS.indexOf(name)][s];
                if (!(x >= 0)) throw new IllegalArgumentException("tersoff: " + name + " = " + x + " (slot " + s + "); it must be >= 0");
            }
            if (v[M][s] != 1 && v[M][s] != 3) throw new IllegalArgumentException("tersoff: m = " + v[M][s] + " (slot " + s + "); LAMMPS allows 1 or 3");
            if (!(v[BIG_D][s] > 0) || v[BIG_D][s] > v[BIG_R][s]) {
                throw new IllegalArgumentException("tersoff: D = " + v[BIG_D][s] + ", R = " + v[BIG_R][s] + " (slot " + s + "); give 0 < D <= R");
            }
            m[s] = (int) v[M][s];
            double rc = v[BIG_R][s] + v[BIG_D][s];
            cutsq[s] = rc * rc;
            cm = Math.max(cm, rc);
            double n = v[N][s];
            c1[s] = Math.pow(2.0 * n * 1.0e-16, -1.0 / n);
            c2[s] = Math.pow(2.0 * n * 1.0e-8, -1.0 / n);
            c3[s] = 1.0 / c2[s];
            c4[s] = 1.0 / c1[s];
        }
        cutmax = cm;
        loadCutsq = new double[ns];
        java.util.Arrays.fill(loadCutsq, cm * cm);
        pairSlot = new int[types * types];
        for (int a = 0; a < types; a++) for (int b = 0; b < types; b++) pairSlot[a * types + b] = (a * types + b) * types + b;
    }

    @Override public String style() { return "tersoff"; }
    @Override public double cutoff() { return cutmax; }
    @Override public boolean needsFullList() { return true; }

    public int types() { return types; }

    private double fc(double r, int s) {
        double big = v[BIG_R][s];
        double dd = v[BIG_D][s];
        if (r < big - dd) return 1.0;
        if (r > big + dd) return 0.0;
        return 0.5 * (1.0 - Math.sin(Math.PI / 2 * (r - big) / dd));
    }

    private double fcD(double r, int s) {
        double big = v[BIG_R][s];
        double dd = v[BIG_D][s];
        if (r < big - dd || r > big + dd) return 0.0;
        return -(Math.PI / 4 / dd) * Math.cos(Math.PI / 2 * (r - big) / dd);
    }

    /** b(ζ) and db/dζ as ters_bij / ters_bij_d. */
    private double bij(double zeta, int s, double[] d) {
        double beta = v[BETA][s];
        double n = v[N][s];
        double t = beta * zeta;
        if (t > c1[s]) {
            d[0] = beta * -0.5 * Math.pow(t, -1.5);
            return 1.0 / Math.sqrt(t);
        }
        if (t > c2[s]) {
            d[0] = beta * (-0.5 * Math.pow(t, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * n)) * Math.pow(t, -n)));
            return (1.0 - Math.pow(t, -n) / (2.0 * n)) / Math.sqrt(t);
        }
        if (t < c4[s]) {
            d[0] = 0;
            return 1.0;
        }
        if (t < c3[s]) {
            d[0] = -0.5 * beta * Math.pow(t, n - 1.0);
            return 1.0 - Math.pow(t, n) / (2.0 * n);
        }
        double tn = Math.pow(t, n);
        d[0] = -0.5 * Math.pow(1.0 + tn, -1.0 - 1.0 / (2.0 * n)) * tn / zeta;
        return Math.pow(1.0 + tn, -1.0 / (2.0 * n));
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int[] t = atoms.types();
        int cap = Math.max(1, nl.maxNeighbors());
        double[][] dz = new double[3][cap];
        double[] bd = new double[1];
        return ManyBody.compute("tersoff", cutmax, types, extended, atoms, nl, pairSlot, loadCutsq, false, (i, sc, ex) -> {
            double ei = repulsive(i, sc, ex);
            for (int a = 0; a < sc.m; a++) if (sc.r[a] * sc.r[a] < cutsq[sc.slot[a]]) ei += bond(a, t[i], sc, t, dz, bd);
            return ei;
        });
    }

    /** f_C(r) A e^{−λ1 r} on the kept half of the short list. */
    private double repulsive(int i, ManyBody.Scratch sc, Extended extendedAtoms) {
        double e = 0;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            if (r * r >= cutsq[p] || !sc.keep(i, q, extendedAtoms)) continue;
            double ex = Math.exp(-v[LAM1][p] * r);
            e += fc(r, p) * v[BIG_A][p] * ex;
            sc.radial(q, v[BIG_A][p] * ex * (fcD(r, p) - v[LAM1][p] * fc(r, p)) / r);
        }
        return e;
    }

    /**
     * ½ b_ij f_A(r_ij) of bond a and its gradient: ζ_ij and ∂ζ/∂r_e of every entry e (in dz; the bond's own
     * derivative sits in slot a, since k ≠ j), then G += ½ f_A db/dζ ∂ζ + ½ b ∂f_A.
     */
    private double bond(int a, int ti, ManyBody.Scratch sc, int[] t, double[][] dz, double[] bd) {
        int p = sc.slot[a];
        double ra = sc.r[a];
        double ax = sc.dx[a];
        double ay = sc.dy[a];
        double az = sc.dz[a];
        int base = (ti * types + t[sc.j[a]]) * types;
        double[] zx = dz[0];
        double[] zy = dz[1];
        double[] zz = dz[2];
        double zeta = 0;
        zx[a] = 0;
        zy[a] = 0;
        zz[a] = 0;
        for (int b = 0; b < sc.m; b++) {
            if (b == a) continue;
            zx[b] = 0;
            zy[b] = 0;
            zz[b] = 0;
            int k = base + t[sc.j[b]];
            double rb = sc.r[b];
            if (rb * rb >= cutsq[k]) continue;
            double bx = sc.dx[b];
            double by = sc.dy[b];
            double bz = sc.dz[b];
            double fcb = fc(rb, k);
            double lam3 = v[LAM3][k];
            double del = ra - rb;
            double arg = m[k] == 3 ? cube(lam3 * del) : lam3 * del;
            double ex = arg > ARG_MAX ? 1.e30 : arg < -ARG_MAX ? 0.0 : Math.exp(arg);
            double exD = m[k] == 3 ? 3.0 * cube(lam3) * del * del * ex : lam3 * ex;   // d ex / d(r_a − r_b)
            double inv = 1.0 / (ra * rb);
            double cs = (ax * bx + ay * by + az * bz) * inv;
            double cc = v[C][k] * v[C][k];
            double d2 = v[D][k] * v[D][k];
            double hc = v[COSTHETA0][k] - cs;
            double den = 1.0 / (d2 + hc * hc);
            double g = v[GAMMA][k] * (1.0 + cc / d2 - cc * den);
            double gD = v[GAMMA][k] * (-2.0 * cc * hc) * den * den;          // dg/dcos
            zeta += fcb * g * ex;
            double ang = fcb * gD * ex;                                   // ∂term/∂cos
            double rad = fcb * g * exD;                                   // ∂term/∂r_a (through ex)
            double ca = rad / ra - ang * cs / (ra * ra);
            double cb = (fcD(rb, k) * g * ex - rad) / rb - ang * cs / (rb * rb);
            double ci = ang * inv;
            sc.angular(a, b, ca, cb, ci, zx, zy, zz);
        }
        double b = bij(zeta, p, bd);
        double ex2 = Math.exp(-v[LAM2][p] * ra);
        double fa = -v[BIG_B][p] * ex2 * fc(ra, p);
        double faD = v[BIG_B][p] * ex2 * (v[LAM2][p] * fc(ra, p) - fcD(ra, p));
        double pref = 0.5 * fa * bd[0];
        sc.radial(a, 0.5 * b * faD / ra);
        for (int c = 0; c < sc.m; c++) {
            sc.gx[c] += pref * zx[c];
            sc.gy[c] += pref * zy[c];
            sc.gz[c] += pref * zz[c];
        }
        return 0.5 * b * fa;
    }

    @Override public int parameterCount() { return FILE_PARAMETERS.size() * types * types * types; }

    /** The index in p of number {@code k} (FILE_PARAMETERS order) of slot {@code s}. */
    private static int param(int s, int k) { return s * 14 + k; }

    /**
     * H·dX (+ ∂²E/∂X∂p·dp) and dXᵀ∂²E/∂X∂p by differentiating {@link #repulsive} and {@link #bond} once more along dX and dp
     * (forward mode by hand). A ζ term z = f_C(r_b) g(cos θ) e(r_a − r_b) is a product of three factors, so its partials
     * (z, ∂z/∂r_a, ∂z/∂r_b, ∂z/∂cos) and their tangents follow by the product rule from each factor's value, derivative and
     * tangent; the bond ½ f_A(r_a) b(ζ) adds b's first and second derivatives. The parameter row is the gradient in p of
     * Ė_i = Σ_e G_e·ḋ_e; m moves no formula and has zero products.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        hessianProduct(atoms, nl, dX, dp, outX, outP, true);
    }

    /**
     * {@link #hessianProduct(Atoms, NeighborList, double[], double[], double[], double[])} with the parameter row's ζ-term parts
     * (R, D, λ3, γ, c, d, cos θ0 through each ζ term, the costliest part of the row) only when {@code rows} [parameterCount()]
     * asks for one of those parameters in some slot; the repulsion's and the bond's own parameters are always filled.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean[] rows) {
        if (rows.length != parameterCount()) {
            throw new IllegalArgumentException("tersoff: rows has " + rows.length + " entries, expected one per parameter (" + parameterCount() + ")");
        }
        boolean terms = false;
        int[] termParams = {BIG_R, BIG_D, LAM3, GAMMA, C, D, COSTHETA0};
        for (int s = 0; s < types * types * types; s++) for (int k : termParams) terms |= rows[param(s, k)];
        hessianProduct(atoms, nl, dX, dp, outX, outP, terms);
    }

    private void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean termRows) {
        int[] t = atoms.types();
        Work w = new Work(nl.maxNeighbors(), dp, outP, termRows);
        ManyBody.hessianProduct("tersoff", cutmax, types, extended, atoms, nl, pairSlot, loadCutsq, false, parameterCount(), dX, dp, outX, outP,
                (i, sc, ex) -> {
                    for (int q = 0; q < sc.m; q++) w.rdot[q] = (sc.dx[q] * sc.tx[q] + sc.dy[q] * sc.ty[q] + sc.dz[q] * sc.tz[q]) / sc.r[q];
                    w.repulsive(i, sc, ex);
                    for (int a = 0; a < sc.m; a++) if (sc.r[a] * sc.r[a] < cutsq[sc.slot[a]]) w.bond(a, t[i], sc, t);
                });
    }

    /**
     * B tangents at once: each repulsive pair, each ζ term's factors F, G, X with their first and second derivatives, b(ζ) and f_A
     * are evaluated once per term (as in {@link #hessianProduct}) and contracted with every tangent's ṙ, ċ and ṗ.
     */
    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        int[] t = atoms.types();
        Batch w = new Batch(dX.length, nl.maxNeighbors(), dp);
        ManyBody.hessianProducts("tersoff", cutmax, types, extended, atoms, nl, pairSlot, loadCutsq, false, parameterCount(), dX, dp, outX,
                (i, sc, tg, ex) -> w.products(i, t, sc, tg, ex));
    }

    /** The scratch of the batched products: ṙ [B][m], ∂ζ/∂r_e [m] of the current bond and their tangents [B][m]. */
    private final class Batch {
        private final Work h;             // f_C, f_A and b(ζ) with their derivatives
        private final double[][] dp;
        private final int nb;
        private final double[][] rdot;
        private final double[] zx, zy, zz;
        private final double[][] ux, uy, uz;
        private final double[] zetaDot;

        Batch(int count, int capacity, double[][] dp) {
            int c = Math.max(1, capacity);
            this.h = new Work(c, null, null, false);
            this.dp = dp;
            this.nb = count;
            rdot = new double[count][c];
            zx = new double[c];
            zy = new double[c];
            zz = new double[c];
            ux = new double[count][c];
            uy = new double[count][c];
            uz = new double[count][c];
            zetaDot = new double[count];
        }

        private double[] dp(int s) { return dp == null ? null : dp[s]; }

        void products(int i, int[] t, ManyBody.Scratch sc, ManyBody.Tangents tg, Extended ex) {
            for (int s = 0; s < nb; s++) {
                double[] tx = tg.tx[s], ty = tg.ty[s], tz = tg.tz[s], rd = rdot[s];
                for (int q = 0; q < sc.m; q++) rd[q] = (sc.dx[q] * tx[q] + sc.dy[q] * ty[q] + sc.dz[q] * tz[q]) / sc.r[q];
            }
            repulsive(i, sc, tg, ex);
            for (int a = 0; a < sc.m; a++) if (sc.r[a] * sc.r[a] < cutsq[sc.slot[a]]) bond(a, t[i], sc, tg, t);
        }

        /** {@link Work#repulsive} for every tangent row. */
        private void repulsive(int i, ManyBody.Scratch sc, ManyBody.Tangents tg, Extended ex) {
            double[] ec = h.ec;
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                if (r * r >= cutsq[p] || !sc.keep(i, q, ex)) continue;
                h.expCut(r, v[BIG_A][p], v[LAM1][p], p);
                double gg = ec[1] / r;
                double dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
                for (int s = 0; s < nb; s++) {
                    double gdot = (ec[2] - gg) * rdot[s][q] / r;
                    double[] d = dp(s);
                    if (d != null) gdot += (ec[4] * d[param(p, BIG_A)] + ec[6] * d[param(p, LAM1)] + ec[8] * d[param(p, BIG_R)] + ec[10] * d[param(p, BIG_D)]) / r;
                    tg.gx[s][q] += gdot * dx + gg * tg.tx[s][q];
                    tg.gy[s][q] += gdot * dy + gg * tg.ty[s][q];
                    tg.gz[s][q] += gdot * dz + gg * tg.tz[s][q];
                }
            }
        }

        /** {@link Work#bond} for every tangent row: the ζ terms' factors once per term, their tangents per row. */
        private void bond(int a, int ti, ManyBody.Scratch sc, ManyBody.Tangents tg, int[] t) {
            int p = sc.slot[a];
            double ra = sc.r[a];
            double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            double zeta = 0;
            for (int c = 0; c < sc.m; c++) zx[c] = zy[c] = zz[c] = 0;
            for (int s = 0; s < nb; s++) {
                zetaDot[s] = 0;
                double[] x = ux[s], y = uy[s], z = uz[s];
                for (int c = 0; c < sc.m; c++) x[c] = y[c] = z[c] = 0;
            }
            for (int b = 0; b < sc.m; b++) {
                if (b == a) continue;
                int k = base + t[sc.j[b]];
                double rb = sc.r[b];
                if (rb * rb >= cutsq[k]) continue;
                double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                // the factors F = f_C(r_b), X = e(r_a − r_b), G = g(cos θ) and their derivatives (Work#term without tangents)
                h.factors(k, ra, rb, cs);
                double f = h.f, f1 = h.f1, f2 = h.f2, x = h.x, x1 = h.x1, x2 = h.x2, g = h.g, gc = h.gc, gcc = h.gcc;
                double z = f * g * x, zra = f * g * x1, zrb = f1 * g * x - zra, zc = f * gc * x;
                zeta += z;
                double ia2 = 1 / (ra * ra), ib2 = 1 / (rb * rb);
                double ca = zra / ra - zc * cs * ia2;
                double cb = zrb / rb - zc * cs * ib2;
                double ci = zc * inv;
                sc.angular(a, b, ca, cb, ci, zx, zy, zz);
                // the parameter slopes of the factors (tangent-free), when parameter tangents are given
                double uR = 0, fR1 = 0, fR2 = 0, xL = 0, x1L = 0, gG = 0, gC = 0, gD = 0, gcG = 0, gcC = 0, gcD = 0;
                if (dp != null) {
                    double[] sl = h.slopes(k, ra, rb, cs);
                    uR = sl[0]; fR1 = sl[1]; fR2 = sl[2]; xL = sl[3]; x1L = sl[4]; gG = sl[5]; gC = sl[6]; gD = sl[7]; gcG = sl[8]; gcC = sl[9]; gcD = sl[10];
                }
                for (int s = 0; s < nb; s++) {
                    double[] tx = tg.tx[s], ty = tg.ty[s], tz = tg.tz[s];
                    double rda = rdot[s][a], rdb = rdot[s][b];
                    double cdot = (tx[a] * bx + ty[a] * by + tz[a] * bz + ax * tx[b] + ay * ty[b] + az * tz[b]) * inv - cs * (rda / ra + rdb / rb);
                    double fd = f1 * rdb, f1d = f2 * rdb, xd = x1 * (rda - rdb), x1d = x2 * (rda - rdb), gd = gc * cdot, gcd = gcc * cdot;
                    double[] d = dp(s);
                    if (d != null) {
                        double dR = d[param(k, BIG_R)], dD = d[param(k, BIG_D)], dl = d[param(k, LAM3)];
                        fd += -f1 * dR + fR1 * dD;
                        f1d += -f2 * dR + fR2 * dD;
                        xd += xL * dl;
                        x1d += x1L * dl;
                        double dg = d[param(k, GAMMA)], dc = d[param(k, C)], ddd = d[param(k, D)], dh = d[param(k, COSTHETA0)];
                        gd += gG * dg + gC * dc + gD * ddd - gc * dh;
                        gcd += gcG * dg + gcC * dc + gcD * ddd - gcc * dh;
                    }
                    double zdot = fd * g * x + f * gd * x + f * g * xd;
                    double zradot = fd * g * x1 + f * gd * x1 + f * g * x1d;
                    double zrbdot = f1d * g * x + f1 * gd * x + f1 * g * xd - zradot;
                    double zcdot = fd * gc * x + f * gcd * x + f * gc * xd;
                    zetaDot[s] += zdot;
                    double cad = zradot / ra - zra * rda * ia2 - (zcdot * cs + zc * cdot - 2 * zc * cs * rda / ra) * ia2;
                    double cbd = zrbdot / rb - zrb * rdb * ib2 - (zcdot * cs + zc * cdot - 2 * zc * cs * rdb / rb) * ib2;
                    double cid = zcdot * inv - ci * (rda / ra + rdb / rb);
                    sc.angularTangent(a, b, ca, cb, ci, cad, cbd, cid, tx, ty, tz, ux[s], uy[s], uz[s]);
                }
            }
            h.bij(zeta, p);
            double[] bd = h.bd, ec = h.ec;
            double b0 = bd[0], bz1 = bd[1], bzz = bd[2];
            h.expCut(ra, -v[BIG_B][p], v[LAM2][p], p);
            double fa = ec[0], fa1 = ec[1], fa2 = ec[2];
            double gr = 0.5 * b0 * fa1 / ra;
            double pref = 0.5 * fa * bz1;
            for (int s = 0; s < nb; s++) {
                double rda = rdot[s][a];
                double bdot = bz1 * zetaDot[s], bzdot = bzz * zetaDot[s];
                double fa1dot = fa2 * rda, fadot = fa1 * rda;
                double[] d = dp(s);
                if (d != null) {
                    double[] q = h.bondDot(d, p);
                    bdot += q[0];
                    bzdot += q[1];
                    fadot += q[2];
                    fa1dot += q[3];
                }
                double grdot = 0.5 * (bdot * fa1 + b0 * fa1dot) / ra - gr * rda / ra;
                double[] gx = tg.gx[s], gy = tg.gy[s], gz = tg.gz[s], x = ux[s], y = uy[s], z = uz[s];
                gx[a] += grdot * ax + gr * tg.tx[s][a];
                gy[a] += grdot * ay + gr * tg.ty[s][a];
                gz[a] += grdot * az + gr * tg.tz[s][a];
                double prefdot = 0.5 * (fadot * bz1 + fa * bzdot);
                for (int c = 0; c < sc.m; c++) {
                    gx[c] += prefdot * zx[c] + pref * x[c];
                    gy[c] += prefdot * zy[c] + pref * y[c];
                    gz[c] += prefdot * zz[c] + pref * z[c];
                }
            }
        }
    }

    /** The carried walk's rows of {@link ManyBody.Carry}: per entry the coefficient of its own d and ḋ, the current bond's ca, cb, ci per term, 1/r. */
    private static final int SELF = 0, TERM_A = 1, TERM_B = 2, TERM_I = 3, INV_R = 4;
    /** Per entry and tangent: ṙ/r, the coefficient of its own d in Ġ, and the current bond's ċa, ċb, ċi per term. */
    private static final int RHO = 0, ALONG = 1, TERM_A_DOT = 2, TERM_B_DOT = 3, TERM_I_DOT = 4;
    private final ManyBody.Carries carries = new ManyBody.Carries(5, 5);

    /**
     * The file numbers k (FILE_PARAMETERS order) that some tangent's ṗ [B][parameterCount()] (rows may be null) moves in some slot.
     */
    private boolean[] moved(double[][] dp) {
        boolean[] numbers = new boolean[FILE_PARAMETERS.size()];
        for (double[] d : dp) {
            if (d == null || d.length != parameterCount()) continue;   // ManyBody.forceAndTangents names the length
            for (int s = 0; s < types * types * types; s++) for (int k = 0; k < numbers.length; k++) numbers[k] |= d[param(s, k)] != 0;
        }
        return numbers;
    }

    /**
     * The force and k tangent products in one walk ({@link ForceTangents}). A ζ term z(r_a, r_b, cos θ) = F(r_b) G(cos θ) X(r_a − r_b)
     * gets its value, gradient and 3×3 Hessian in (r_a, r_b, cos θ) once; with them the tangents of ζ and of the term's Cartesian
     * factors ca, cb, ci (as {@link #bond}) are three fixed linear forms of (ṙ_a/r_a, ṙ_b/r_b, ċ) per tangent. After a bond's
     * terms, b(ζ), f_A and the prefactor ½ f_A b_ζ with its tangents scale the stored factors: the parts along an entry's own d and
     * ḋ are gathered per entry and applied once, the cross parts per term. Parameter terms no tangent moves are skipped (the ζ
     * terms' R, D, λ3, γ, c, d, cos θ0; the bond's n, β, B, λ2; the repulsion's A, λ1).
     */
    @Override
    public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        int[] t = atoms.types();
        boolean[] moved = dp == null ? new boolean[FILE_PARAMETERS.size()] : moved(dp);
        boolean cutoffMoved = moved[BIG_R] || moved[BIG_D];
        double[][] termDp = cutoffMoved || moved[LAM3] || moved[GAMMA] || moved[C] || moved[D] || moved[COSTHETA0] ? dp : null;
        double[][] pairDp = cutoffMoved || moved[BIG_A] || moved[LAM1] ? dp : null;
        boolean bijSlopes = moved[N] || moved[BETA];
        double[][] bondDp = cutoffMoved || bijSlopes || moved[BIG_B] || moved[LAM2] ? dp : null;
        Work h = new Work(1, null, null, false);
        ManyBody.forceAndTangents("tersoff", cutmax, types, extended, carries, atoms, nl, pairSlot, loadCutsq, false, parameterCount(), k, dT, dp, outT,
                forces, (i, sc, cr, ex) -> {
                    carriedRepulsive(i, sc, cr, ex, h, pairDp);
                    for (int a = 0; a < sc.m; a++) if (sc.r[a] * sc.r[a] < cutsq[sc.slot[a]]) carriedBond(a, t[i], sc, t, cr, h, termDp, bondDp, bijSlopes);
                    cr.entries(sc, cr.entry[SELF], cr.tangent[ALONG]);
                });
    }

    /** Per entry ṙ/r of every tangent; the repulsion on the kept half: g = φ'/r into the entry's own coefficient, ġ into that of d. */
    private void carriedRepulsive(int i, ManyBody.Scratch sc, ManyBody.Carry cr, Extended ex, Work h, double[][] dp) {
        int k = cr.k;
        double[] self = cr.entry[SELF], invR = cr.entry[INV_R], rho = cr.tangent[RHO], along = cr.tangent[ALONG], tx = cr.tx, ty = cr.ty, tz = cr.tz,
                ec = h.ec;
        for (int q = 0; q < sc.m; q++) {
            double r = sc.r[q], r2 = r * r, ir = 1 / r, ir2 = ir * ir;
            double dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
            invR[q] = ir;
            for (int b = 0, o = q * k; b < k; b++, o++) {
                rho[o] = (dx * tx[o] + dy * ty[o] + dz * tz[o]) * ir2;
                along[o] = 0;
            }
            self[q] = 0;
            int p = sc.slot[q];
            if (r2 >= cutsq[p] || !sc.keep(i, q, ex)) continue;
            h.expCut(r, v[BIG_A][p], v[LAM1][p], p);
            double gg = ec[1] * ir;
            self[q] = gg;
            double slope = ec[2] - gg;
            for (int b = 0, o = q * k; b < k; b++, o++) {
                double gdot = slope * rho[o];
                double[] d = dp == null ? null : dp[b];
                if (d != null) gdot += (ec[4] * d[param(p, BIG_A)] + ec[6] * d[param(p, LAM1)] + ec[8] * d[param(p, BIG_R)] + ec[10] * d[param(p, BIG_D)]) * ir;
                along[o] = gdot;
            }
        }
    }

    /**
     * Bond a: its ζ terms' factors and tangents (first pass, stored per term), then ½ f_A(r_a) b(ζ): the bond's own radial part and,
     * with the prefactor P = ½ f_A b_ζ and its tangents Ṗ, each term's G_a += P (ca d_a + ci d_b), G_b += P (cb d_b + ci d_a) and
     * Ġ_a += (Ṗ ca + P ċa) d_a + P ca ḋ_a + (Ṗ ci + P ċi) d_b + P ci ḋ_b (second pass).
     */
    private void carriedBond(int a, int ti, ManyBody.Scratch sc, int[] t, ManyBody.Carry cr, Work h, double[][] termDp, double[][] bondDp,
                             boolean bijSlopes) {
        int k = cr.k, m = sc.m;
        int p = sc.slot[a];
        double[] invR = cr.entry[INV_R];
        double ra = sc.r[a], ira = invR[a], ia2 = ira * ira;
        double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
        int base = (ti * types + t[sc.j[a]]) * types;
        double[] self = cr.entry[SELF], termA = cr.entry[TERM_A], termB = cr.entry[TERM_B], termI = cr.entry[TERM_I];
        double[] rho = cr.tangent[RHO], along = cr.tangent[ALONG], termAd = cr.tangent[TERM_A_DOT], termBd = cr.tangent[TERM_B_DOT],
                termId = cr.tangent[TERM_I_DOT];
        double[] tx = cr.tx, ty = cr.ty, tz = cr.tz, ux = cr.gx, uy = cr.gy, uz = cr.gz;
        double[] zetaDot = cr.perTangent;                 // [0, k): ζ̇; [k, 2k): Ṗ
        java.util.Arrays.fill(zetaDot, 0, k, 0);
        double zeta = 0;
        int oa = a * k;
        for (int b = 0; b < m; b++) {
            if (b == a) continue;
            int s3 = base + t[sc.j[b]];
            double rb = sc.r[b];
            if (rb * rb >= cutsq[s3]) continue;
            double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
            double irb = invR[b], ib2 = irb * irb;
            double inv = ira * irb;
            double cs = (ax * bx + ay * by + az * bz) * inv;
            // the factors F = f_C(r_b), X = e(r_a − r_b), G = g(cos θ) with their first and second derivatives
            h.factors(s3, ra, rb, cs);
            double f = h.f, f1 = h.f1, f2 = h.f2, x = h.x, x1 = h.x1, x2 = h.x2, g = h.g, gc = h.gc, gcc = h.gcc;
            double fg = f * g;
            double z = fg * x, zra = fg * x1, zrb = f1 * g * x - zra, zc = f * gc * x;
            // the Hessian of z in (r_a, r_b, cos θ)
            double hAA = fg * x2, hAB = f1 * g * x1 - hAA, hAC = f * gc * x1;
            double hBB = f2 * g * x - 2 * f1 * g * x1 + hAA, hBC = f1 * gc * x - hAC, hCC = f * gcc * x;
            zeta += z;
            double ca = zra * ira - zc * cs * ia2, cb = zrb * irb - zc * cs * ib2, ci = zc * inv;
            termA[b] = ca;
            termB[b] = cb;
            termI[b] = ci;
            // ζ̇, ċa, ċb, ċi as linear forms of (ṙ_a/r_a, ṙ_b/r_b, ċ)
            double z1 = zra * ra, z2 = zrb * rb;
            double aa = hAA - zra * ira - cs * hAC * ira + 2 * zc * cs * ia2, ab = (hAB - cs * hBC * ira) * rb * ira, ac = (hAC - (cs * hCC + zc) * ira) * ira;
            double ba = (hAB - cs * hAC * irb) * ra * irb, bb = hBB - zrb * irb - cs * hBC * irb + 2 * zc * cs * ib2, bc = (hBC - (cs * hCC + zc) * irb) * irb;
            double ia = hAC * irb - ci, ib = hBC * ira - ci, ic = hCC * inv;
            // the parameter slopes of the factors, when a tangent moves the ζ terms' numbers
            double uR = 0, fR1 = 0, fR2 = 0, xL = 0, x1L = 0, gG = 0, gC = 0, gD = 0, gcG = 0, gcC = 0, gcD = 0;
            if (termDp != null) {
                double[] sl = h.slopes(s3, ra, rb, cs);
                uR = sl[0]; fR1 = sl[1]; fR2 = sl[2]; xL = sl[3]; x1L = sl[4]; gG = sl[5]; gC = sl[6]; gD = sl[7]; gcG = sl[8]; gcC = sl[9]; gcD = sl[10];
            }
            for (int s = 0, ob = b * k, os = oa; s < k; s++, ob++, os++) {
                double pa = rho[os], pb = rho[ob];
                double cdot = (tx[os] * bx + ty[os] * by + tz[os] * bz + ax * tx[ob] + ay * ty[ob] + az * tz[ob]) * inv - cs * (pa + pb);
                double zd = z1 * pa + z2 * pb + zc * cdot;
                double cad = aa * pa + ab * pb + ac * cdot;
                double cbd = ba * pa + bb * pb + bc * cdot;
                double cid = ia * pa + ib * pb + ic * cdot;
                double[] d = termDp == null ? null : termDp[s];
                if (d != null) {
                    double dR = d[param(s3, BIG_R)], dD = d[param(s3, BIG_D)], dl = d[param(s3, LAM3)];
                    double fd = -f1 * dR + fR1 * dD, f1d = -f2 * dR + fR2 * dD, xd = xL * dl, x1d = x1L * dl;
                    double gd = gG * d[param(s3, GAMMA)] + gC * d[param(s3, C)] + gD * d[param(s3, D)] - gc * d[param(s3, COSTHETA0)];
                    double gcd = gcG * d[param(s3, GAMMA)] + gcC * d[param(s3, C)] + gcD * d[param(s3, D)] - gcc * d[param(s3, COSTHETA0)];
                    double zradot = fd * g * x1 + f * gd * x1 + f * g * x1d;
                    double zcdot = fd * gc * x + f * gcd * x + f * gc * xd;
                    zd += fd * g * x + f * gd * x + f * g * xd;
                    cad += zradot * ira - zcdot * cs * ia2;
                    cbd += (f1d * g * x + f1 * gd * x + f1 * g * xd - zradot) * irb - zcdot * cs * ib2;
                    cid += zcdot * inv;
                }
                zetaDot[s] += zd;
                termAd[ob] = cad;
                termBd[ob] = cbd;
                termId[ob] = cid;
            }
        }
        double[] bd = h.bd, ec = h.ec;
        if (bijSlopes) h.bij(zeta, p);
        else bijCurvature(zeta, p, bd);
        double b0 = bd[0], bz1 = bd[1], bzz = bd[2];
        h.expCut(ra, -v[BIG_B][p], v[LAM2][p], p);
        double fa = ec[0], fa1 = ec[1], fa2 = ec[2];
        double gr = 0.5 * b0 * fa1 * ira;
        double pref = 0.5 * fa * bz1;
        self[a] += gr;
        for (int s = 0, os = oa; s < k; s++, os++) {
            double pa = rho[os], rda = pa * ra, zd = zetaDot[s];
            double bdot = bz1 * zd, bzdot = bzz * zd;
            double fa1dot = fa2 * rda, fadot = fa1 * rda;
            double[] d = bondDp == null ? null : bondDp[s];
            if (d != null) {
                double[] q = h.bondDot(d, p);
                bdot += q[0];
                bzdot += q[1];
                fadot += q[2];
                fa1dot += q[3];
            }
            along[os] += 0.5 * (bdot * fa1 + b0 * fa1dot) * ira - gr * pa;
            zetaDot[k + s] = 0.5 * (fadot * bz1 + fa * bzdot);
        }
        double[] gx = sc.gx, gy = sc.gy, gz = sc.gz;
        double gax = 0, gay = 0, gaz = 0;
        for (int b = 0; b < m; b++) {
            if (b == a) continue;
            int s3 = base + t[sc.j[b]];
            double rb = sc.r[b];
            if (rb * rb >= cutsq[s3]) continue;
            double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
            double ca = termA[b], cb = termB[b], ci = termI[b], pci = pref * ci;
            self[a] += pref * ca;
            self[b] += pref * cb;
            gax += pci * bx;
            gay += pci * by;
            gaz += pci * bz;
            gx[b] += pci * ax;
            gy[b] += pci * ay;
            gz[b] += pci * az;
            for (int s = 0, ob = b * k, os = oa; s < k; s++, ob++, os++) {
                double pd = zetaDot[k + s];
                along[os] += pd * ca + pref * termAd[ob];
                along[ob] += pd * cb + pref * termBd[ob];
                double w = pd * ci + pref * termId[ob];
                ux[os] += w * bx + pci * tx[ob];
                uy[os] += w * by + pci * ty[ob];
                uz[os] += w * bz + pci * tz[ob];
                ux[ob] += w * ax + pci * tx[os];
                uy[ob] += w * ay + pci * ty[os];
                uz[ob] += w * az + pci * tz[os];
            }
        }
        gx[a] += gax;
        gy[a] += gay;
        gz[a] += gaz;
    }

    private int m(int slot) { return m[slot]; }

    /**
     * b(ζ), b_ζ and b_ζζ of slot s into out[0..2] and zeros into out[3..6] ({@link Work#bij}'s branches without the n and β slopes,
     * which need logarithms):
     * in the general branch b = (1 + t^n)^{−1/2n} and B_t = −½ b t^{n−1}/(1 + t^n) from one power of 1 + t^n.
     */
    private void bijCurvature(double zeta, int s, double[] out) {
        double beta = v[BETA][s], n = v[N][s];
        double tt = beta * zeta;
        double b, bt, btt;
        if (tt > c1[s]) {
            b = 1 / Math.sqrt(tt);
            bt = -0.5 * b / tt;
            btt = 0.75 * b / (tt * tt);
        } else if (tt > c2[s]) {
            double tmn = Math.pow(tt, -n), s0 = 1 / Math.sqrt(tt);
            b = (1 - tmn / (2 * n)) * s0;
            bt = -0.5 * s0 / tt * (1 - (1 + 1 / (2 * n)) * tmn);
            btt = 0.75 * s0 / (tt * tt) - (n + 0.5) * (n + 1.5) / (2 * n) * tmn * s0 / (tt * tt);
        } else if (tt < c4[s]) {
            b = 1;
            bt = btt = 0;
        } else if (tt < c3[s]) {
            double tn = Math.pow(tt, n);
            b = 1 - tn / (2 * n);
            bt = -0.5 * tn / tt;
            btt = -0.5 * (n - 1) * tn / (tt * tt);
        } else {
            double tn = Math.pow(tt, n), w = 1 / (1 + tn);
            b = Math.pow(1 + tn, -1 / (2 * n));
            bt = -0.5 * b * w * tn / tt;
            btt = bt / tt * ((n - 1) - (n + 0.5) * tn * w);
        }
        out[0] = b;
        out[1] = beta * bt;
        out[2] = beta * beta * btt;
        java.util.Arrays.fill(out, 3, 7, 0);      // no n or β slope (no tangent moves them)
    }

    /** The scratch of one second-order product: per-entry tangents and ζ gradients, and the factors of the current ζ term. */
    private final class Work {
        private final double[] dp;
        private final double[] outP;
        final double[] rdot;              // ṙ = r·ḋ/r of each entry
        private final double[] zx, zy, zz;        // ∂ζ/∂r_e of the current bond
        private final double[] ux, uy, uz;        // their tangents
        private final double[] cut = new double[3];      // f_C, f_C', f_C''
        private final double[] slope = new double[11];   // the ζ term's factor slopes, slopes
        private final double[] bondDotBuf = new double[4];   // bondDot
        private final double[] ec = new double[11];      // A f_C e^{−λr} and its derivatives, expCut
        private final double[] bd = new double[7];       // b and its derivatives, bond
        // the current ζ term: factors F = f_C(r_b), G = g(cos), X = e(r_a − r_b), first and second derivatives, tangents
        private double f, f1, f2, g, gc, gcc, x, x1, x2;
        private double fd, f1d, gd, gcd, xd, x1d;
        private double z, zra, zrb, zc, zdot, zradot, zrbdot, zcdot;
        // each ζ term's F, F', F'', G, G', G'', X, X', cos θ and ċ of the current bond, kept for the parameter row
        private final double[][] kept;

        Work(int capacity, double[] dp, double[] outP, boolean termRows) {
            int c = Math.max(1, capacity);
            this.dp = dp;
            this.outP = outP;
            kept = outP == null || !termRows ? null : new double[10][c];
            rdot = new double[c];
            zx = new double[c];
            zy = new double[c];
            zz = new double[c];
            ux = new double[c];
            uy = new double[c];
            uz = new double[c];
        }

        /**
         * The factors of slot s's ζ term at (r_a, r_b, cos θ), each with its first and second derivatives: F = f_C(r_b) into
         * f, f1, f2 (and {@link #cut}); X = exp((λ3 (r_a − r_b))^m) (m = 3 or 1; beyond ±{@link #ARG_MAX} it is 1e30 or 0, as
         * LAMMPS's) into x, x1, x2 (d/d(r_a − r_b)); G = g(cos θ) = γ(1 + c²/d² − c²/(d² + (h − cos θ)²)) into g, gc, gcc.
         */
        private void factors(int s, double ra, double rb, double cs) {
            cutoff(rb, s);
            f = cut[0];
            f1 = cut[1];
            f2 = cut[2];
            double lam3 = v[LAM3][s];
            double del = ra - rb;
            double arg, a1, a2;
            if (m[s] == 3) {
                double ld = lam3 * del;
                arg = ld * ld * ld;
                a1 = 3 * lam3 * ld * ld;
                a2 = 6 * lam3 * lam3 * ld;
            } else {
                arg = lam3 * del;
                a1 = lam3;
                a2 = 0;
            }
            x = arg > ARG_MAX ? 1.e30 : arg < -ARG_MAX ? 0.0 : Math.exp(arg);
            x1 = a1 * x;
            x2 = (a2 + a1 * a1) * x;
            double cc = v[C][s] * v[C][s];
            double d2 = v[D][s] * v[D][s];
            double hc = v[COSTHETA0][s] - cs;
            double den = 1.0 / (d2 + hc * hc);
            double gam = v[GAMMA][s];
            g = gam * (1.0 + cc / d2 - cc * den);
            gc = -2 * gam * cc * hc * den * den;
            gcc = 2 * gam * cc * den * den * (1 - 4 * hc * hc * den);
        }

        /**
         * After {@link #factors} of the same term, the slopes of its factors in slot s's numbers: (u_R, ∂f_C'/∂D, ∂f_C''/∂D,
         * ∂X/∂λ3, ∂X'/∂λ3, ∂G/∂γ, ∂G/∂c, ∂G/∂d, ∂G'/∂γ, ∂G'/∂c, ∂G'/∂d) with u_R = (r_b − R)/D (∂f_C/∂R = −f_C'), in a
         * buffer the next call overwrites.
         */
        private double[] slopes(int s, double ra, double rb, double cs) {
            double lam3 = v[LAM3][s], del = ra - rb, ld = lam3 * del, a1 = m[s] == 3 ? 3 * lam3 * ld * ld : lam3;
            double cc = v[C][s] * v[C][s], d2 = v[D][s] * v[D][s], hc = v[COSTHETA0][s] - cs, den = 1.0 / (d2 + hc * hc), gam = v[GAMMA][s];
            double uR = (rb - v[BIG_R][s]) / v[BIG_D][s];
            double argL = m[s] == 3 ? 3 * lam3 * lam3 * del * del * del : del;
            double a1L = m[s] == 3 ? 9 * lam3 * lam3 * del * del : 1;
            double[] sl = slope;
            sl[0] = uR;
            sl[1] = -uR * f1;
            sl[2] = -uR * f2 - f1 / v[BIG_D][s];
            sl[3] = argL * x;
            sl[4] = (a1L + a1 * argL) * x;
            sl[5] = 1.0 + cc / d2 - cc * den;
            sl[6] = 2 * gam * v[C][s] * (1 / d2 - den);
            sl[7] = 2 * gam * cc * v[D][s] * (den * den - 1 / (d2 * d2));
            sl[8] = -2 * cc * hc * den * den;
            sl[9] = -4 * gam * v[C][s] * hc * den * den;
            sl[10] = 8 * gam * cc * hc * v[D][s] * den * den * den;
            return sl;
        }

        /**
         * After {@link #bij} (or bijCurvature into {@link #bd}) and {@link #expCut} of f_A for slot p: the parts of (ḃ, ḃ_ζ, ḟ_A,
         * ḟ_A') that the parameter tangent d [parameters] moves through n, β, B, λ2, R, D, in a buffer the next call overwrites.
         */
        private double[] bondDot(double[] d, int p) {
            double dn = d[param(p, N)], dbeta = d[param(p, BETA)];
            double dB = d[param(p, BIG_B)], dl = d[param(p, LAM2)], dR = d[param(p, BIG_R)], dD = d[param(p, BIG_D)];
            double[] q = bondDotBuf;
            q[0] = bd[3] * dn + bd[5] * dbeta;
            q[1] = bd[4] * dn + bd[6] * dbeta;
            q[2] = -ec[3] * dB + ec[5] * dl + ec[7] * dR + ec[9] * dD;
            q[3] = -ec[4] * dB + ec[6] * dl + ec[8] * dR + ec[10] * dD;
            return q;
        }

        /** f_C(r) of slot s and its first two derivatives into {@link #cut}. */
        private void cutoff(double r, int s) {
            double big = v[BIG_R][s], dd = v[BIG_D][s];
            if (r < big - dd || r > big + dd) {
                cut[0] = r < big - dd ? 1 : 0;
                cut[1] = 0;
                cut[2] = 0;
                return;
            }
            double arg = Math.PI / 2 * (r - big) / dd;
            cut[0] = 0.5 * (1 - Math.sin(arg));
            cut[1] = -(Math.PI / 4 / dd) * Math.cos(arg);
            cut[2] = Math.PI * Math.PI / (8 * dd * dd) * Math.sin(arg);
        }

        /**
         * φ = A f_C(r) e^{−λr} of slot s (the repulsion with A, λ1; f_A with A = −B, λ2) into {@link #ec}: φ, φ', φ'', then (φ, φ')
         * differentiated by A, λ, R, D. f_C depends on u = (r − R)/D: ∂f_C/∂R = −f_C', ∂f_C/∂D = −u f_C', ∂f_C'/∂D = −u f_C'' − f_C'/D.
         */
        private void expCut(double r, double amp, double lam, int s) {
            cutoff(r, s);
            double fc0 = cut[0], fc1 = cut[1], fc2 = cut[2];
            double e = Math.exp(-lam * r);
            double u = (r - v[BIG_R][s]) / v[BIG_D][s];
            ec[0] = amp * e * fc0;
            ec[1] = amp * e * (fc1 - lam * fc0);
            ec[2] = amp * e * (fc2 - 2 * lam * fc1 + lam * lam * fc0);
            ec[3] = e * fc0;
            ec[4] = e * (fc1 - lam * fc0);
            ec[5] = -r * ec[0];
            ec[6] = amp * e * (-r * (fc1 - lam * fc0) - fc0);
            ec[7] = -amp * e * fc1;
            ec[8] = -amp * e * (fc2 - lam * fc1);
            ec[9] = -u * amp * e * fc1;
            double fcD1 = -u * fc2 - fc1 / v[BIG_D][s];
            ec[10] = amp * e * (fcD1 + lam * u * fc1);
        }

        /** The repulsion's product on the kept half: G = (φ'/r) d, Ġ = ġ d + (φ'/r) ḋ; ∂φ'/∂θ ṙ into the parameter row (A, λ1, R, D). */
        void repulsive(int i, ManyBody.Scratch sc, Extended ex) {
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                if (r * r >= cutsq[p] || !sc.keep(i, q, ex)) continue;
                expCut(r, v[BIG_A][p], v[LAM1][p], p);
                double gg = ec[1] / r;
                double gdot = (ec[2] - gg) * rdot[q] / r;
                if (dp != null) {
                    gdot += (ec[4] * dp[param(p, BIG_A)] + ec[6] * dp[param(p, LAM1)] + ec[8] * dp[param(p, BIG_R)] + ec[10] * dp[param(p, BIG_D)]) / r;
                }
                if (outP != null) {
                    outP[param(p, BIG_A)] += ec[4] * rdot[q];
                    outP[param(p, LAM1)] += ec[6] * rdot[q];
                    outP[param(p, BIG_R)] += ec[8] * rdot[q];
                    outP[param(p, BIG_D)] += ec[10] * rdot[q];
                }
                sc.gx[q] += gdot * sc.dx[q] + gg * sc.tx[q];
                sc.gy[q] += gdot * sc.dy[q] + gg * sc.ty[q];
                sc.gz[q] += gdot * sc.dz[q] + gg * sc.tz[q];
            }
        }

        /**
         * The factors of ζ term (a, b) of slot k at r_a, r_b, cos θ and their tangents along (ṙ_a, ṙ_b, ċ) and dp; then the partials
         * z, z_ra = F G X', z_rb = F' G X − F G X', z_c = F G' X and their tangents (product rule).
         */
        private void term(int k, double ra, double rb, double cs, double rda, double rdb, double cdot) {
            factors(k, ra, rb, cs);
            fd = f1 * rdb;
            f1d = f2 * rdb;
            xd = x1 * (rda - rdb);
            x1d = x2 * (rda - rdb);
            gd = gc * cdot;
            gcd = gcc * cdot;
            if (dp != null) {
                double[] sl = slopes(k, ra, rb, cs);
                double dR = dp[param(k, BIG_R)], dD = dp[param(k, BIG_D)], dl = dp[param(k, LAM3)];
                fd += -f1 * dR + sl[1] * dD;
                f1d += -f2 * dR + sl[2] * dD;
                xd += sl[3] * dl;
                x1d += sl[4] * dl;
                double dg = dp[param(k, GAMMA)], dc = dp[param(k, C)], ddd = dp[param(k, D)], dh = dp[param(k, COSTHETA0)];
                gd += sl[5] * dg + sl[6] * dc + sl[7] * ddd - gc * dh;
                gcd += sl[8] * dg + sl[9] * dc + sl[10] * ddd - gcc * dh;
            }
            z = f * g * x;
            zra = f * g * x1;
            zrb = f1 * g * x - zra;
            zc = f * gc * x;
            zdot = fd * g * x + f * gd * x + f * g * xd;
            zradot = fd * g * x1 + f * gd * x1 + f * g * x1d;
            zrbdot = f1d * g * x + f1 * gd * x + f1 * g * xd - zradot;
            zcdot = fd * gc * x + f * gcd * x + f * gc * xd;
        }

        /**
         * W1 ∂z/∂θ + W2 ∂(ż)/∂θ of the current ζ term for one parameter that changes the factors by (δF, δF'), (δG, δG') or (δX, δX')
         * (the others zero), ż the tangent along positions.
         */
        private double paramWeight(double w1, double w2, double rda, double rdb, double cdot,
                                   double dF, double dF1, double dG, double dGc, double dX, double dX1) {
            double zt = dF * g * x + f * dG * x + f * g * dX;
            double zraT = dF * g * x1 + f * dG * x1 + f * g * dX1;
            double zrbT = dF1 * g * x + f1 * dG * x + f1 * g * dX - zraT;
            double zcT = dF * gc * x + f * dGc * x + f * gc * dX;
            return w1 * zt + w2 * (zraT * rda + zrbT * rdb + zcT * cdot);
        }

        /** Bond a's product: ζ, its gradient Z and tangent Ż over the entries, then Ġ from ½ f_A b(ζ); the parameter row when asked. */
        void bond(int a, int ti, ManyBody.Scratch sc, int[] t) {
            int p = sc.slot[a];
            double ra = sc.r[a];
            double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
            double tax = sc.tx[a], tay = sc.ty[a], taz = sc.tz[a];
            double rda = rdot[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            double zeta = 0, zetaDot = 0, zetaDotX = 0;
            zx[a] = zy[a] = zz[a] = 0;
            ux[a] = uy[a] = uz[a] = 0;
            for (int b = 0; b < sc.m; b++) {
                if (b == a) continue;
                zx[b] = zy[b] = zz[b] = 0;
                ux[b] = uy[b] = uz[b] = 0;
                int k = base + t[sc.j[b]];
                double rb = sc.r[b];
                if (rb * rb >= cutsq[k]) continue;
                double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                double tbx = sc.tx[b], tby = sc.ty[b], tbz = sc.tz[b];
                double rdb = rdot[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                double cdot = (tax * bx + tay * by + taz * bz + ax * tbx + ay * tby + az * tbz) * inv - cs * (rda / ra + rdb / rb);
                term(k, ra, rb, cs, rda, rdb, cdot);
                if (kept != null) keep(b, cs, cdot);
                zeta += z;
                zetaDot += zdot;
                zetaDotX += zra * rda + zrb * rdb + zc * cdot;
                double ia2 = 1 / (ra * ra), ib2 = 1 / (rb * rb);
                double ca = zra / ra - zc * cs * ia2;
                double cb = zrb / rb - zc * cs * ib2;
                double ci = zc * inv;
                double cad = zradot / ra - zra * rda * ia2 - (zcdot * cs + zc * cdot - 2 * zc * cs * rda / ra) * ia2;
                double cbd = zrbdot / rb - zrb * rdb * ib2 - (zcdot * cs + zc * cdot - 2 * zc * cs * rdb / rb) * ib2;
                double cid = zcdot * inv - ci * (rda / ra + rdb / rb);
                sc.angular(a, b, ca, cb, ci, zx, zy, zz);
                sc.angularTangent(a, b, ca, cb, ci, cad, cbd, cid, sc.tx, sc.ty, sc.tz, ux, uy, uz);
            }
            bij(zeta, p);
            double b0 = bd[0], bz1 = bd[1], bzz = bd[2];
            expCut(ra, -v[BIG_B][p], v[LAM2][p], p);
            double fa = ec[0], fa1 = ec[1], fa2 = ec[2];
            double bdot = bz1 * zetaDot, bzdot = bzz * zetaDot;
            double fa1dot = fa2 * rda, fadot = fa1 * rda;
            if (dp != null) {
                double[] q = bondDot(dp, p);
                bdot += q[0];
                bzdot += q[1];
                fadot += q[2];
                fa1dot += q[3];
            }
            double gr = 0.5 * b0 * fa1 / ra;
            double grdot = 0.5 * (bdot * fa1 + b0 * fa1dot) / ra - gr * rda / ra;
            sc.gx[a] += grdot * ax + gr * tax;
            sc.gy[a] += grdot * ay + gr * tay;
            sc.gz[a] += grdot * az + gr * taz;
            double pref = 0.5 * fa * bz1;
            double prefdot = 0.5 * (fadot * bz1 + fa * bzdot);
            for (int c = 0; c < sc.m; c++) {
                sc.gx[c] += prefdot * zx[c] + pref * ux[c];
                sc.gy[c] += prefdot * zy[c] + pref * uy[c];
                sc.gz[c] += prefdot * zz[c] + pref * uz[c];
            }
            if (outP == null) return;
            // Ė = ½ f_A' ṙ_a b + ½ f_A b_ζ ζ̇ (positions only), differentiated by each parameter
            outP[param(p, BIG_B)] -= 0.5 * (ec[4] * rda * b0 + ec[3] * bz1 * zetaDotX);
            outP[param(p, LAM2)] += 0.5 * (ec[6] * rda * b0 + ec[5] * bz1 * zetaDotX);
            outP[param(p, BIG_R)] += 0.5 * (ec[8] * rda * b0 + ec[7] * bz1 * zetaDotX);
            outP[param(p, BIG_D)] += 0.5 * (ec[10] * rda * b0 + ec[9] * bz1 * zetaDotX);
            outP[param(p, N)] += 0.5 * (fa1 * rda * bd[3] + fa * bd[4] * zetaDotX);
            outP[param(p, BETA)] += 0.5 * (fa1 * rda * bd[5] + fa * bd[6] * zetaDotX);
            if (kept == null) return;                   // no ζ-term parameter asked for
            double w1 = 0.5 * (fa1 * rda * bz1 + fa * bzz * zetaDotX), w2 = 0.5 * fa * bz1;
            for (int b = 0; b < sc.m; b++) {
                if (b == a) continue;
                int k = base + t[sc.j[b]];
                double rb = sc.r[b];
                if (rb * rb >= cutsq[k]) continue;
                termParameters(k, ra, rb, kept[8][b], rda, rdot[b], kept[9][b], w1, w2, b);
            }
        }

        /** Keeps the current ζ term's factors, cos θ and ċ for term b of the bond. */
        private void keep(int b, double cs, double cdot) {
            kept[0][b] = f;
            kept[1][b] = f1;
            kept[2][b] = f2;
            kept[3][b] = g;
            kept[4][b] = gc;
            kept[5][b] = gcc;
            kept[6][b] = x;
            kept[7][b] = x1;
            kept[8][b] = cs;
            kept[9][b] = cdot;
        }

        /** The ζ term's parameters (R, D, λ3 of its slot; γ, c, d, h of g) weighted by W1 = ∂Ė/∂ζ, W2 = ∂Ė/∂ζ̇, from term b's kept factors. */
        private void termParameters(int k, double ra, double rb, double cs, double rda, double rdb, double cdot, double w1, double w2, int b) {
            f = kept[0][b];
            f1 = kept[1][b];
            f2 = kept[2][b];
            g = kept[3][b];
            gc = kept[4][b];
            gcc = kept[5][b];
            x = kept[6][b];
            x1 = kept[7][b];
            double u = (rb - v[BIG_R][k]) / v[BIG_D][k];
            outP[param(k, BIG_R)] += paramWeight(w1, w2, rda, rdb, cdot, -f1, -f2, 0, 0, 0, 0);
            outP[param(k, BIG_D)] += paramWeight(w1, w2, rda, rdb, cdot, -u * f1, -u * f2 - f1 / v[BIG_D][k], 0, 0, 0, 0);
            double lam3 = v[LAM3][k], del = ra - rb;
            double argL = m[k] == 3 ? 3 * lam3 * lam3 * del * del * del : del;
            double a1 = m[k] == 3 ? 3 * lam3 * lam3 * lam3 * del * del : lam3;
            double a1L = m[k] == 3 ? 9 * lam3 * lam3 * del * del : 1;
            outP[param(k, LAM3)] += paramWeight(w1, w2, rda, rdb, cdot, 0, 0, 0, 0, argL * x, (a1L + a1 * argL) * x);
            double cc = v[C][k] * v[C][k], d2 = v[D][k] * v[D][k], hc = v[COSTHETA0][k] - cs, den = 1.0 / (d2 + hc * hc), gam = v[GAMMA][k];
            outP[param(k, GAMMA)] += paramWeight(w1, w2, rda, rdb, cdot, 0, 0, 1.0 + cc / d2 - cc * den, -2 * cc * hc * den * den, 0, 0);
            outP[param(k, C)] += paramWeight(w1, w2, rda, rdb, cdot, 0, 0, 2 * gam * v[C][k] * (1 / d2 - den), -4 * gam * v[C][k] * hc * den * den, 0, 0);
            outP[param(k, D)] += paramWeight(w1, w2, rda, rdb, cdot, 0, 0, 2 * gam * cc * v[D][k] * (den * den - 1 / (d2 * d2)),
                    8 * gam * cc * hc * v[D][k] * den * den * den, 0, 0);
            outP[param(k, COSTHETA0)] += paramWeight(w1, w2, rda, rdb, cdot, 0, 0, -gc, -gcc, 0, 0);
        }

        /**
         * b(ζ) of slot s with its derivatives into {@link #bd}: b, b_ζ, b_ζζ, b_n, b_ζn, b_β, b_ζβ, LAMMPS's branches of ters_bij in
         * t = βζ: b = B(t; n), b_ζ = β B_t, b_ζζ = β² B_tt, b_β = ζ B_t, b_ζβ = B_t + t B_tt, b_ζn = β B_tn.
         */
        private void bij(double zeta, int s) {
            double beta = v[BETA][s], n = v[N][s];
            double tt = beta * zeta;
            double b, bt, btt, bn, btn;
            if (tt > c1[s]) {
                b = 1 / Math.sqrt(tt);
                bt = -0.5 * b / tt;
                btt = 0.75 * b / (tt * tt);
                bn = 0;
                btn = 0;
            } else if (tt > c2[s]) {
                double tmn = Math.pow(tt, -n), lt = Math.log(tt), s0 = 1 / Math.sqrt(tt);
                b = (1 - tmn / (2 * n)) * s0;
                bt = -0.5 * s0 / tt * (1 - (1 + 1 / (2 * n)) * tmn);
                btt = 0.75 * s0 / (tt * tt) - (n + 0.5) * (n + 1.5) / (2 * n) * tmn * s0 / (tt * tt);
                bn = tmn * s0 * (lt / (2 * n) + 1 / (2 * n * n));
                btn = -tmn * s0 / tt * (1 / (4 * n * n) + lt * (n + 0.5) / (2 * n));
            } else if (tt < c4[s]) {
                b = 1;
                bt = btt = bn = btn = 0;
            } else if (tt < c3[s]) {
                double tn = Math.pow(tt, n), lt = Math.log(tt);
                b = 1 - tn / (2 * n);
                bt = -0.5 * tn / tt;
                btt = -0.5 * (n - 1) * tn / (tt * tt);
                bn = tn * (1 / (2 * n * n) - lt / (2 * n));
                btn = -0.5 * lt * tn / tt;
            } else {
                double tn = Math.pow(tt, n), lt = Math.log(tt), l1 = Math.log1p(tn);
                b = Math.pow(1 + tn, -1 / (2 * n));
                bt = -0.5 * Math.pow(1 + tn, -1 - 1 / (2 * n)) * tn / tt;
                btt = bt / tt * ((n - 1) - (n + 0.5) * tn / (1 + tn));
                bn = b * (l1 / (2 * n * n) - tn * lt / ((1 + tn) * 2 * n));
                btn = bt * (l1 / (2 * n * n) - (1 + 1 / (2 * n)) * tn * lt / (1 + tn) + lt);
            }
            bd[0] = b;
            bd[1] = beta * bt;
            bd[2] = beta * beta * btt;
            bd[3] = bn;
            bd[4] = beta * btn;
            bd[5] = zeta * bt;
            bd[6] = bt + tt * btt;
        }
    }

    private static double cube(double x) { return x * x * x; }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        ManyBody.checkTypes("tersoff", types, atoms);
        ManyBody.checkList("tersoff", cutmax, nl, atoms);
        Params pr = (Params) params;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var vec = Space.pairVectors(o, positions, cell, pairs);
        Var r = Space.distances(o, vec);
        Var slot = ManyBody.ints(o, ManyBody.pairSlots(nl, atoms, types));
        Var bigR = ManyBody.at(o, pr.R(), slot);
        Var bigD = ManyBody.at(o, pr.D(), slot);
        Var inside = o.lt(r, o.add(bigR, bigD));
        Var fcP = fc(o, r, bigR, bigD);
        Var rep = o.mul(o.mul(fcP, ManyBody.at(o, pr.A(), slot)), o.exp(o.neg(o.mul(ManyBody.at(o, pr.lam1(), slot), r))));
        Var eRep = o.sum(o.take(ManyBody.mask(o, inside, rep), ManyBody.ints(o, ManyBody.halfEntries(nl)), 0));
        // ζ_ij over ordered triplets (a = ij, b = ik) of each row
        int[][] ab = ManyBody.rowPairs(nl, true);
        Var zeta;
        if (ab[0].length == 0) {
            zeta = o.zerosLike(r);
        } else {
            Var ia = ManyBody.ints(o, ab[0]);
            Var ib = ManyBody.ints(o, ab[1]);
            int[] ks = ManyBody.tripletSlots(nl, atoms, types, ab[0], ab[1]);
            Var k = ManyBody.ints(o, ks);
            double[] linear = new double[ks.length];
            for (int x = 0; x < ks.length; x++) linear[x] = m[ks[x]] == 1 ? 1 : 0;
            Var isLinear = o.gt(o.constant(linear, linear.length), o.scalarLike(r, 0.5));
            Var ra = o.take(r, ia, 0);
            Var rb = o.take(r, ib, 0);
            Var rk = ManyBody.at(o, pr.R(), k);
            Var dk = ManyBody.at(o, pr.D(), k);
            Var in = o.where(o.take(inside, ia, 0), o.lt(rb, o.add(rk, dk)), o.take(inside, ia, 0));
            Var cos = o.div(o.sum(o.mul(o.take(vec, ia, 0), o.take(vec, ib, 0)), 1), o.mul(ra, rb));
            Var c2 = o.square(ManyBody.at(o, pr.c(), k));
            Var d2 = o.square(ManyBody.at(o, pr.d(), k));
            Var g = o.mul(ManyBody.at(o, pr.gamma(), k),
                    o.sub(o.add(o.onesLike(c2), o.div(c2, d2)), o.div(c2, o.add(d2, o.square(o.sub(ManyBody.at(o, pr.h(), k), cos))))));
            Var lin = o.mul(ManyBody.at(o, pr.lam3(), k), o.sub(ra, rb));
            Var arg = o.where(isLinear, lin, o.mul(o.square(lin), lin));
            Var lim = o.scalarLike(arg, ARG_MAX);
            Var ex = o.where(o.gt(arg, lim), o.scalarLike(arg, 1e30),
                    o.where(o.lt(arg, o.neg(lim)), o.scalarLike(arg, 0), o.exp(o.minimum(o.maximum(arg, o.neg(lim)), lim))));
            Var term = ManyBody.mask(o, in, o.mul(o.mul(fc(o, rb, rk, dk), g), ex));
            zeta = o.segmentSum(term, ia, nl.pairs());
        }
        Var b = bij(o, o.mul(ManyBody.at(o, pr.beta(), slot), zeta), ManyBody.at(o, pr.n(), slot));
        Var fa = o.neg(o.mul(o.mul(ManyBody.at(o, pr.B(), slot), o.exp(o.neg(o.mul(ManyBody.at(o, pr.lam2(), slot), r)))), fcP));
        Var eAtt = o.sum(ManyBody.mask(o, inside, o.mul(o.mul(b, fa), o.scalarLike(fa, 0.5))));
        return o.add(eRep, eAtt);
    }

    /** f_C(r) with where; each branch sees only inputs where it is finite. */
    private static Var fc(Ops o, Var r, Var bigR, Var bigD) {
        Var below = o.lt(r, o.sub(bigR, bigD));
        Var above = o.gt(r, o.add(bigR, bigD));
        Var mid = o.mul(o.scalarLike(r, 0.5), o.sub(o.onesLike(r), o.sin(o.mul(o.scalarLike(r, Math.PI / 2), o.div(o.sub(r, bigR), bigD)))));
        return o.where(below, o.onesLike(r), o.where(above, o.zerosLike(r), mid));
    }

    /** LAMMPS's ters_bij as nested where on t = βζ, each branch fed t only where it is selected (else 1). */
    private static Var bij(Ops o, Var t, Var n) {
        Var one = o.onesLike(t);
        Var twoN = o.mul(n, o.scalarLike(n, 2));
        Var c1 = o.pow(o.mul(twoN, o.scalarLike(n, 1e-16)), o.neg(o.div(o.onesLike(n), n)));
        Var c2 = o.pow(o.mul(twoN, o.scalarLike(n, 1e-8)), o.neg(o.div(o.onesLike(n), n)));
        Var gt1 = o.gt(t, c1);
        Var gt2 = o.gt(t, c2);
        Var lt4 = o.lt(t, o.div(o.onesLike(c1), c1));
        Var lt3 = o.lt(t, o.div(o.onesLike(c2), c2));
        Var t1 = ManyBody.safe(o, gt1, t, 1);
        Var t2 = ManyBody.safe(o, gt2, t, 1);
        Var t3 = ManyBody.safe(o, lt3, t, 1);
        Var t5 = o.where(gt2, one, o.where(lt3, one, t));
        Var b1 = o.rsqrt(t1);
        Var b2 = o.mul(o.sub(one, o.div(o.pow(t2, o.neg(n)), twoN)), o.rsqrt(t2));
        Var b3 = o.sub(one, o.div(o.pow(t3, n), twoN));
        Var b5 = o.pow(o.add(one, o.pow(t5, n)), o.neg(o.div(o.onesLike(n), twoN)));
        return o.where(gt1, b1, o.where(gt2, b2, o.where(lt4, one, o.where(lt3, b3, b5))));
    }

    @Override
    public Object parameters(Ops o) {
        java.util.List<Var> rows = new java.util.ArrayList<>();
        for (double[] row : v) rows.add(ManyBody.param(o, row, types));
        return Params.of(rows);
    }

    /** The same potential with the values of {@code params}; m is kept. */
    public Tersoff withParameters(Ops o, Params params) {
        Var[] p = params.all();
        double[][] t = new double[FILE_PARAMETERS.size()][];
        t[M] = v[M].clone();
        for (int k = 0; k < p.length; k++) t[GAMMA + k] = ManyBody.values(o, p[k], types, "tersoff " + FILE_PARAMETERS.get(GAMMA + k));   // every slot after m
        return new Tersoff(types, t);
    }
}
