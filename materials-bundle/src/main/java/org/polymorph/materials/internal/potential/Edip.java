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
 * EDIP, Justo, Bazant, Kaxiras, Bulatov &amp; Yip, PRB 58, 2539 (1998), evaluated analytically exactly
 * as LAMMPS's {@code edip/multi} (pair_edip_multi.cpp); LAMMPS's single-element {@code edip}
 * computes the same functions from linear-interpolation tables (GRIDDENSITY 8000), so it differs
 * from this by its interpolation error (≈1e−6 eV in E, ≈1e−8 eV/Å in forces).
 * E = Σ_i Σ_{j≠i} V2(r_ij, Z_i) + Σ_i Σ_{j&lt;k} V3(r_ij, r_ik, Z_i), with
 * V2 = A [(B/r)^ρ − e^{−βZ²}] e^{σ/(r−a)}, V3 = e^{γ/(r_ij−a)} e^{γ/(r_ik−a)} h(cos θ_jik, Z_i),
 * h = λ [1 − e^{−Q(Z)(l+τ(Z))²} + η Q(Z)(l+τ(Z))²], Q = Q0 e^{−μZ}, τ = u1 + u2 (u3 e^{−u4 Z} − e^{−2u4 Z}),
 * Z_i = Σ_m f(r_im), f = 1 below c, e^{α/(1−x^{−3})} with x = (r−c)/(a−c) up to a, 0 beyond (a = cutoffA,
 * c = cutoffC), with LAMMPS's 1e−6 Å guards at c and a. V2, f and the r_ij leg use slot (ti, tj, tj),
 * h slot (ti, tj, tk). Energies eV, lengths Å.
 * <p>Second derivatives ({@link SecondOrder}) over p = the table's entries in slot order, each entry's 17 numbers in
 * FILE_PARAMETERS order (for one element, the file entry itself).
 */
public final class Edip implements Potential, SecondOrder {
    private final Extended.Pool extended = new Extended.Pool();
    public static final List<String> FILE_PARAMETERS = List.of("A", "B", "cutoffA", "cutoffC", "alpha", "beta", "eta", "gamma", "lambda",
            "mu", "rho", "sigma", "Q0", "u1", "u2", "u3", "u4");
    /** Rows of the parameter table [parameter][T³ slots], named after the file entry's numbers (FILE_PARAMETERS order). */
    static final int BIG_A = FILE_PARAMETERS.indexOf("A");
    static final int BIG_B = FILE_PARAMETERS.indexOf("B");
    static final int CUTOFF_A = FILE_PARAMETERS.indexOf("cutoffA");
    static final int CUTOFF_C = FILE_PARAMETERS.indexOf("cutoffC");
    static final int ALPHA = FILE_PARAMETERS.indexOf("alpha");
    static final int BETA = FILE_PARAMETERS.indexOf("beta");
    static final int ETA = FILE_PARAMETERS.indexOf("eta");
    static final int GAMMA = FILE_PARAMETERS.indexOf("gamma");
    static final int LAMBDA = FILE_PARAMETERS.indexOf("lambda");
    static final int MU = FILE_PARAMETERS.indexOf("mu");
    static final int RHO = FILE_PARAMETERS.indexOf("rho");
    static final int SIGMA = FILE_PARAMETERS.indexOf("sigma");
    static final int Q0 = FILE_PARAMETERS.indexOf("Q0");
    static final int U1 = FILE_PARAMETERS.indexOf("u1");
    static final int U2 = FILE_PARAMETERS.indexOf("u2");
    static final int U3 = FILE_PARAMETERS.indexOf("u3");
    static final int U4 = FILE_PARAMETERS.indexOf("u4");

    private static final Set<String> NON_NEGATIVE =
            Set.of("A", "B", "cutoffA", "cutoffC", "alpha", "beta", "eta", "gamma", "lambda", "mu", "rho", "sigma");
    private static final double GUARD = 1e-6;

    /** Differentiable parameters, all of the file's: scalars for one element, [T, T, T] otherwise. */
    public record Params(Var A, Var B, Var cutoffA, Var cutoffC, Var alpha, Var beta, Var eta, Var gamma, Var lambda, Var mu, Var rho,
                         Var sigma, Var Q0, Var u1, Var u2, Var u3, Var u4) {
        Var[] all() { return new Var[] {A, B, cutoffA, cutoffC, alpha, beta, eta, gamma, lambda, mu, rho, sigma, Q0, u1, u2, u3, u4}; }

        /** From one Var per number of a file entry (FILE_PARAMETERS order). */
        public static Params of(java.util.List<Var> fileOrder) {
            return new Params(fileOrder.get(BIG_A), fileOrder.get(BIG_B), fileOrder.get(CUTOFF_A), fileOrder.get(CUTOFF_C), fileOrder.get(ALPHA),
                    fileOrder.get(BETA), fileOrder.get(ETA), fileOrder.get(GAMMA), fileOrder.get(LAMBDA), fileOrder.get(MU), fileOrder.get(RHO),
                    fileOrder.get(SIGMA), fileOrder.get(Edip.Q0), fileOrder.get(U1), fileOrder.get(U2), fileOrder.get(U3), fileOrder.get(U4));
        }
    }

    private final int types;
    private final double[][] v;      // [17][T³] FILE_PARAMETERS order
    private final int[] pairSlot;
    private final double[] cutsq;    // cutoffA² per slot (LAMMPS skips r² > cutsq)
    private final double cutmax;

    /** Reads a LAMMPS .edip file; elementOfType as in {@code pair_coeff * * Si.edip Si}. */
    public static Edip read(Path file, List<String> elementOfType) {
        List<String> e = ManyBody.checkElements("edip", elementOfType);
        double[][] table = ThreeBodyFile.read(file, FILE_PARAMETERS, e, NON_NEGATIVE);
        return ThreeBodyFile.naming(file, () -> new Edip(e.size(), table));
    }

