package org.polymorph.materials.internal.potential;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code eam} (funcfl files, one per type) and {@code eam/alloy} (one setfl file): the
 * embedded-atom energy E = Σ_i F_i(ρ_i) + ½ Σ_{i≠j} φ_ij(r_ij), ρ_i = Σ_j ρ_j(r_ij), of Daw and
 * Baskes (PRB 29, 6443 (1984)), with r·φ tabulated as z2r (funcfl: z2r = 27.2·0.529·Z_i Z_j in
 * eV·Å, the constants hard-coded in pair_eam.cpp) and every table read through LAMMPS's own
 * resampling and cubic splines ({@link EamSpline}), so energies, forces and virials match LAMMPS
 * to rounding. Beyond the F table (ρ > ρmax) F continues linearly, as compute() does.
 * Parameters for fitting are the resampled grid values F [E, Nρ], ρ [E, Nr] and r·φ [E(E+1)/2, Nr].
 * <p>{@link SecondOrder} parameter vector p: those grid values flattened in that order (row by row, grid points 1..n),
 * as {@link #parameters}; each spline value or derivative is linear in six of them ({@link EamSpline#stencils}), so the
 * slopes are sparse. Products follow the splines on the current interval exactly (the r·φ, ρ and F cubics are only C¹:
 * the second derivative jumps at the knots, where the products take the interval compute() takes).
 */
public final class Eam implements Potential, SecondOrder, ForceTangents {
    /** Grid tables as Vars: F(ρ) [E, nrho] (eV), ρ(r) [E, nr], r·φ(r) [E(E+1)/2, nr] (eV·Å, lower triangle). */
    public record Params(Var frho, Var rhor, Var z2r) { }

    private final String style;
    private final List<String> elements;
    private final double[] masses;
    private final int[] elementOfType;
    private final int nrho;
    private final int nr;
    private final double drho;
    private final double dr;
    /** 1/Δr and 1/Δρ, so a lookup multiplies rather than divides. */
    private final double perDr;
    private final double perDrho;
    private final double rhomax;
    private final double cut;
    private final double[][] frho;
    private final double[][] rhor;
    private final double[][] z2r;
    private final EamSpline[] frhoSpline;
    private final EamSpline[] rhorSpline;
    private final EamSpline[] z2rSpline;
    private final Extended.Pool extended = new Extended.Pool();
    private final double[][] rStencil;
    private final double[][] rhoStencil;
    private final EmbeddedAtomProducts products;
    /** Mixed-row accumulators, zero when free, one per concurrent caller, reused from product to product. */
    private final java.util.concurrent.ConcurrentLinkedDeque<Moments> moments = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private Eam(String style, List<String> elements, double[] masses, int[] elementOfType, int nrho, double drho, int nr, double dr,
                double rhomax, double cut, double[][] frho, double[][] rhor, double[][] z2r) {
        this.style = style;
        this.elements = List.copyOf(elements);
        this.masses = masses;
        this.elementOfType = elementOfType;
        this.nrho = nrho;
        this.drho = drho;
        this.nr = nr;
        this.dr = dr;
        this.perDr = 1.0 / dr;
        this.perDrho = 1.0 / drho;
        this.rhomax = rhomax;
        this.cut = cut;
        this.frho = frho;
        this.rhor = rhor;
        this.z2r = z2r;
        frhoSpline = splines(frho, nrho, drho);
        rhorSpline = splines(rhor, nr, dr);
        z2rSpline = splines(z2r, nr, dr);
        rStencil = EamSpline.stencils(nr);
        rhoStencil = EamSpline.stencils(nrho);
        products = new EmbeddedAtomProducts(style, cut, new Terms(), 6);
    }

    /** This potential with its grid tables replaced by p (the {@link SecondOrder} order, as {@link #parameters}). */
    Eam withTables(double[] p) {
        if (p.length != parameterCount()) {
            throw new IllegalArgumentException(style + ": " + p.length + " table values; give " + parameterCount() + " (F, rho, r*phi grids)");
        }
        double[][] f = take0(p, 0, frho.length, nrho), rh = take0(p, frho.length * nrho, rhor.length, nr);
        double[][] z = take0(p, frho.length * nrho + rhor.length * nr, z2r.length, nr);
        return new Eam(style, elements, masses, elementOfType, nrho, drho, nr, dr, rhomax, cut, f, rh, z);
    }

    /** Rows [K][n+1] (1-based) from p[offset .. offset + K n), the inverse of {@link #drop0}. */
    private static double[][] take0(double[] p, int offset, int rows, int n) {
        double[][] t = new double[rows][n + 1];
        for (int k = 0; k < rows; k++) System.arraycopy(p, offset + k * n, t[k], 1, n);
        return t;
    }

    /** The grid tables as one vector, the {@link SecondOrder} order. */
    double[] tables() {
        double[] a = drop0(frho, nrho), b = drop0(rhor, nr), c = drop0(z2r, nr);
        double[] p = new double[a.length + b.length + c.length];
        System.arraycopy(a, 0, p, 0, a.length);
        System.arraycopy(b, 0, p, a.length, b.length);
        System.arraycopy(c, 0, p, a.length + b.length, c.length);
        return p;
    }

    /**
     * The family θ [3] ↦ this potential with its F, ρ and r·φ grid tables scaled by θ_0, θ_1 and θ_2 (θ = (1, 1, 1): this
     * one): p = tables ⊙ scale, so ∂p/∂θ [m × 3] holds the tables in their blocks and forward mode carries three tangents.
     */
    public FusedEnergy.Family tableScales() {
        double[] base = tables();
        int a = frho.length * nrho, b = a + rhor.length * nr;
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) {
                double[] p = base.clone();
                for (int k = 0; k < p.length; k++) p[k] *= theta[k < a ? 0 : k < b ? 1 : 2];
                return withTables(p);
            }

            @Override public Object params(Ops o, Var theta) {
                Params t = (Params) parameters(o);
                return new Params(o.mul(t.frho(), scale(o, theta, 0)), o.mul(t.rhor(), scale(o, theta, 1)), o.mul(t.z2r(), scale(o, theta, 2)));
            }

            private Var scale(Ops o, Var theta, int k) { return o.reshape(o.sliceAxis(theta, 0, k, k + 1), 1, 1); }

            @Override public double[] parameterJacobian(double[] theta) {
                double[] jac = new double[3 * base.length];
                for (int k = 0; k < base.length; k++) jac[3 * k + (k < a ? 0 : k < b ? 1 : 2)] = base[k];
                return jac;
            }
        };
    }

    @Override public int parameterCount() { return frho.length * nrho + (rhor.length + z2r.length) * nr; }

    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        check(atoms, nl);
        products.products(atoms, nl, new double[][] {dX}, dp == null ? null : new double[][] {dp}, new double[][] {outX}, outP);
    }

    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        check(atoms, nl);
        products.products(atoms, nl, dX, dp, outX, null);
    }

    /**
     * The force and k tangents' products in the two walks of the products ({@link EmbeddedAtomProducts#forceAndTangents}): the
     * ρ pass with ρ̇ and u of every tangent, then the force and the products, each pair's interval looked up once for all.
     */
    @Override
    public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        check(atoms, nl);
        products.forceAndTangents(atoms, nl, k, dT, dp, outT, forces);
    }

    /**
     * φ = z(r)/r (z = r·φ's spline), φ' = z'/r − z/r², φ'' = z''/r − 2z'/r² + 2z/r³; f_{l→i} = ρ_{el(l)}(r); F of the atom's
     * element with F'' = 0 beyond ρmax (the linear continuation). Slopes from the stencils: ∂(value)/∂f_{m+s} = W_s(p),
     * ∂(d/dx)/∂f_{m+s} = W'_s(p)/Δ.
     */
    private final class Terms implements EmbeddedAtomProducts.Terms {
        /** The splines are linear in their tables: the parts along ṗ are the splines of the tangent tables ṗ (the {@link #parameters} order). */
        @Override
        public EmbeddedAtomProducts.Tangents along(double[][] dp) { return new Tangents(dp); }

        @Override
        public EmbeddedAtomProducts.Row row() {
            Moments m = moments.pollFirst();
            return m != null ? m : new Moments();
        }

        @Override
        public void pair(int ti, int tl, double r, double[] out) {
            double p = r * perDr + 1.0;
            int m = Math.min((int) p, nr - 1);
            p -= m;
            boolean clamped = p > 1;
            if (clamped) p = 1;
            int ei = elementOfType[ti], el = elementOfType[tl];
            zSpline(ei, el).evaluate(m, p, clamped, true, out, 5);    // z, z', z'' through out[5..7], overwritten below
            double z = out[5], z1 = out[6], z2 = out[7], inv = 1 / r;
            out[0] = (z1 - z * inv) * inv;
            out[1] = (z2 - 2 * (z1 - z * inv) * inv) * inv;
            rhorSpline[el].evaluate(m, p, clamped, true, out, 2);
            if (ei == el) System.arraycopy(out, 2, out, 5, 3);   // one element: the same function both ways
            else rhorSpline[ei].evaluate(m, p, clamped, true, out, 5);
        }

        @Override
        public void pairSlopes(int ti, int tl, double r, EmbeddedAtomProducts.Slopes phi, EmbeddedAtomProducts.Slopes toI,
                               EmbeddedAtomProducts.Slopes toL) {
            double p = r * perDr + 1.0;
            int m = Math.min((int) p, nr - 1);
            p = Math.min(p - m, 1.0);
            int ei = elementOfType[ti], el = elementOfType[tl], rhoOff = frho.length * nrho, zOff = rhoOff + rhor.length * nr;
            double inv = 1 / r;
            slopes(phi, zOff + z2rRow(ei, el) * nr, m, nr, rStencil[m], p, dr);
            for (int k = 0; k < phi.count; k++) phi.value[k] = (phi.slope[k] - phi.value[k] * inv) * inv;
            slopes(toI, rhoOff + el * nr, m, nr, rStencil[m], p, dr);
            slopes(toL, rhoOff + ei * nr, m, nr, rStencil[m], p, dr);
        }

        @Override
        public void embedding(int t, double rho, double[] out) {
            double p = rho * perDrho + 1.0;
            int m = rhoInterval(rho);
            p -= m;
            boolean clamped = p > 1;
            EamSpline s = frhoSpline[elementOfType[t]];
            out[0] = s.derivative(m, Math.min(p, 1.0));
            out[1] = s.second(m, Math.min(p, 1.0), clamped);
        }

        @Override
        public void embeddingSlopes(int t, double rho, EmbeddedAtomProducts.Slopes out) {
            double p = rho * perDrho + 1.0;
            int m = rhoInterval(rho);
            p = Math.min(p - m, 1.0);
            slopes(out, elementOfType[t] * nrho, m, nrho, rhoStencil[m], p, drho);
            System.arraycopy(out.slope, 0, out.value, 0, out.count);   // ∂F'/∂F_q: the derivative's weights
        }

        /**
         * The table entries the cubic of interval m reads, as indices base + q − 1 (q = m−2..m+3 on the grid 1..n), with the
         * value's weights W_q(p) and the derivative's W'_q(p)/Δ from the interval's stencil [24].
         */
        private void slopes(EmbeddedAtomProducts.Slopes out, int base, int m, int n, double[] st, double p, double delta) {
            int c = 0;
            for (int s = -2; s <= 3; s++) {
                int q = m + s;
                if (q < 1 || q > n) continue;
                int o = 4 * (s + 2);
                out.index[c] = base + q - 1;
                out.value[c] = ((st[o] * p + st[o + 1]) * p + st[o + 2]) * p + st[o + 3];
                out.slope[c] = ((3 * st[o] * p + 2 * st[o + 1]) * p + st[o + 2]) / delta;
                c++;
            }
            out.count = c;
        }
    }

    private EamSpline zSpline(int ea, int eb) { return z2rSpline[z2rRow(ea, eb)]; }

    /**
     * The parts along B parameter tangents: the splines of each tangent's F, ρ and r·φ tables (none for a table that is zero,
     * as the tangent along one block of θ leaves the others). A pair reads the r·φ and ρ functions of its elements together
     * with their tangents' from one interleaved array per function ({@link Merged}), at one interval lookup for all. A tangent
     * whose tables are multiples of the potential's own (one constant for the F tables, one for the ρ tables, one for the r·φ
     * tables: the tangent of a table scale, {@link #tableScales}) has no splines of its own: its parts are its constants times
     * the potential's values ({@link #scales}), which the products read at no cost per pair.
     * Read-only once built: the products keep one for as long as the same ṗ come back, on whichever thread asks.
     */
    private final class Tangents implements EmbeddedAtomProducts.Tangents {
        private final int count;
        /** Tangent b's spline of F row k at [b·E + k]; null where zero or where F's part is a multiple of F'. */
        private final EamSpline[] f;
        /** Tangent b's F tables as a multiple of F's, c_F [B] (∂F'/∂p·ṗ_b = c_F F'), NaN where they are not one. */
        private final double[] fScale;
        /** ρ row k and r·φ row k with their nonzero tangents, interleaved. */
        private final Merged[] rho;
        private final Merged[] z;
        /** Whether tangent b has a nonzero ρ or r·φ table [B]. */
        private final boolean[] paired;
        /** {c_φ, c_f} of a tangent whose r·φ and ρ tables are multiples of the potential's [B] ({@link #scales}); null otherwise. */
        private final double[][] pairScale;

        Tangents(double[][] dp) {
            int a = frho.length * nrho, b = a + rhor.length * nr;
            count = dp.length;
            f = new EamSpline[count * frho.length];
            fScale = new double[count];
            pairScale = new double[count][];
            paired = new boolean[count];
            EamSpline[] rt = new EamSpline[count * rhor.length], zt = new EamSpline[count * z2r.length];
            for (int k = 0; k < count; k++) {
                fScale[k] = Double.NaN;
                if (dp[k] == null) continue;
                fScale[k] = factor(dp[k], 0, frho, nrho);
                if (Double.isNaN(fScale[k])) nonzero(splines(take0(dp[k], 0, frho.length, nrho), nrho, drho), f, k);
                double cRho = factor(dp[k], a, rhor, nr), cZ = factor(dp[k], b, z2r, nr);
                if (!Double.isNaN(cRho) && !Double.isNaN(cZ)) {
                    pairScale[k] = new double[] {cZ, cRho};
                    paired[k] = cZ != 0 || cRho != 0;
                    continue;
                }
                nonzero(splines(take0(dp[k], a, rhor.length, nr), nr, dr), rt, k);
                nonzero(splines(take0(dp[k], b, z2r.length, nr), nr, dr), zt, k);
            }
            rho = new Merged[rhor.length];
            for (int j = 0; j < rho.length; j++) rho[j] = new Merged(rhorSpline[j], rt, j, rhor.length, count);
            z = new Merged[z2r.length];
            for (int j = 0; j < z.length; j++) z[j] = new Merged(z2rSpline[j], zt, j, z2r.length, count);
            for (Merged mg : rho) for (int t : mg.which) paired[t] = true;
            for (Merged mg : z) for (int t : mg.which) paired[t] = true;
        }

        /**
         * c with d[offset + k·n + q − 1] = c·t[k][q] for every row k and grid point q = 1..n (to 1e-15 of the largest |d|: the
         * tables of θ·p against p rounded), 0 when those d are all zero, NaN when there is no such c.
         */
        private static double factor(double[] d, int offset, double[][] t, int n) {
            double dMax = 0, tMax = 0, c = 0;
            for (int k = 0; k < t.length; k++) {
                for (int q = 1; q <= n; q++) {
                    double dv = d[offset + k * n + q - 1], tv = Math.abs(t[k][q]);
                    dMax = Math.max(dMax, Math.abs(dv));
                    if (tv > tMax) {
                        tMax = tv;
                        c = dv / t[k][q];
                    }
                }
            }
            if (dMax == 0) return 0;
            if (tMax == 0) return Double.NaN;
            for (int k = 0; k < t.length; k++) {
                for (int q = 1; q <= n; q++) if (!(Math.abs(d[offset + k * n + q - 1] - c * t[k][q]) <= 1e-15 * dMax)) return Double.NaN;
            }
            return c;
        }

        @Override
        public double[] scales(int b) { return pairScale[b]; }

        /** Tangent k's splines s into their slots of {@code all}, those of an all-zero table left null. */
        private static void nonzero(EamSpline[] s, EamSpline[] all, int k) {
            for (int j = 0; j < s.length; j++) if (s[j].nonzero) all[k * s.length + j] = s[j];
        }

        /** {@link Terms#pair}'s values into {@code values} and the B tangents' parts into {@code out}, the same arithmetic. */
        @Override
        public void pair(int ti, int tl, double r, double[] values, double[] out) {
            double p = r * perDr + 1.0;
            int m = Math.min((int) p, nr - 1);
            p -= m;
            boolean clamped = p > 1;
            if (clamped) p = 1;
            int ei = elementOfType[ti], el = elementOfType[tl];
            double inv = 1 / r;
            Merged zs = z[z2rRow(ei, el)];
            int o = zs.stride * m;
            double[] c = zs.c;
            double c0 = c[o], c1 = c[o + 1];
            double zv = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
            double z1 = (c0 * p + c1) * p + c[o + 2];
            double z2 = clamped ? 0 : (2 * c0 * p + c1) * perDr;
            values[0] = (z1 - zv * inv) * inv;
            values[1] = (z2 - 2 * (z1 - zv * inv) * inv) * inv;
            for (int q = 0; q < zs.which.length; q++) {
                int t = o + 7 * (q + 1), at = 5 * zs.which[q];
                double tv = ((c[t + 3] * p + c[t + 4]) * p + c[t + 5]) * p + c[t + 6];
                double t1 = (c[t] * p + c[t + 1]) * p + c[t + 2];
                out[at] = (t1 - tv * inv) * inv;
            }
            for (int b : zs.absent) out[5 * b] = 0;
            density(rho[el], m, p, clamped, values, 2, out, 1);
            if (ei == el) {
                System.arraycopy(values, 2, values, 5, 3);   // one element: the same function both ways
                for (int b = 0, at = 0; b < count; b++, at += 5) {
                    out[at + 3] = out[at + 1];
                    out[at + 4] = out[at + 2];
                }
            } else {
                density(rho[ei], m, p, clamped, values, 5, out, 3);
            }
        }

        /** Value, d/dr and d²/dr² of the function into values[at..at+2], each tangent's value and d/dr into out[5b + to ..]. */
        private void density(Merged s, int m, double p, boolean clamped, double[] values, int at, double[] out, int to) {
            int o = s.stride * m;
            double[] c = s.c;
            double c0 = c[o], c1 = c[o + 1];
            values[at] = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
            values[at + 1] = (c0 * p + c1) * p + c[o + 2];
            values[at + 2] = clamped ? 0 : (2 * c0 * p + c1) * perDr;
            for (int q = 0; q < s.which.length; q++) {
                int t = o + 7 * (q + 1), b = 5 * s.which[q] + to;
                out[b] = ((c[t + 3] * p + c[t + 4]) * p + c[t + 5]) * p + c[t + 6];
                out[b + 1] = (c[t] * p + c[t + 1]) * p + c[t + 2];
            }
            for (int b : s.absent) {
                out[5 * b + to] = 0;
                out[5 * b + to + 1] = 0;
            }
        }

        @Override
        public boolean pairParts(int b) { return paired[b]; }

        @Override
        public void embedding(int t, double rhoValue, double[] out) {
            double p = rhoValue * perDrho + 1.0;
            int m = rhoInterval(rhoValue);
            p = Math.min(p - m, 1.0);
            int e = elementOfType[t];
            double own = frhoSpline[e].derivative(m, p);
            for (int b = 0; b < count; b++) {
                EamSpline s = f[b * frho.length + e];
                out[b] = !Double.isNaN(fScale[b]) ? fScale[b] * own : s == null ? 0 : s.derivative(m, p);
            }
        }
    }

    /**
     * One function's spline (a ρ row or an r·φ row) with the splines of its nonzero tangents, interleaved per interval: the
     * coefficients of interval m at stride·m, the function's seven ({@link EamSpline}'s layout) then each tangent's seven,
     * so a pair's lookup reads one stretch of memory for the function and all its tangents.
     */
    private static final class Merged {
        final double[] c;
        final int stride;
        /** The tangent b of each interleaved spline after the function's own, and the tangents that leave this function alone. */
        final int[] which;
        final int[] absent;

        /** {@code own}, and from {@code tangents} (tangent b's row j at [b·rows + j], null where zero) those of row j. */
        Merged(EamSpline own, EamSpline[] tangents, int j, int rows, int count) {
            int nt = 0;
            for (int b = 0; b < count; b++) if (tangents[b * rows + j] != null) nt++;
            which = new int[nt];
            absent = new int[count - nt];
            for (int b = 0, q = 0; b < count; b++) if (tangents[b * rows + j] == null) absent[q++] = b;
            EamSpline[] all = new EamSpline[nt + 1];
            all[0] = own;
            for (int b = 0, q = 0; b < count; b++) {
                if (tangents[b * rows + j] == null) continue;
                which[q] = b;
                all[++q] = tangents[b * rows + j];
            }
            stride = 7 * (nt + 1);
            c = new double[stride * (own.n + 1)];
            for (int m = 1; m <= own.n; m++) for (int q = 0; q <= nt; q++) all[q].interval(m, c, stride * m + 7 * q);
        }
    }

    /**
     * The mixed row by interval moments: a grid function's value and derivative on interval m at fraction p are Σ_s W_s(p) f_{m+s}
     * and Σ_s W'_s(p)/Δ f_{m+s} with cubic stencil weights W_s(p) = ((w3 p + w4) p + w5) p + w6, so a pair's c W_s + c' W'_s/Δ is
     * w3 (c p³ + 3c̃ p²) + w4 (c p² + 2c̃ p) + w5 (c p + c̃) + w6 c with c̃ = c'/Δ: each pair adds those four moments to its interval's,
     * and the stencils spread the moments onto the table entries once, at the end.
     */
    private final class Moments implements EmbeddedAtomProducts.Row {
        // per table row and interval m, at 4m + j (j = 0..3): the moment that w_{6−j} multiplies
        private final double[][] f = new double[frho.length][4 * (nrho + 1)];
        private final double[][] rh = new double[rhor.length][4 * (nr + 1)];
        private final double[][] z = new double[z2r.length][4 * (nr + 1)];

        /** Adds a pair's value weight c and slope weight c̃ = c'/Δ (already over Δ) at fraction p of interval m. */
        private static void add(double[] mom, int m, double p, double c, double cSlope) {
            int o = 4 * m;
            double cp = c * p;
            mom[o] += c;
            mom[o + 1] += cp + cSlope;
            mom[o + 2] += (cp + 2 * cSlope) * p;
            mom[o + 3] += (cp + 3 * cSlope) * p * p;
        }

        @Override
        public void pair(int ti, int tl, double r, double inv, double cPhi, double cToI, double cToISlope, double cToL, double cToLSlope) {
            double p = r * perDr + 1.0;
            int m = Math.min((int) p, nr - 1);
            p = Math.min(p - m, 1.0);
            int ei = elementOfType[ti], el = elementOfType[tl];
            add(z[z2rRow(ei, el)], m, p, -cPhi * inv * inv, cPhi * inv * perDr);      // φ' = (z' − z/r)/r
            if (ei == el) {
                add(rh[el], m, p, cToI + cToL, (cToISlope + cToLSlope) * perDr);       // one element: one function both ways
            } else {
                add(rh[el], m, p, cToI, cToISlope * perDr);
                add(rh[ei], m, p, cToL, cToLSlope * perDr);
            }
        }

        @Override
        public void embedding(int t, double rho, double cF) {
            double p = rho * perDrho + 1.0;
            int m = rhoInterval(rho);
            p = Math.min(p - m, 1.0);
            add(f[elementOfType[t]], m, p, 0, cF * perDrho);              // F' = Σ W'_s(p)/Δ F_{m+s}
        }

        /** Adds the sum to outP, zeroes the moments and gives this accumulator back for the next product. */
        @Override
        public void addTo(double[] outP) {
            int rhoOff = frho.length * nrho, zOff = rhoOff + rhor.length * nr;
            for (int k = 0; k < f.length; k++) spread(f[k], k * nrho, nrho, rhoStencil, outP);
            for (int k = 0; k < rh.length; k++) spread(rh[k], rhoOff + k * nr, nr, rStencil, outP);
            for (int k = 0; k < z.length; k++) spread(z[k], zOff + k * nr, nr, rStencil, outP);
            if (moments.size() < 8) moments.addFirst(this);
        }

        /** outP[base + q − 1] += Σ_m Σ_j w_{3+j} moment_j over the entries q = m + s that interval m reads; the moments read are zeroed. */
        private static void spread(double[] mom, int base, int n, double[][] stencil, double[] outP) {
            for (int m = 1; m <= n; m++) {
                int o = 4 * m;
                double m0 = mom[o], m1 = mom[o + 1], m2 = mom[o + 2], m3 = mom[o + 3];
                if (m0 == 0 && m1 == 0 && m2 == 0 && m3 == 0) continue;
                java.util.Arrays.fill(mom, o, o + 4, 0);
                double[] st = stencil[m];
                for (int s = -2; s <= 3; s++) {
                    int q = m + s;
                    if (q < 1 || q > n) continue;
                    int w = 4 * (s + 2);
                    outP[base + q - 1] += st[w] * m3 + st[w + 1] * m2 + st[w + 2] * m1 + st[w + 3] * m0;
                }
            }
        }
    }

    private static EamSpline[] splines(double[][] t, int n, double d) {
        EamSpline[] s = new EamSpline[t.length];
        for (int k = 0; k < t.length; k++) s[k] = new EamSpline(t[k], n, d);
        return s;
    }

    /** {@code pair_style eam; pair_coeff i i file_i}: one funcfl file per structure type, in type order. */
    public static Eam funcfl(Path... filePerType) {
        if (filePerType.length == 0) throw new IllegalArgumentException("eam: no funcfl file; give one file per type");
        EamFile.Funcfl[] f = new EamFile.Funcfl[filePerType.length];
        double dr = 0, drho = 0, rmax = 0, rhomax = 0, cut = 0;
        for (int i = 0; i < f.length; i++) {
            f[i] = EamFile.funcfl(filePerType[i]);
            dr = Math.max(dr, f[i].dr());
            drho = Math.max(drho, f[i].drho());
            rmax = Math.max(rmax, (f[i].nr() - 1) * f[i].dr());
            rhomax = Math.max(rhomax, (f[i].nrho() - 1) * f[i].drho());
            cut = Math.max(cut, f[i].cut());
        }
        int nr = (int) (rmax / dr + 0.5);        // file2array: "0.5 is for round-off in divide"
        int nrho = (int) (rhomax / drho + 0.5);
        int ne = f.length;
        double[][] frho = new double[ne][];
        double[][] rhor = new double[ne][];
        double[][] z2r = new double[ne * (ne + 1) / 2][];
        double[][] zr = new double[ne][];
        double[] masses = new double[ne];
        int[] map = new int[ne];
        String[] names = new String[ne];
        for (int i = 0; i < ne; i++) {
            frho[i] = EamSpline.regrid(f[i].frho(), f[i].nrho(), f[i].drho(), nrho, drho);
            rhor[i] = EamSpline.regrid(f[i].rhor(), f[i].nr(), f[i].dr(), nr, dr);
            zr[i] = EamSpline.regrid(f[i].zr(), f[i].nr(), f[i].dr(), nr, dr);
            masses[i] = f[i].mass();
            map[i] = i;
            names[i] = f[i].file();
        }
        for (int i = 0, n = 0; i < ne; i++) {
            for (int j = 0; j <= i; j++, n++) {
                z2r[n] = new double[nr + 1];
                for (int m = 1; m <= nr; m++) z2r[n][m] = 27.2 * 0.529 * zr[i][m] * zr[j][m];
            }
        }
        return new Eam("eam", List.of(names), masses, map, nrho, drho, nr, dr, rhomax, cut, frho, rhor, z2r);
    }

    /** {@code pair_style eam/alloy; pair_coeff * * file el_1 ... el_T}: the file's element for each structure type. */
    public static Eam setfl(Path file, String... elementPerType) {
        EamFile.Setfl s = EamFile.setfl(file);
        if (elementPerType.length == 0) throw new IllegalArgumentException("eam/alloy: no elements; give the element of each type, e.g. " + s.elements());
        int[] map = new int[elementPerType.length];
        for (int t = 0; t < map.length; t++) {
            map[t] = s.elements().indexOf(elementPerType[t]);
            if (map[t] < 0) {
                throw new IllegalArgumentException("eam/alloy: element \"" + elementPerType[t] + "\" of type " + t + " is not in " + file
                        + "; it has " + s.elements());
            }
        }
        return new Eam("eam/alloy", s.elements(), s.masses(), map, s.nrho(), s.drho(), s.nr(), s.dr(), (s.nrho() - 1) * s.drho(),
                s.cut(), s.frho(), s.rhor(), s.z2r());
    }

    @Override public String style() { return style; }
    @Override public double cutoff() { return cut; }
    @Override public boolean needsFullList() { return false; }

    /** The file's elements (setfl) or files (funcfl), and their masses (amu). */
    public List<String> elements() { return elements; }

    public double[] masses() { return masses.clone(); }

    private int z2rRow(int ea, int eb) {
        int hi = Math.max(ea, eb);
        return hi * (hi + 1) / 2 + Math.min(ea, eb);
    }

    private void check(Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(style, atoms, elementOfType.length);
        PairSum.checkHalf(style, nl);
    }

    /** Interval m (1-based) of r on the r grid, as compute(). */
    private int rInterval(double r) { return Math.min((int) (r * perDr + 1.0), nr - 1); }

    private int rhoInterval(double rho) { return Math.max(1, Math.min((int) (rho * perDrho + 1.0), nrho - 1)); }

    /**
     * LAMMPS's pair_eam compute over the list's ghost atoms: densities of the atoms and their ghosts
     * from each pair once, the ghosts' densities added to their owners', F'(ρ) copied back to the
     * ghosts, then the pair forces on the extended atoms, folded onto their owners; virial Σ x ⊗ f.
     */
    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        int n = atoms.size();
        int[] local = nl.ghosts().local();
        int[] offsets = nl.offsets();
        double rc2 = cut * cut;
        double rdr = perDr;
        try (Extended ex = extended.take(atoms, nl)) {
            int m = ex.size();
            double[] x = ex.x, y = ex.y, z = ex.z;
            int[] el = ex.types(atoms);   // element of each extended atom
            for (int l = 0; l < m; l++) el[l] = elementOfType[el[l]];
            double[] rho = new double[m];
            for (int i = 0; i < n; i++) {
                for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                    int l = local[k];
                    double dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    if (r2 == 0) throw PairSum.overlap(style, i, ex.atom(l));
                    double p = Math.sqrt(r2) * rdr + 1.0;
                    int mm = Math.min((int) p, nr - 1);
                    p = Math.min(p - mm, 1.0);
                    double fromL = rhorSpline[el[l]].value(mm, p);
                    rho[i] += fromL;
                    rho[l] += el[l] == el[i] ? fromL : rhorSpline[el[i]].value(mm, p);   // one element: the same function
                }
            }
            for (int l = n; l < m; l++) rho[ex.atom(l)] += rho[l];
            double[] fp = new double[m];
            double e = 0;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(rho[i])) throw new IllegalStateException(style + ": density of atom " + i + " is " + rho[i] + "; check its position");
                double p = rho[i] * perDrho + 1.0;
                int mm = rhoInterval(rho[i]);
                p = Math.min(p - mm, 1.0);
                EamSpline s = frhoSpline[el[i]];
                fp[i] = s.derivative(mm, p);
                double phi = s.value(mm, p);
                if (rho[i] > rhomax) phi += fp[i] * (rho[i] - rhomax);
                e += phi;
            }
            for (int l = n; l < m; l++) fp[l] = fp[ex.atom(l)];
            double[] fx = ex.fx, fy = ex.fy, fz = ex.fz;
            double pair = 0;
            for (int i = 0; i < n; i++) {
                int ei = el[i];
                double fxi = 0, fyi = 0, fzi = 0;
                for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                    int l = local[k];
                    double dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    double r = Math.sqrt(r2);
                    double p = r * rdr + 1.0;
                    int mm = Math.min((int) p, nr - 1);
                    p = Math.min(p - mm, 1.0);
                    int ej = el[l];
                    double rhoip = rhorSpline[ei].derivative(mm, p);
                    double rhojp = ej == ei ? rhoip : rhorSpline[ej].derivative(mm, p);
                    EamSpline zs = z2rSpline[z2rRow(ei, ej)];
                    double recip = 1.0 / r;
                    double phi = zs.value(mm, p) * recip;
                    double phip = zs.derivative(mm, p) * recip - phi * recip;
                    double fOverR = -(fp[i] * rhojp + fp[l] * rhoip + phip) * recip;   // force on l along r_il / r
                    pair += phi;
                    double gx = fOverR * dx, gy = fOverR * dy, gz = fOverR * dz;
                    fx[l] += gx;
                    fy[l] += gy;
                    fz[l] += gz;
                    fxi -= gx;
                    fyi -= gy;
                    fzi -= gz;
                }
                fx[i] += fxi;
                fy[i] += fyi;
                fz[i] += fzi;
            }
            e += pair;
            if (!Double.isFinite(e)) throw new IllegalStateException(style + ": energy is " + e + "; a pair at r = 0 (overlapping atoms)?");
            return new Evaluation(e, ex.forces(), ex.virial());
        }
    }

    private int elem(Atoms atoms, int i) { return elementOfType[atoms.type(i)]; }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        Params prm = (Params) params;
        int n = atoms.size();
        int[] pi = nl.pairI();
        int[] pj = nl.pairJ();
        int np = pi.length;
        Var r = PairSum.distances(o, positions, cell, nl);
        double[] rv = o.tensors().toDoubleArray(r.value());
        int[] m = new int[np];
        int[] rowI = new int[np];
        int[] rowJ = new int[np];
        int[] rowZ = new int[np];
        double[] mv = new double[np];
        for (int k = 0; k < np; k++) {
            m[k] = rv[k] < cut ? rInterval(rv[k]) : 1;
            mv[k] = m[k];
            rowI[k] = elem(atoms, pi[k]);
            rowJ[k] = elem(atoms, pj[k]);
            rowZ[k] = z2rRow(rowI[k], rowJ[k]);
        }
        Var in = PairSum.inside(o, r, cut);
        Var rs = PairSum.safe(o, r, in, dr);
        Var p = o.minimum(o.sub(o.add(o.mul(rs, o.scalarLike(rs, 1.0 / dr)), o.scalarLike(rs, 1.0)), o.constant(mv, np)), o.scalarLike(rs, 1.0));
        Var zero = o.zerosLike(r);
        Var toI = o.where(in, EamSpline.eval(o, prm.rhor(), nr, p, rowJ, m, dr, false), zero);
        Var toJ = o.where(in, EamSpline.eval(o, prm.rhor(), nr, p, rowI, m, dr, false), zero);
        Var rho = o.add(o.segmentSum(toI, o.constant(o.tensors().fromArray(pi, np)), n), o.segmentSum(toJ, o.constant(o.tensors().fromArray(pj, np)), n));
        Var phi = o.where(in, o.div(EamSpline.eval(o, prm.z2r(), nr, p, rowZ, m, dr, false), rs), zero);
        return o.add(o.sum(phi), o.sum(embedding(o, prm.frho(), rho, atoms)));
    }

    /** F_i(ρ_i) [N], with the linear continuation above ρmax. */
    private Var embedding(Ops o, Var table, Var rho, Atoms atoms) {
        int n = atoms.size();
        double[] rhov = o.tensors().toDoubleArray(rho.value());
        int[] m = new int[n];
        int[] row = new int[n];
        double[] mv = new double[n];
        boolean above = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(rhov[i])) throw new IllegalStateException(style + ": density of atom " + i + " is " + rhov[i]);
            m[i] = rhoInterval(rhov[i]);
            mv[i] = m[i];
            row[i] = elem(atoms, i);
            above |= rhov[i] > rhomax;
        }
        Var p = o.minimum(o.sub(o.add(o.mul(rho, o.scalarLike(rho, 1.0 / drho)), o.scalarLike(rho, 1.0)), o.constant(mv, n)), o.scalarLike(rho, 1.0));
        Var f = EamSpline.eval(o, table, nrho, p, row, m, drho, false);
        if (!above) return f;

        Var slope = EamSpline.eval(o, table, nrho, p, row, m, drho, true);
        Var excess = o.maximum(o.sub(rho, o.scalarLike(rho, rhomax)), o.zerosLike(rho));
        return o.add(f, o.mul(slope, excess));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(drop0(frho, nrho), frho.length, nrho), o.constant(drop0(rhor, nr), rhor.length, nr),
                o.constant(drop0(z2r, nr), z2r.length, nr));
    }

    /** Rows of 1-based tables [K][n+1] flattened without index 0 [K*n]. */
    private static double[] drop0(double[][] t, int n) {
        double[] out = new double[t.length * n];
        for (int k = 0; k < t.length; k++) System.arraycopy(t[k], 1, out, k * n, n);
        return out;
    }
}