    public Edip(int types, double[][] values) {
        int ns = types * types * types;
        if (values.length != FILE_PARAMETERS.size()) throw new IllegalArgumentException("edip: " + values.length + " parameter rows, expected 17");
        this.types = types;
        v = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            if (values[k].length != ns) throw new IllegalArgumentException("edip: " + FILE_PARAMETERS.get(k) + " has " + values[k].length + " slots, expected " + ns);
            v[k] = values[k].clone();
        }
        double cm = 0;
        for (int s = 0; s < ns; s++) {
            for (String name : NON_NEGATIVE) {
                double x = v[FILE_PARAMETERS.indexOf(name)][s];
                if (!(x >= 0)) throw new IllegalArgumentException("edip: " + name + " = " + x + " (slot " + s + "); it must be >= 0");
            }
            if (!(v[CUTOFF_C][s] < v[CUTOFF_A][s])) {
                throw new IllegalArgumentException("edip: cutoffC = " + v[CUTOFF_C][s] + " >= cutoffA = " + v[CUTOFF_A][s] + " (slot " + s + "); give c < a");
            }
            cm = Math.max(cm, v[CUTOFF_A][s]);
        }
        cutmax = cm;
        cutsq = new double[ns];
        for (int q = 0; q < ns; q++) cutsq[q] = v[CUTOFF_A][q] * v[CUTOFF_A][q];
        pairSlot = new int[types * types];
        for (int a = 0; a < types; a++) for (int b = 0; b < types; b++) pairSlot[a * types + b] = (a * types + b) * types + b;
    }

    @Override public String style() { return "edip"; }
    @Override public double cutoff() { return cutmax; }
    @Override public boolean needsFullList() { return true; }

    public int types() { return types; }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int[] t = atoms.types();
        int cap = Math.max(1, nl.maxNeighbors());
        double[][] work = new double[3][cap];   // df/dr of the coordination, leg e^{γ/(r−a)}, (d leg/dr)
        double[] eZ = new double[2];            // energy of atom i, ∂E_i/∂Z_i
        return ManyBody.compute("edip", cutmax, types, extended, atoms, nl, pairSlot, cutsq, true, (i, sc, ex) -> {
            double z = coordination(sc, work);
            eZ[0] = 0;
            eZ[1] = 0;
            pairs(sc, z, eZ);
            triplets(t[i], sc, t, z, work, eZ);
            double[] fzD = work[0];
            for (int q = 0; q < sc.m; q++) if (fzD[q] != 0) sc.radial(q, eZ[1] * fzD[q] / sc.r[q]);
            return eZ[0];
        });
    }

    /** Z_i = Σ f(r) with df/dr (work[0]), and the three-body legs e^{γ/(r−a)} (work[1]) with their derivatives (work[2]). */
    private double coordination(ManyBody.Scratch sc, double[][] work) {
        double z = 0;
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            double a = v[CUTOFF_A][p];
            double c = v[CUTOFF_C][p];
            work[0][q] = 0;
            if (r < c + GUARD) {
                z += 1;
            } else if (r <= a - GUARD) {
                double xx = (a - c) / (r - c);
                double x3 = xx * xx * xx;
                double u = 1.0 / (1.0 - x3);
                double fz = Math.exp(v[ALPHA][p] * u);
                z += fz;
                work[0][q] = (3.0 * xx * x3 / (a - c)) * (-v[ALPHA][p] * u * u) * fz;
            }
            if (r > a - GUARD) {
                work[1][q] = 0;
                work[2][q] = 0;
            } else {
                double ra = 1.0 / (r - a);
                work[1][q] = Math.exp(v[GAMMA][p] * ra);
                work[2][q] = -v[GAMMA][p] * ra * ra * work[1][q];
            }
        }
        return z;
    }

    /** V2(r, Z) = A [(B/r)^ρ − e^{−βZ²}] e^{σ/(r−a)} of every entry; adds to eZ = {E, ∂E/∂Z}. */
    private void pairs(ManyBody.Scratch sc, double z, double[] eZ) {
        for (int q = 0; q < sc.m; q++) {
            int p = sc.slot[q];
            double r = sc.r[q];
            if (r > v[CUTOFF_A][p] - GUARD) continue;
            double ra = 1.0 / (r - v[CUTOFF_A][p]);
            double cut2 = Math.exp(v[SIGMA][p] * ra);
            double cut2D = -v[SIGMA][p] * ra * ra * cut2;
            double v1 = Math.pow(v[BIG_B][p] / r, v[RHO][p]);
            double v2 = Math.exp(-v[BETA][p] * z * z);
            eZ[0] += v[BIG_A][p] * (v1 - v2) * cut2;
            eZ[1] += v[BIG_A][p] * 2 * v[BETA][p] * z * v2 * cut2;
            double dEdr = v[BIG_A][p] * (v1 - v2) * cut2D - v[BIG_A][p] * v[RHO][p] * v1 / r * cut2;
            sc.radial(q, dEdr / r);
        }
    }

    /** V3 = leg_a leg_b h(cos θ, Z) over the pairs a &lt; b; adds to eZ = {E, ∂E/∂Z}. */
    private void triplets(int ti, ManyBody.Scratch sc, int[] t, double z, double[][] work, double[] eZ) {
        double[] leg = work[1];
        double[] legD = work[2];
        for (int a = 0; a < sc.m; a++) {
            if (leg[a] == 0) continue;
            double ax = sc.dx[a];
            double ay = sc.dy[a];
            double az = sc.dz[a];
            double ra = sc.r[a];
            int base = (ti * types + t[sc.j[a]]) * types;
            for (int b = a + 1; b < sc.m; b++) {
                if (leg[b] == 0) continue;
                int k = base + t[sc.j[b]];
                double bx = sc.dx[b];
                double by = sc.dy[b];
                double bz = sc.dz[b];
                double rb = sc.r[b];
                double inv = 1.0 / (ra * rb);
                double cs = (ax * bx + ay * by + az * bz) * inv;
                // h(l, Z) and its partial derivatives (edip_h)
                double qz = v[Q0][k] * Math.exp(-v[MU][k] * z);
                double e1 = Math.exp(-v[U4][k] * z);
                double e2 = Math.exp(-2.0 * v[U4][k] * z);
                double tau = v[U1][k] + v[U2][k] * v[U3][k] * e1 - v[U2][k] * e2;
                double tauD = -v[U2][k] * v[U3][k] * v[U4][k] * e1 + 2.0 * v[U2][k] * v[U4][k] * e2;
                double lt = cs + tau;
                double u2 = qz * lt * lt;
                double ex = Math.exp(-u2);
                double hv = v[LAMBDA][k] * (1 - ex + v[ETA][k] * u2);
                double dhdu = v[LAMBDA][k] * (ex + v[ETA][k]);
                double hl = dhdu * qz * 2 * lt;
                double hz = dhdu * (-v[MU][k] * qz * lt * lt + qz * 2 * lt * tauD);
                double gg = leg[a] * leg[b];
                eZ[0] += gg * hv;
                eZ[1] += gg * hz;
                double ang = gg * hl;
                double ca = legD[a] * leg[b] * hv / ra - ang * cs / (ra * ra);
                double cb = leg[a] * legD[b] * hv / rb - ang * cs / (rb * rb);
                double ci = ang * inv;
                sc.gx[a] += ca * ax + ci * bx;
                sc.gy[a] += ca * ay + ci * by;
                sc.gz[a] += ca * az + ci * bz;
                sc.gx[b] += cb * bx + ci * ax;
                sc.gy[b] += cb * by + ci * ay;
                sc.gz[b] += cb * bz + ci * az;
            }
        }
    }

    @Override public int parameterCount() { return FILE_PARAMETERS.size() * types * types * types; }

    /** The index in p of number {@code k} (FILE_PARAMETERS order) of slot {@code s}. */
    private static int param(int s, int k) { return s * 17 + k; }

    /**
     * H·dX + ∂²E/∂X∂p·dp by differentiating the site energy's expressions ({@link #coordination}, {@link #pairs}, {@link #triplets})
     * once more along (ḋ, Ż, ṗ), Ż = Σ ḟ the coordination's tangent (forward mode by hand, {@link Work}). The parameter row
     * dXᵀ∂²E/∂X∂p is the gradient in p of the directional derivative Ė_i = Σ_e G_e·ḋ_e, taken by one reverse pass over the same
     * terms ({@link ParameterRow}): every parameter of every term in one walk, so the row costs about one more force loop.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        int[] t = atoms.types();
        Work w = new Work(Math.max(1, nl.maxNeighbors()));
        ParameterRow row = outP == null ? null : new ParameterRow(w);
        ManyBody.hessianProduct("edip", cutmax, types, extended, atoms, nl, pairSlot, cutsq, true, parameterCount(), dX, dp, outX, outP,
                (i, sc, ex) -> {
                    w.site(t[i], sc, t, sc.tx, sc.ty, sc.tz, dp, sc.gx, sc.gy, sc.gz);
                    if (row != null) row.site(t[i], sc, t, outP);
                });
    }

    /** B tangents: each atom's short list loaded once, then {@link Work#site} per tangent row. */
    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        int[] t = atoms.types();
        Work w = new Work(Math.max(1, nl.maxNeighbors()));
        ManyBody.hessianProducts("edip", cutmax, types, extended, atoms, nl, pairSlot, cutsq, true, parameterCount(), dX, dp, outX,
                (i, sc, tg, ex) -> {
                    for (int b = 0; b < tg.count; b++) {
                        w.site(t[i], sc, t, tg.tx[b], tg.ty[b], tg.tz[b], dp == null ? null : dp[b], tg.gx[b], tg.gy[b], tg.gz[b]);
                    }
                });
    }

    /** The tangent of number k of slot s in dp, 0 when there is no parameter tangent. */
    private static double dot(double[] dp, int s, int k) { return dp == null ? 0 : dp[param(s, k)]; }

    /** The scratch of one second-order product: per-entry coordination and leg terms with their tangents. */
    private final class Work {
        private final double[] rdot;      // ṙ
        private final double[] f1;        // df/dr of the coordination
        private final double[] f1dot;
        private final double[] leg;       // e^{γ/(r − a)}
        private final double[] legD;      // its r-derivative
        private final double[] legDot;
        private final double[] legDDot;
        private double zc, zcDot;         // Z_i and Ż_i
        private double eZ, eZDot;         // ∂E_i/∂Z and its tangent

        Work(int c) {
            rdot = new double[c];
            f1 = new double[c];
            f1dot = new double[c];
            leg = new double[c];
            legD = new double[c];
            legDot = new double[c];
            legDDot = new double[c];
        }

        /** Adds to g (per entry) the tangent Ġ_e of atom i's gradient along the entry tangents (tx, ty, tz) and the parameter tangent dp (or null). */
        void site(int ti, ManyBody.Scratch sc, int[] t, double[] tx, double[] ty, double[] tz, double[] dp, double[] gx, double[] gy, double[] gz) {
            coordination(sc, tx, ty, tz, dp);
            eZ = 0;
            eZDot = 0;
            pairs(sc, tx, ty, tz, dp, gx, gy, gz);
            triplets(ti, sc, t, tx, ty, tz, dp, gx, gy, gz);
            for (int q = 0; q < sc.m; q++) {
                if (f1[q] == 0) continue;
                double r = sc.r[q];
                double c = eZ * f1[q] / r;
                double cdot = (eZDot * f1[q] + eZ * f1dot[q]) / r - c * rdot[q] / r;
                gx[q] += cdot * sc.dx[q] + c * tx[q];
                gy[q] += cdot * sc.dy[q] + c * ty[q];
                gz[q] += cdot * sc.dz[q] + c * tz[q];
            }
        }

        /**
         * Z, Ż and per entry f', its tangent, the legs and their tangents. f = e^{α u}, u = 1/(1 − x³), x = L/s, L = a − c, s = r − c:
         * ∂x³/∂r = −3x³/s, ∂x³/∂a = 3x³/L, ∂x³/∂c = 3x³ (1/s − 1/L), f' = α f u² ∂x³/∂r.
         */
        private void coordination(ManyBody.Scratch sc, double[] tx, double[] ty, double[] tz, double[] dp) {
            zc = 0;
            zcDot = 0;
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                double rd = (sc.dx[q] * tx[q] + sc.dy[q] * ty[q] + sc.dz[q] * tz[q]) / r;
                rdot[q] = rd;
                double a = v[CUTOFF_A][p], c = v[CUTOFF_C][p], al = v[ALPHA][p], gam = v[GAMMA][p];
                double ad = dot(dp, p, CUTOFF_A), cd = dot(dp, p, CUTOFF_C), ald = dot(dp, p, ALPHA), gd = dot(dp, p, GAMMA);
                f1[q] = 0;
                f1dot[q] = 0;
                if (r < c + GUARD) {
                    zc += 1;
                } else if (r <= a - GUARD) {
                    double s = r - c, len = a - c;
                    double x3 = Math.pow(len / s, 3);
                    double u = 1.0 / (1.0 - x3);
                    double f = Math.exp(al * u);
                    double x3r = -3 * x3 / s;
                    double x3dot = x3r * rd + 3 * x3 / len * ad + 3 * x3 * (1 / s - 1 / len) * cd;
                    double udot = u * u * x3dot;
                    double fdot = f * (ald * u + al * udot);
                    double x3rdot = -3 * x3dot / s + 3 * x3 * (rd - cd) / (s * s);
                    double ur = u * u * x3r;
                    double urdot = 2 * u * udot * x3r + u * u * x3rdot;
                    zc += f;
                    zcDot += fdot;
                    f1[q] = al * f * ur;
                    f1dot[q] = ald * f * ur + al * (fdot * ur + f * urdot);
                }
                if (r > a - GUARD) {
                    leg[q] = 0;
                    legD[q] = 0;
                    legDot[q] = 0;
                    legDDot[q] = 0;
                } else {
                    double rho = 1.0 / (r - a);
                    double rhodot = -rho * rho * (rd - ad);
                    double l = Math.exp(gam * rho);
                    double ldot = l * (gd * rho + gam * rhodot);
                    leg[q] = l;
                    legD[q] = -gam * rho * rho * l;
                    legDot[q] = ldot;
                    legDDot[q] = -(gd * rho * rho + 2 * gam * rho * rhodot) * l - gam * rho * rho * ldot;
                }
            }
        }

        /** V2's product: the tangent of (dV2/dr)/r and of ∂V2/∂Z along (ṙ, Ż, ṗ). */
        private void pairs(ManyBody.Scratch sc, double[] tx, double[] ty, double[] tz, double[] dp, double[] gx, double[] gy, double[] gz) {
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                if (r > v[CUTOFF_A][p] - GUARD) continue;
                double rd = rdot[q];
                double bigA = v[BIG_A][p], bigB = v[BIG_B][p], sig = v[SIGMA][p], rh = v[RHO][p], be = v[BETA][p];
                double aD = dot(dp, p, BIG_A), bD = dot(dp, p, BIG_B), sD = dot(dp, p, SIGMA), rhD = dot(dp, p, RHO), beD = dot(dp, p, BETA);
                double cutD = dot(dp, p, CUTOFF_A);
                double rho = 1.0 / (r - v[CUTOFF_A][p]);
                double rhodot = -rho * rho * (rd - cutD);
                double cut2 = Math.exp(sig * rho);
                double cut2dot = cut2 * (sD * rho + sig * rhodot);
                double cut2D = -sig * rho * rho * cut2;
                double cut2Ddot = -(sD * rho * rho + 2 * sig * rho * rhodot) * cut2 - sig * rho * rho * cut2dot;
                double v1 = Math.pow(bigB / r, rh);
                double v1dot = v1 * (rhD * Math.log(bigB / r) + rh * (bD / bigB - rd / r));
                double v2 = Math.exp(-be * zc * zc);
                double v2dot = -v2 * (beD * zc * zc + 2 * be * zc * zcDot);
                eZ += bigA * 2 * be * zc * v2 * cut2;
                eZDot += 2 * (aD * be * zc + bigA * beD * zc + bigA * be * zcDot) * v2 * cut2 + 2 * bigA * be * zc * (v2dot * cut2 + v2 * cut2dot);
                double br = (v1 - v2) * cut2D - rh * v1 / r * cut2;
                double brdot = (v1dot - v2dot) * cut2D + (v1 - v2) * cut2Ddot
                        - (rhD * v1 * cut2 + rh * v1dot * cut2 + rh * v1 * cut2dot - rh * v1 * cut2 * rd / r) / r;
                double g = bigA * br / r;
                double gdot = (aD * br + bigA * brdot) / r - g * rd / r;
                gx[q] += gdot * sc.dx[q] + g * tx[q];
                gy[q] += gdot * sc.dy[q] + g * ty[q];
                gz[q] += gdot * sc.dz[q] + g * tz[q];
            }
        }

        /** V3's product: h(l, Z) and its partials with their tangents (l̇ = ċ + τ̇), the legs', then the angular chain as the force loop. */
        private void triplets(int ti, ManyBody.Scratch sc, int[] t, double[] tx, double[] ty, double[] tz, double[] dp,
                              double[] gx, double[] gy, double[] gz) {
            double z = zc, zd = zcDot;
            for (int a = 0; a < sc.m; a++) {
                if (leg[a] == 0) continue;
                double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
                double tax = tx[a], tay = ty[a], taz = tz[a];
                double ra = sc.r[a];
                double rda = rdot[a] / ra;
                int base = (ti * types + t[sc.j[a]]) * types;
                for (int b = a + 1; b < sc.m; b++) {
                    if (leg[b] == 0) continue;
                    int k = base + t[sc.j[b]];
                    double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                    double tbx = tx[b], tby = ty[b], tbz = tz[b];
                    double rb = sc.r[b];
                    double rdb = rdot[b] / rb;
                    double inv = 1.0 / (ra * rb);
                    double cs = (ax * bx + ay * by + az * bz) * inv;
                    double csd = (tax * bx + tay * by + taz * bz + ax * tbx + ay * tby + az * tbz) * inv - cs * (rda + rdb);
                    double q0 = v[Q0][k], mu = v[MU][k], u1 = v[U1][k], u2 = v[U2][k], u3 = v[U3][k], u4 = v[U4][k], lam = v[LAMBDA][k], eta = v[ETA][k];
                    double q0d = dot(dp, k, Q0), mud = dot(dp, k, MU), u1d = dot(dp, k, U1), u2d = dot(dp, k, U2), u3d = dot(dp, k, U3);
                    double u4d = dot(dp, k, U4), lamd = dot(dp, k, LAMBDA), etad = dot(dp, k, ETA);
                    double emz = Math.exp(-mu * z);
                    double qz = q0 * emz;
                    double qzd = q0d * emz - qz * (mud * z + mu * zd);
                    double e1 = Math.exp(-u4 * z), e2 = e1 * e1;
                    double w4 = u4d * z + u4 * zd;
                    double e1d = -e1 * w4, e2d = -2 * e2 * w4;
                    double tau = u1 + u2 * u3 * e1 - u2 * e2;
                    double taud = u1d + (u2d * u3 + u2 * u3d) * e1 + u2 * u3 * e1d - u2d * e2 - u2 * e2d;
                    double tauD = -u2 * u3 * u4 * e1 + 2.0 * u2 * u4 * e2;
                    double tauDd = -(u2d * u3 * u4 + u2 * u3d * u4 + u2 * u3 * u4d) * e1 - u2 * u3 * u4 * e1d
                            + 2 * (u2d * u4 + u2 * u4d) * e2 + 2 * u2 * u4 * e2d;
                    double lt = cs + tau, ltd = csd + taud;
                    double uu = qz * lt * lt, uud = qzd * lt * lt + 2 * qz * lt * ltd;
                    double ex = Math.exp(-uu), exd = -ex * uud;
                    double hv = lam * (1 - ex + eta * uu);
                    double hvd = lamd * (1 - ex + eta * uu) + lam * (-exd + etad * uu + eta * uud);
                    double dhdu = lam * (ex + eta), dhdud = lamd * (ex + eta) + lam * (exd + etad);
                    double hl = dhdu * qz * 2 * lt;
                    double hld = 2 * (dhdud * qz * lt + dhdu * qzd * lt + dhdu * qz * ltd);
                    double kz = -mu * qz * lt * lt + 2 * qz * lt * tauD;
                    double kzd = -(mud * qz + mu * qzd) * lt * lt - 2 * mu * qz * lt * ltd + 2 * (qzd * lt * tauD + qz * ltd * tauD + qz * lt * tauDd);
                    double hz = dhdu * kz, hzd = dhdud * kz + dhdu * kzd;
                    double la = leg[a], lb = leg[b];
                    double gg = la * lb, ggd = legDot[a] * lb + la * legDot[b];
                    eZ += gg * hz;
                    eZDot += ggd * hz + gg * hzd;
                    double ang = gg * hl, angd = ggd * hl + gg * hld;
                    double ia2 = 1 / (ra * ra), ib2 = 1 / (rb * rb);
                    double pa = legD[a] * lb * hv, pb = la * legD[b] * hv;
                    double pad = legDDot[a] * lb * hv + legD[a] * legDot[b] * hv + legD[a] * lb * hvd;
                    double pbd = legDot[a] * legD[b] * hv + la * legDDot[b] * hv + la * legD[b] * hvd;
                    double ca = pa / ra - ang * cs * ia2;
                    double cb = pb / rb - ang * cs * ib2;
                    double ci = ang * inv;
                    double cad = pad / ra - pa * rda / ra - (angd * cs + ang * csd - 2 * ang * cs * rda) * ia2;
                    double cbd = pbd / rb - pb * rdb / rb - (angd * cs + ang * csd - 2 * ang * cs * rdb) * ib2;
                    double cid = angd * inv - ci * (rda + rdb);
                    sc.angularTangent(a, b, ca, cb, ci, cad, cbd, cid, tx, ty, tz, gx, gy, gz);
                }
            }
        }
    }

    /**
     * The parameter row of atom i's energy, ∂Ė_i/∂p with Ė_i = Σ_e G_e·ḋ_e its derivative along the entry tangents ḋ (positions
     * only: ṗ takes no part in the row), by reverse mode over the forward tangent of {@link #pairs} and {@link #triplets}:
     * Ė_i = Σ_q V̇2_q + Σ_(a,b) (ġ h + g ḣ), g = L_a L_b the legs' product, ġ = L_a' ṙ_a L_b + L_a L_b' ṙ_b, ḣ = h_l ċ + h_Z Ż,
     * V̇2 = ∂V2/∂r ṙ + ∂V2/∂Z Ż. Each term's adjoints go to its own parameters (V2: A, B, ρ, σ, β, a of the pair slot; h: Q0, μ,
     * u1..u4, λ, η of the triplet slot), to the legs L, L' of its entries and to Z, Ż; at the end the entries' legs (γ, a) and
     * the coordination Z = Σ f, Ż = Σ f' ṙ (a, c, α) take Z̄ = ∂Ė/∂Z and Ż̄ = ∂Ė/∂Ż (= ∂E_i/∂Z). Reads the per-entry values
     * (ṙ, f', L, L', Z) that {@link Work#site} leaves for the same atom.
     */
    private final class ParameterRow {
        private final Work w;
        private final double[] legBar;    // ∂Ė_i/∂L of each entry
        private final double[] legDBar;   // ∂Ė_i/∂L' (L' = dL/dr)
        private double zBar, zdotBar;     // ∂Ė_i/∂Z and ∂Ė_i/∂Ż
        private final double[] tau, tauZ, qz, qzd;             // per triplet slot (t_i, ·, ·): τ(Z), dτ/dZ, Q(Z), Q̇
        private final double[] qzBar, qzdBar, ltBar, ltdBar;   // their adjoints summed over the slot's triplets (lt = cos θ + τ)

        ParameterRow(Work w) {
            this.w = w;
            legBar = new double[w.rdot.length];
            legDBar = new double[w.rdot.length];
            int slots = types * types;
            tau = new double[slots];
            tauZ = new double[slots];
            qz = new double[slots];
            qzd = new double[slots];
            qzBar = new double[slots];
            qzdBar = new double[slots];
            ltBar = new double[slots];
            ltdBar = new double[slots];
        }

        /** Adds atom i's row to outP [17 T³]; {@link Work#site} has run on the same loaded short list. */
        void site(int ti, ManyBody.Scratch sc, int[] t, double[] outP) {
            double[] rdot = w.rdot, f1 = w.f1;
            double z = w.zc, zdot = 0;
            for (int q = 0; q < sc.m; q++) {
                zdot += f1[q] * rdot[q];
                legBar[q] = 0;
                legDBar[q] = 0;
            }
            zBar = 0;
            zdotBar = 0;
            pairs(sc, z, zdot, outP);
            slots(ti, z, zdot);
            triplets(ti, sc, t, zdot, outP);
            slotParameters(ti, z, zdot, outP);
            entries(sc, outP);
        }

        /**
         * V̇2 = A [Ḋ c + D ċ], D = v1 − v2, v1 = (B/r)^ρ, v2 = e^{−βZ²}, c = e^{σ/(r−a)}, with v̇1 = −ρ v1 ṙ/r, v̇2 = −2βZŻ v2,
         * ċ = −σ ṙ c/(r−a)²; reverse from V̄̇2 = 1, adding to Z̄ and Ż̄.
         */
        private void pairs(ManyBody.Scratch sc, double z, double zdot, double[] outP) {
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                double a = v[CUTOFF_A][p];
                if (r > a - GUARD) continue;
                double rd = w.rdot[q];
                double bigA = v[BIG_A][p], bigB = v[BIG_B][p], sig = v[SIGMA][p], rh = v[RHO][p], be = v[BETA][p];
                double ra = 1.0 / (r - a);
                double c2 = Math.exp(sig * ra);
                double kc = ra * ra * rd;
                double c2d = -sig * kc * c2;
                double v1 = Math.pow(bigB / r, rh);
                double v1d = -rh * v1 * rd / r;
                double v2 = Math.exp(-be * z * z);
                double v2d = -2 * be * z * zdot * v2;
                double dd = v1 - v2, ddd = v1d - v2d;
                // adjoints
                double dddBar = bigA * c2, ddBar = bigA * c2d, c2Bar = bigA * ddd, c2dBar = bigA * dd;
                double sigBar = -c2dBar * kc * c2;
                double raBar = -c2dBar * sig * 2 * ra * rd * c2;
                c2Bar -= c2dBar * sig * kc;
                sigBar += c2Bar * c2 * ra;
                raBar += c2Bar * c2 * sig;
                double v1dBar = dddBar, v2dBar = -dddBar, v1Bar = ddBar, v2Bar = -ddBar;
                double rhBar = -v1dBar * v1 * rd / r;
                v1Bar -= v1dBar * rh * rd / r;
                double bBar = v1 == 0 ? 0 : v1Bar * rh * v1 / bigB;
                if (v1 != 0) rhBar += v1Bar * v1 * Math.log(bigB / r);
                double beBar = -v2dBar * 2 * z * zdot * v2;
                zBar -= v2dBar * 2 * be * zdot * v2;
                zdotBar -= v2dBar * 2 * be * z * v2;
                v2Bar -= v2dBar * 2 * be * z * zdot;
                beBar -= v2Bar * z * z * v2;
                zBar -= v2Bar * 2 * be * z * v2;
                outP[param(p, BIG_A)] += ddd * c2 + dd * c2d;
                outP[param(p, BIG_B)] += bBar;
                outP[param(p, RHO)] += rhBar;
                outP[param(p, SIGMA)] += sigBar;
                outP[param(p, BETA)] += beBar;
                outP[param(p, CUTOFF_A)] += raBar * ra * ra;
            }
        }

        /**
         * The parts of h that depend on the triplet slot k = (t_i, ·, ·) and Z only, once per slot: τ = u1 + u2 (u3 e1 − e2),
         * e1 = e^{−u4 Z}, e2 = e1², τ_Z = dτ/dZ, Q = Q0 e^{−μZ}, Q̇ = −μQŻ; the slots' adjoints cleared.
         */
        private void slots(int ti, double z, double zdot) {
            int s0 = ti * types * types;
            for (int s = 0; s < types * types; s++) {
                int k = s0 + s;
                double u2 = v[U2][k], u3 = v[U3][k], u4 = v[U4][k];
                double e1 = Math.exp(-u4 * z), e2 = e1 * e1;
                tau[s] = v[U1][k] + u2 * u3 * e1 - u2 * e2;
                tauZ[s] = -u2 * u3 * u4 * e1 + 2 * u2 * u4 * e2;
                qz[s] = v[Q0][k] * Math.exp(-v[MU][k] * z);
                qzd[s] = -v[MU][k] * qz[s] * zdot;
                qzBar[s] = 0;
                qzdBar[s] = 0;
                ltBar[s] = 0;
                ltdBar[s] = 0;
            }
        }

        /**
         * ġ h + g ḣ per pair of entries with h = λ H(u), H = 1 − e^{−u} + η u, u = Q lt², lt = cos θ + τ(Z); ḣ = λ H'(u) u̇,
         * u̇ = Q̇ lt² + 2Q lt l̇t, l̇t = ċ + τ_Z Ż; reverse from h̄ = ġ, ḣ̄ = g into λ, η, the legs' adjoints and the slot's Q̄, Q̄̇,
         * l̄t, l̄̇t (summed over its triplets; {@link #slotParameters} takes them on to Q0, μ, u1..u4, Z and Ż).
         */
        private void triplets(int ti, ManyBody.Scratch sc, int[] t, double zdot, double[] outP) {
            double[] leg = w.leg, legD = w.legD, rdot = w.rdot;
            for (int a = 0; a < sc.m; a++) {
                double la = leg[a];
                if (la == 0) continue;
                double ax = sc.dx[a], ay = sc.dy[a], az = sc.dz[a];
                double tax = sc.tx[a], tay = sc.ty[a], taz = sc.tz[a];
                double ra = sc.r[a];
                double rda = rdot[a] / ra;
                double pa = legD[a] * rdot[a];                 // L_a' ṙ_a
                int row = t[sc.j[a]] * types;
                for (int b = a + 1; b < sc.m; b++) {
                    double lb = leg[b];
                    if (lb == 0) continue;
                    int s = row + t[sc.j[b]], k = ti * types * types + s;
                    double bx = sc.dx[b], by = sc.dy[b], bz = sc.dz[b];
                    double rb = sc.r[b];
                    double inv = 1.0 / (ra * rb);
                    double cs = (ax * bx + ay * by + az * bz) * inv;
                    double csd = (tax * bx + tay * by + taz * bz + ax * sc.tx[b] + ay * sc.ty[b] + az * sc.tz[b]) * inv - cs * (rda + rdot[b] / rb);
                    double pb = legD[b] * rdot[b];
                    double lam = v[LAMBDA][k], eta = v[ETA][k], q = qz[s], qd = qzd[s];
                    double lt = cs + tau[s], ltd = csd + tauZ[s] * zdot;
                    double uu = q * lt * lt, uud = qd * lt * lt + 2 * q * lt * ltd;
                    double ex = Math.exp(-uu);
                    double hh = 1 - ex + eta * uu, h1 = ex + eta;
                    double hv = lam * hh, hvd = lam * h1 * uud;
                    double gg = la * lb, ggd = pa * lb + la * pb;
                    double hhBar = ggd * lam, h1Bar = gg * lam * uud, uudBar = gg * lam * h1;
                    double uuBar = hhBar * eta - (h1Bar - hhBar) * ex;
                    qzdBar[s] += uudBar * lt * lt;
                    qzBar[s] += uudBar * 2 * lt * ltd + uuBar * lt * lt;
                    ltBar[s] += uudBar * 2 * (qd * lt + q * ltd) + uuBar * 2 * q * lt;
                    ltdBar[s] += uudBar * 2 * q * lt;
                    outP[param(k, LAMBDA)] += ggd * hh + gg * h1 * uud;
                    outP[param(k, ETA)] += hhBar * uu + h1Bar;
                    legBar[a] += pb * hv + lb * hvd;
                    legDBar[a] += rdot[a] * lb * hv;
                    legBar[b] += pa * hv + la * hvd;
                    legDBar[b] += rdot[b] * la * hv;
                }
            }
        }

        /** The slots' adjoints (Q̄, Q̄̇, l̄t, l̄̇t) back through {@link #slots} to Q0, μ, u1..u4 and to Z̄, Ż̄. */
        private void slotParameters(int ti, double z, double zdot, double[] outP) {
            int s0 = ti * types * types;
            for (int s = 0; s < types * types; s++) {
                int k = s0 + s;
                double qb = qzBar[s], qdb = qzdBar[s], lb = ltBar[s], ldb = ltdBar[s];
                if (qb == 0 && qdb == 0 && lb == 0 && ldb == 0) continue;
                double mu = v[MU][k], u2 = v[U2][k], u3 = v[U3][k], u4 = v[U4][k], q = qz[s];
                double e1 = Math.exp(-u4 * z), e2 = e1 * e1;
                // Q̇ = −μQŻ, then Q = Q0 e^{−μZ}
                double muBar = -qdb * q * zdot;
                qb -= qdb * mu * zdot;
                zdotBar += ldb * tauZ[s] - qdb * mu * q;
                muBar -= qb * q * z;
                zBar -= qb * mu * q;
                // l̇t = ċ + τ_Z Ż and lt = cos θ + τ: τ̄_Z = l̄̇t Ż, τ̄ = l̄t, through τ, τ_Z to u1..u4, e1, e2
                double tauZBar = ldb * zdot;
                double e1Bar = -tauZBar * u2 * u3 * u4 + lb * u2 * u3;
                double e2Bar = tauZBar * 2 * u2 * u4 - lb * u2;
                double back = e1Bar * e1 + 2 * e2Bar * e2;                     // −∂/∂(u4 Z) through e1, e2
                outP[param(k, Q0)] += qb * Math.exp(-mu * z);
                outP[param(k, MU)] += muBar;
                outP[param(k, U1)] += lb;
                outP[param(k, U2)] += tauZBar * (-u3 * u4 * e1 + 2 * u4 * e2) + lb * (u3 * e1 - e2);
                outP[param(k, U3)] += -tauZBar * u2 * u4 * e1 + lb * u2 * e1;
                outP[param(k, U4)] += tauZBar * (-u2 * u3 * e1 + 2 * u2 * e2) - back * z;
                zBar -= back * u4;
            }
        }

        /**
         * The entries' own parameters: the legs L = e^{γ/(r−a)}, L' = −γ L/(r−a)² (γ, a) with their adjoints, and the
         * coordination f, f' (a, c, α) with Z̄, Ż̄: f = e^{αu}, u = 1/(1 − x³), x = L/s, L = a − c, s = r − c, f' = α f u² ∂x³/∂r,
         * ∂x³/∂r = −3x³/s, ∂x³/∂a = 3x³/L, ∂x³/∂c = 3x³ (1/s − 1/L).
         */
        private void entries(ManyBody.Scratch sc, double[] outP) {
            for (int q = 0; q < sc.m; q++) {
                int p = sc.slot[q];
                double r = sc.r[q];
                double a = v[CUTOFF_A][p], c = v[CUTOFF_C][p];
                if (r > a - GUARD) continue;
                double rd = w.rdot[q];
                double gam = v[GAMMA][p];
                double rho = 1.0 / (r - a);
                double l = w.leg[q];
                double lb = legBar[q], ldb = legDBar[q];
                outP[param(p, GAMMA)] += lb * rho * l - ldb * rho * rho * l * (1 + gam * rho);
                double aBar = lb * gam * rho * rho * l - ldb * gam * rho * rho * rho * l * (2 + gam * rho);
                if (r >= c + GUARD) {
                    double al = v[ALPHA][p];
                    double s = r - c, len = a - c;
                    double x3 = Math.pow(len / s, 3);
                    double u = 1.0 / (1.0 - x3);
                    double f = Math.exp(al * u);
                    double x3r = -3 * x3 / s;
                    // α
                    double fAl = f * u;
                    double frAl = f * u * u * x3r * (1 + al * u);
                    outP[param(p, ALPHA)] += zBar * fAl + zdotBar * frAl * rd;
                    // a and c through x³ and ∂x³/∂r
                    double x3a = 3 * x3 / len, x3c = 3 * x3 * (1 / s - 1 / len);
                    double x3ra = -3 * x3a / s, x3rc = -3 * x3c / s - 3 * x3 / (s * s);
                    aBar += zBar * al * f * u * u * x3a + zdotBar * rd * coordinationSlope(al, f, u, x3r, x3a, x3ra);
                    outP[param(p, CUTOFF_C)] += zBar * al * f * u * u * x3c + zdotBar * rd * coordinationSlope(al, f, u, x3r, x3c, x3rc);
                }
                outP[param(p, CUTOFF_A)] += aBar;
            }
        }
    }

    /**
     * ∂f'/∂θ for f' = α f u² x3r (f = e^{αu}, u = 1/(1 − x³), x3r = ∂x³/∂r) along a cutoff θ that moves x³ by x3θ and x3r by
     * x3rθ: u_θ = u² x3θ, f_θ = α f u_θ, ∂f'/∂θ = α (f_θ u² x3r + 2 f u u_θ x3r + f u² x3rθ).
     */
    private static double coordinationSlope(double al, double f, double u, double x3r, double x3t, double x3rt) {
        double ut = u * u * x3t;
        double ft = al * f * ut;
        return al * (ft * u * u * x3r + 2 * f * u * ut * x3r + f * u * u * x3rt);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        ManyBody.checkTypes("edip", types, atoms);
        ManyBody.checkList("edip", cutmax, nl, atoms);
        Params pr = (Params) params;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var vec = Space.pairVectors(o, positions, cell, pairs);
        Var r = Space.distances(o, vec);
        Var slot = ManyBody.ints(o, ManyBody.pairSlots(nl, atoms, types));
        Var a = ManyBody.at(o, pr.cutoffA(), slot);
        Var c = ManyBody.at(o, pr.cutoffC(), slot);
        Var guard = o.scalarLike(r, GUARD);
        // coordination Z_i = Σ f(r_im)
        Var one = o.onesLike(r);
        Var below = o.lt(r, o.add(c, guard));
        Var beyond = o.gt(r, o.sub(a, guard));
        Var halfway = o.mul(o.add(a, c), o.scalarLike(r, 0.5));
        Var rm = o.where(below, halfway, o.where(beyond, halfway, r));      // finite input for the middle branch
        Var xx = o.div(o.sub(a, c), o.sub(rm, c));
        Var fz = o.exp(o.div(ManyBody.at(o, pr.alpha(), slot), o.sub(one, o.mul(o.square(xx), xx))));
        Var fzAll = o.where(below, one, o.where(beyond, o.zerosLike(r), fz));
        Var pairI = pairs.i();
        Var z = o.segmentSum(fzAll, pairI, atoms.size());
        Var zi = o.take(z, pairI, 0);
        // V2(r, Z_i) and the three-body legs, zero beyond a − 1e−6
        Var rs = o.where(beyond, o.mul(a, o.scalarLike(r, 0.5)), r);
        Var rainv = o.div(one, o.sub(rs, a));
        Var v1 = o.pow(o.div(ManyBody.at(o, pr.B(), slot), rs), ManyBody.at(o, pr.rho(), slot));
        Var v2 = o.exp(o.neg(o.mul(ManyBody.at(o, pr.beta(), slot), o.square(zi))));
        Var pair = o.mul(o.mul(ManyBody.at(o, pr.A(), slot), o.sub(v1, v2)), o.exp(o.mul(ManyBody.at(o, pr.sigma(), slot), rainv)));
        Var e2 = o.sum(o.where(beyond, o.zerosLike(r), pair));
        Var leg = o.where(beyond, o.zerosLike(r), o.exp(o.mul(ManyBody.at(o, pr.gamma(), slot), rainv)));
        int[][] ab = ManyBody.rowPairs(nl, false);
        if (ab[0].length == 0) return e2;
        Var ia = ManyBody.ints(o, ab[0]);
        Var ib = ManyBody.ints(o, ab[1]);
        Var k = ManyBody.ints(o, ManyBody.tripletSlots(nl, atoms, types, ab[0], ab[1]));
        Var zt = o.take(zi, ia, 0);
        Var cos = o.div(o.sum(o.mul(o.take(vec, ia, 0), o.take(vec, ib, 0)), 1), o.mul(o.take(rs, ia, 0), o.take(rs, ib, 0)));
        Var u4z = o.mul(ManyBody.at(o, pr.u4(), k), zt);
        Var u2 = ManyBody.at(o, pr.u2(), k);
        Var tau = o.add(ManyBody.at(o, pr.u1(), k),
                o.mul(u2, o.sub(o.mul(ManyBody.at(o, pr.u3(), k), o.exp(o.neg(u4z))), o.exp(o.mul(u4z, o.scalarLike(zt, -2))))));
        Var qz = o.mul(ManyBody.at(o, pr.Q0(), k), o.exp(o.neg(o.mul(ManyBody.at(o, pr.mu(), k), zt))));
        Var w = o.mul(qz, o.square(o.add(cos, tau)));
        Var hv = o.mul(ManyBody.at(o, pr.lambda(), k), o.add(o.sub(o.onesLike(w), o.exp(o.neg(w))), o.mul(ManyBody.at(o, pr.eta(), k), w)));
        Var e3 = o.sum(o.mul(o.mul(o.take(leg, ia, 0), o.take(leg, ib, 0)), hv));
        return o.add(e2, e3);
    }

    @Override
    public Object parameters(Ops o) {
        java.util.List<Var> rows = new java.util.ArrayList<>();
        for (double[] row : v) rows.add(ManyBody.param(o, row, types));
        return Params.of(rows);
    }

    /** The same potential with the values of {@code params} (a fitted {@link Params}). */
    public Edip withParameters(Ops o, Params params) {
        Var[] p = params.all();
        double[][] t = new double[FILE_PARAMETERS.size()][];
        for (int k = 0; k < p.length; k++) t[k] = ManyBody.values(o, p[k], types, "edip " + FILE_PARAMETERS.get(k));
        return new Edip(types, t);
    }
}
