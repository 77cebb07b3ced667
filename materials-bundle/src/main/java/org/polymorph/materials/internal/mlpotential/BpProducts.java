package org.polymorph.materials.internal.mlpotential;

import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * The Behler–Parrinello energy one order up ({@link org.polymorph.materials.potential.SecondOrder}): for B tangents
 * (Ẋ_b [3(N + G)] of the extended positions, ṗ_b [m] of the weights) the products ∂²Ẽ/∂X²·Ẋ_b + ∂²Ẽ/∂X∂p·ṗ_b, and
 * optionally ∂²Ẽ/∂p∂X·Ẋ. Forward over reverse by hand, row by row of the full list as {@link BpKernel}'s energy
 * E_i = e₀ + s·MLP((G_i − μ)/σ) is a function of row i alone:
 * <ol>
 * <li>pass 1 over atom i's entries and triplets: G_i [K], the descriptor tangents Ġ_i,b = (∂G_i/∂X)·Ẋ_b and the radial
 * functions' first and second derivatives (kept per entry);</li>
 * <li>the MLP's forward and backward pass (c_i = ∂E_i/∂G_i [K]) and its tangent along (Ġ_i,b, ṗ_b) (ċ_i,b [K]);
 * with a parameter row asked for, the tangent of ∂E_i/∂p along Ġ_i;</li>
 * <li>pass 2: the tangents of ∂E_i/∂r_e = Σ_q c_iq ∂G_iq/∂r_e per entry vector r_e = X_l − X_i, that is
 * Σ_q ċ_iq,b ∂G_iq/∂r_e + Σ_q c_iq (∂²G_iq/∂r_e∂r_e')·ṙ_e',b, which go to the extended atoms (out_l += ·, out_i −= ·).</li>
 * </ol>
 * G⁴ (Behler, J. Chem. Phys. 134, 074106 (2011), eq. 8) is written as T_q = k_q P_q(cos θ) X_q(r²) F(a, b, c) of the
 * four scalars (a = r_ij, b = r_ik, c = r_jk, cos θ_jik), k_q = 2^{1−ζ}, P = (1 + λ cos)^ζ, X = exp(−η(a² + b² + c²)),
 * F = f_c(a) f_c(b) f_c(c); its gradient and the gradient's tangent are formed in those scalars (summed over q with the
 * weights c_q, ċ_q) and mapped to the entry vectors once per triplet. The fixed core repulsion adds its pair terms.
 * Pass 2 reuses pass 1's per-triplet exponentials, powers and cutoff values, so that one product costs about one force
 * evaluation of {@link BpKernel}, and each further tangent of a batch only its contractions. Lengths Å, energies eV.
 */
final class BpProducts {
    private final double rc;
    private final double[][] radial;
    private final double[][] angular;
    private final double[][] w;       // per Dense layer: w [in * units], row-major
    private final double[][] b;       // per Dense layer: b [units]
    private final int[] widths;       // input K, hidden..., 1
    private final double[] spread;
    private final double scale;
    private final double[] core;
    private final double[] mean;
    private final int[] offW;         // where each layer's kernel and bias start in the parameter vector
    private final int[] offB;
    private final int parameters;
    private final int[] zeta;         // ζ_q of each G⁴ function
    private final double[] kz;        // 2^{1−ζ_q}

    BpProducts(SymmetryFunctions sf, double[][] w, double[][] b, int[] widths, double[] mean, double[] spread, double scale, double[] core) {
        this.rc = sf.cutoff();
        this.radial = sf.radial();
        this.angular = sf.angular();
        this.w = w;
        this.b = b;
        this.widths = widths;
        this.mean = mean;
        this.spread = spread;
        this.scale = scale;
        this.core = core;
        this.offW = new int[w.length];
        this.offB = new int[w.length];
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            offW[l] = at;
            at += w[l].length;
            offB[l] = at;
            at += b[l].length;
        }
        this.parameters = at;
        this.zeta = new int[angular.length];
        this.kz = new double[angular.length];
        for (int q = 0; q < angular.length; q++) {
            zeta[q] = (int) angular[q][0];
            kz[q] = Math.pow(2, 1 - angular[q][0]);
        }
    }

    /** m: every layer's kernel (row-major [in, out]) then its bias, layer by layer. */
    int parameterCount() { return parameters; }

    /**
     * outX[t] += ∂²Ẽ/∂X²·dX[t] + ∂²Ẽ/∂X∂p·dp[t] for every tangent t (dp or dp[t] null: no parameter tangent) and, when
     * {@code outP} is not null (one tangent, no parameter tangent), outP += ∂²Ẽ/∂p∂X·dX[0].
     */
    void products(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX, double[] outP) {
        Ghosts g = nl.ghosts();
        int ext = g.extended();
        int nt = dX.length;
        for (int t = 0; t < nt; t++) {
            if (dX[t].length != 3 * ext || outX[t].length != 3 * ext) {
                throw new IllegalArgumentException("nn/bp: tangent " + t + " and its product have " + dX[t].length + " and " + outX[t].length
                        + " components; the list's " + ext + " extended atoms need " + 3 * ext);
            }
            if (dp != null && dp[t] != null && dp[t].length != parameters) {
                throw new IllegalArgumentException("nn/bp: parameter tangent " + t + " has " + dp[t].length + " entries; the network has " + parameters
                        + " weights and biases");
            }
        }
        if (outP != null && (outP.length != parameters || nt != 1 || dp != null && dp[0] != null)) {
            throw new IllegalArgumentException("nn/bp: the parameter row needs one tangent without a parameter part and " + parameters + " entries, got "
                    + nt + " tangents and " + outP.length + " entries");
        }
        double[] x = new double[ext], y = new double[ext], z = new double[ext];
        g.positions(atoms, x, y, z);
        new Walk(nl.maxNeighbors(), nt, dp).run(atoms.size(), nl, g.local(), x, y, z, dX, outX, outP);
    }

    private double fc(double r) { return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0; }

    private double dfc(double r) { return r < rc ? -0.5 * Math.PI / rc * Math.sin(Math.PI * r / rc) : 0; }

    private double ddfc(double r) { return r < rc ? -0.5 * (Math.PI / rc) * (Math.PI / rc) * Math.cos(Math.PI * r / rc) : 0; }

    /** The work arrays of one call: atom i's short list and tangents, the MLP's activations and their tangents. */
    private final class Walk {
        final int nt;
        final double[][] dp;
        final double[] dx, dy, dz, r;          // entry vectors r_e [m] and lengths
        final int[] loc;                       // extended index of each entry
        final double[][] tx, ty, tz, rdot;     // [tangent][entry]: ṙ_e and the length's tangent
        final double[][] gx, gy, gz;           // [tangent][entry]: the product on r_e
        final double[] d1, d2;                 // radial functions' φ' and φ'' [entry * Kr]
        final double[] f0, f1, f2;             // f_c, f_c', f_c'' of each entry's length
        double[] tc, tf, tq;                   // per pair of entries τ: r_jk; f_c(r_jk), f_c', f_c''; k_q X_q, P_q, P_q', P_q'' [τ * 4Ka]
        final double[] g;                      // G_i [K]
        final double[][] dg;                   // Ġ_i [tangent][K]
        final double[] c;                      // ∂E_i/∂G_i [K]
        final double[][] dc;                   // its tangents
        final double[][] act, delta;           // a^l [layer][width] (a^0 the normalised input), δ^l = ∂out/∂z^l
        final double[][] dact, ddelta;         // their tangents (one tangent at a time)
        final double[] ga;                     // ∂out/∂a^l scratch
        final double[] dga;
        final double[] cosDot, aDot, bDot, cDot;    // a triplet's scalar tangents [tangent]
        final double[] gsDot;                       // Σ_q c_q ġ_σ,q + Σ_q ċ_q g_σ,q [tangent * 4], σ = cos, a, b, c
        final double[] va = new double[3], vb = new double[3], vc = new double[3];   // a triplet's r_ij, r_ik, r_jk by component
        final double[][] tan = new double[3][], out = new double[3][];               // one tangent's ṙ and product arrays by component

        Walk(int capacity, int nt, double[][] dp) {
            int m = Math.max(1, capacity);
            int k = radial.length + angular.length;
            this.nt = nt;
            this.dp = dp;
            dx = new double[m];
            dy = new double[m];
            dz = new double[m];
            r = new double[m];
            loc = new int[m];
            tx = new double[nt][m];
            ty = new double[nt][m];
            tz = new double[nt][m];
            rdot = new double[nt][m];
            gx = new double[nt][m];
            gy = new double[nt][m];
            gz = new double[nt][m];
            f0 = new double[m];
            f1 = new double[m];
            f2 = new double[m];
            tc = new double[0];
            tf = new double[0];
            tq = new double[0];
            d1 = new double[m * Math.max(1, radial.length)];
            d2 = new double[m * Math.max(1, radial.length)];
            g = new double[k];
            dg = new double[nt][k];
            c = new double[k];
            dc = new double[nt][k];
            int layers = w.length;
            act = new double[layers][];
            delta = new double[layers][];
            dact = new double[layers][];
            ddelta = new double[layers][];
            int widest = 0;
            for (int l = 0; l < layers; l++) {
                act[l] = new double[widths[l]];
                dact[l] = new double[widths[l]];
                delta[l] = new double[widths[l + 1]];
                ddelta[l] = new double[widths[l + 1]];
                widest = Math.max(widest, widths[l]);
            }
            ga = new double[widest];
            dga = new double[widest];
            cosDot = new double[nt];
            aDot = new double[nt];
            bDot = new double[nt];
            cDot = new double[nt];
            gsDot = new double[4 * nt];
        }

        void run(int n, NeighborList nl, int[] local, double[] x, double[] y, double[] z, double[][] dX, double[][] outX, double[] outP) {
            if (n != nl.atoms()) throw new IllegalArgumentException("nn/bp: the list has " + nl.atoms() + " atoms, the structure " + n);
            for (int i = 0; i < nl.atoms(); i++) {
                int m = load(i, nl, local, x, y, z, dX);
                if (m == 0) continue;
                descriptors(m);
                network(outP);
                gradients(m);
                for (int t = 0; t < nt; t++) {
                    double[] o = outX[t];
                    double sx = 0, sy = 0, sz = 0;
                    for (int e = 0; e < m; e++) {
                        int l = 3 * loc[e];
                        o[l] += gx[t][e];
                        o[l + 1] += gy[t][e];
                        o[l + 2] += gz[t][e];
                        sx += gx[t][e];
                        sy += gy[t][e];
                        sz += gz[t][e];
                    }
                    o[3 * i] -= sx;
                    o[3 * i + 1] -= sy;
                    o[3 * i + 2] -= sz;
                }
            }
        }

        /** Atom i's entries within r_c and their tangents; returns their number. */
        private int load(int i, NeighborList nl, int[] local, double[] x, double[] y, double[] z, double[][] dX) {
            int m = 0;
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int l = local[e];
                double ex = x[l] - x[i], ey = y[l] - y[i], ez = z[l] - z[i];
                double d = Math.sqrt(ex * ex + ey * ey + ez * ez);
                if (d >= rc) continue;
                if (d == 0) throw new ArithmeticException("nn/bp: atom " + i + " and extended atom " + l + " overlap (distance 0)");
                dx[m] = ex;
                dy[m] = ey;
                dz[m] = ez;
                r[m] = d;
                loc[m] = l;
                f0[m] = fc(d);
                f1[m] = dfc(d);
                f2[m] = ddfc(d);
                for (int t = 0; t < nt; t++) {
                    double[] v = dX[t];
                    double ux = v[3 * l] - v[3 * i], uy = v[3 * l + 1] - v[3 * i + 1], uz = v[3 * l + 2] - v[3 * i + 2];
                    tx[t][m] = ux;
                    ty[t][m] = uy;
                    tz[t][m] = uz;
                    rdot[t][m] = (ex * ux + ey * uy + ez * uz) / d;
                    gx[t][m] = 0;
                    gy[t][m] = 0;
                    gz[t][m] = 0;
                }
                m++;
            }
            return m;
        }

        /** Pass 1: G_i, Ġ_i and the radial derivatives. */
        private void descriptors(int m) {
            int kr = radial.length;
            java.util.Arrays.fill(g, 0);
            for (int t = 0; t < nt; t++) java.util.Arrays.fill(dg[t], 0);
            for (int e = 0; e < m; e++) {
                double ra = r[e], f = f0[e], df = f1[e], ddf = f2[e];
                for (int q = 0; q < kr; q++) {
                    double eta = radial[q][0], u = ra - radial[q][1];
                    double ex = Math.exp(-eta * u * u);
                    double de = -2 * eta * u;                            // (ln ex)'
                    double p1 = ex * (de * f + df);                      // φ'
                    double p2 = ex * ((de * de - 2 * eta) * f + 2 * de * df + ddf);   // φ''
                    d1[e * kr + q] = p1;
                    d2[e * kr + q] = p2;
                    g[q] += ex * f;
                    for (int t = 0; t < nt; t++) dg[t][q] += p1 * rdot[t][e];
                }
            }
            if (angular.length == 0) return;
            int pairs = m * (m - 1) / 2;
            if (tc.length < pairs) {
                tc = new double[pairs];
                tf = new double[3 * pairs];
                tq = new double[4 * angular.length * pairs];
            }
            for (int e1 = 0, tau = 0; e1 < m; e1++) {
                for (int e2 = e1 + 1; e2 < m; e2++) triplet(e1, e2, tau++, true);
            }
        }

        /**
         * One triplet (entries e1, e2, the τ-th pair of the row) of the centre atom. Pass 1 ({@code first}): adds T_q to G
         * and Σ_σ g_σ,q σ̇ to Ġ, and keeps c = r_jk, f_c(c) and its derivatives and k_q X_q, P_q, P_q', P_q'' for pass 2.
         * Pass 2: adds to the entries' products the tangent of Σ_q c_q ∂T_q/∂(r_e1, r_e2) along (ṙ_e1, ṙ_e2) and (ċ_q).
         */
        private void triplet(int e1, int e2, int tau, boolean first) {
            double vax = dx[e1], vay = dy[e1], vaz = dz[e1], vbx = dx[e2], vby = dy[e2], vbz = dz[e2];
            double vcx = vbx - vax, vcy = vby - vay, vcz = vbz - vaz;            // r_jk
            double cc;
            if (first) {
                cc = Math.sqrt(vcx * vcx + vcy * vcy + vcz * vcz);
                tc[tau] = cc;
            } else {
                cc = tc[tau];
            }
            if (cc >= rc) return;
            double a = r[e1], bb = r[e2];
            double ab = a * bb;
            double cos = (vax * vbx + vay * vby + vaz * vbz) / ab;
            double fa = f0[e1], fb = f0[e2], dfa = f1[e1], dfb = f1[e2];
            double fcc, dfcc;
            int ka = angular.length, at = tau * 4 * ka;
            if (first) {
                fcc = fc(cc);
                dfcc = dfc(cc);
                tf[3 * tau] = fcc;
                tf[3 * tau + 1] = dfcc;
                tf[3 * tau + 2] = ddfc(cc);
            } else {
                fcc = tf[3 * tau];
                dfcc = tf[3 * tau + 1];
            }
            double f = fa * fb * fcc;
            double fA = dfa * fb * fcc, fB = fa * dfb * fcc, fC = fa * fb * dfcc;        // ∂F/∂a, ∂F/∂b, ∂F/∂c
            for (int t = 0; t < nt; t++) {
                double[] ux = tx[t], uy = ty[t], uz = tz[t];
                double ad = rdot[t][e1], bd = rdot[t][e2];
                double wx = ux[e2] - ux[e1], wy = uy[e2] - uy[e1], wz = uz[e2] - uz[e1];
                aDot[t] = ad;
                bDot[t] = bd;
                cDot[t] = (vcx * wx + vcy * wy + vcz * wz) / cc;
                cosDot[t] = (ux[e1] * vbx + uy[e1] * vby + uz[e1] * vbz + vax * ux[e2] + vay * uy[e2] + vaz * uz[e2]) / ab - cos * (ad / a + bd / bb);
            }
            int kr = radial.length;
            if (first) {
                double r2 = a * a + bb * bb + cc * cc;
                for (int q = 0; q < ka; q++) {
                    double lambda = angular[q][1], eta = angular[q][2];
                    double base = 1 + lambda * cos;
                    int zi = zeta[q];
                    double pz = power(base, zi), p1 = zi * lambda * power(base, zi - 1), p2 = zi * (zi - 1) * power(base, zi - 2);   // λ² = 1
                    double kx = kz[q] * Math.exp(-eta * r2);
                    int s = at + 4 * q;
                    tq[s] = kx;
                    tq[s + 1] = pz;
                    tq[s + 2] = p1;
                    tq[s + 3] = p2;
                    g[kr + q] += kx * pz * f;
                    double gcos = kx * p1 * f, ga0 = kx * pz * (fA - 2 * eta * a * f), gb0 = kx * pz * (fB - 2 * eta * bb * f),
                            gc0 = kx * pz * (fC - 2 * eta * cc * f);
                    for (int t = 0; t < nt; t++) dg[t][kr + q] += gcos * cosDot[t] + ga0 * aDot[t] + gb0 * bDot[t] + gc0 * cDot[t];
                }
                return;
            }
            double ddfa = f2[e1], ddfb = f2[e2], ddfcc = tf[3 * tau + 2];
            double gCos = 0, gA = 0, gB = 0, gC = 0;                 // Σ_q c_q g_σ,q
            java.util.Arrays.fill(gsDot, 0, 4 * nt, 0);
            for (int q = 0; q < ka; q++) {
                double cq = c[kr + q];
                double eta = angular[q][2];
                int s = at + 4 * q;
                double kx = tq[s], pz = tq[s + 1], p1 = tq[s + 2], p2 = tq[s + 3];
                double qa = fA - 2 * eta * a * f, qb = fB - 2 * eta * bb * f, qc = fC - 2 * eta * cc * f;
                double gcos = kx * p1 * f, ga0 = kx * pz * qa, gb0 = kx * pz * qb, gc0 = kx * pz * qc;
                gCos += cq * gcos;
                gA += cq * ga0;
                gB += cq * gb0;
                gC += cq * gc0;
                for (int t = 0; t < nt; t++) {
                    double ad = aDot[t], bd = bDot[t], cd = cDot[t], kd = cosDot[t];
                    double xd = -2 * eta * (a * ad + bb * bd + cc * cd);          // Ẋ/X
                    double fd = fA * ad + fB * bd + fC * cd;                      // Ḟ
                    double fAd = ddfa * ad * fb * fcc + dfa * dfb * bd * fcc + dfa * fb * dfcc * cd;
                    double fBd = dfa * ad * dfb * fcc + fa * ddfb * bd * fcc + fa * dfb * dfcc * cd;
                    double fCd = dfa * ad * fb * dfcc + fa * dfb * bd * dfcc + fa * fb * ddfcc * cd;
                    double pd = p1 * kd;                                          // Ṗ
                    double gcosd = kx * (p2 * kd * f + p1 * xd * f + p1 * fd);
                    double lead = kx * (pd + pz * xd);                            // (k_q X P)˙ / X, as Ẋ = X·xd
                    double gad = lead * qa + kx * pz * (fAd - 2 * eta * (ad * f + a * fd));
                    double gbd = lead * qb + kx * pz * (fBd - 2 * eta * (bd * f + bb * fd));
                    double gcd = lead * qc + kx * pz * (fCd - 2 * eta * (cd * f + cc * fd));
                    double cqd = dc[t][kr + q];
                    gsDot[4 * t] += cq * gcosd + cqd * gcos;
                    gsDot[4 * t + 1] += cq * gad + cqd * ga0;
                    gsDot[4 * t + 2] += cq * gbd + cqd * gb0;
                    gsDot[4 * t + 3] += cq * gcd + cqd * gc0;
                }
            }
            // the entry-vector gradients ∂cos/∂r_a = r_b/(ab) − cos r_a/a², ∂a/∂r_a = r_a/a, ∂c/∂r_a = −r_c/c (and for r_b)
            // and their tangents, one Cartesian component k at a time
            double ia = 1 / a, ib = 1 / bb, ic = 1 / cc;
            va[0] = vax;
            va[1] = vay;
            va[2] = vaz;
            vb[0] = vbx;
            vb[1] = vby;
            vb[2] = vbz;
            vc[0] = vcx;
            vc[1] = vcy;
            vc[2] = vcz;
            for (int t = 0; t < nt; t++) {
                double ad = aDot[t], bd = bDot[t], cd = cDot[t], kd = cosDot[t];
                double sCos = gsDot[4 * t], sA = gsDot[4 * t + 1], sB = gsDot[4 * t + 2], sC = gsDot[4 * t + 3];
                double rate = ad * ia + bd * ib;
                tan[0] = tx[t];
                tan[1] = ty[t];
                tan[2] = tz[t];
                out[0] = gx[t];
                out[1] = gy[t];
                out[2] = gz[t];
                for (int k = 0; k < 3; k++) {
                    double ta = tan[k][e1], tb = tan[k][e2], tw = tb - ta;
                    double cA = vb[k] / ab - cos * va[k] * ia * ia, cB = va[k] / ab - cos * vb[k] * ib * ib;
                    double cAd = tb / ab - vb[k] * rate / ab - kd * va[k] * ia * ia - cos * ta * ia * ia + 2 * cos * va[k] * ad * ia * ia * ia;
                    double cBd = ta / ab - va[k] * rate / ab - kd * vb[k] * ib * ib - cos * tb * ib * ib + 2 * cos * vb[k] * bd * ib * ib * ib;
                    double uA = va[k] * ia, uB = vb[k] * ib, uC = vc[k] * ic;
                    double uAd = (ta - ad * uA) * ia, uBd = (tb - bd * uB) * ib, uCd = (tw - cd * uC) * ic;
                    out[k][e1] += sCos * cA + gCos * cAd + sA * uA + gA * uAd - sC * uC - gC * uCd;
                    out[k][e2] += sCos * cB + gCos * cBd + sB * uB + gB * uBd + sC * uC + gC * uCd;
                }
            }
        }

        /**
         * The MLP at x = (G_i − μ)/σ: forward (a^l), backward (δ^l, c = s ∂out/∂G), then per tangent the forward tangent
         * ȧ^{l+1} = (1 − a²)(ȧ^l W + a^l Ẇ + ḃ) and the backward tangent δ̇^{l−1} = (1 − a²)(Ẇ δ + W δ̇) − 2 a ȧ (W δ),
         * ċ = s ∂(W δ̇ + Ẇ δ)⁰/σ; with {@code outP}, adds s (ȧ^l ⊗ δ^l + a^l ⊗ δ̇^l) and s δ̇^l, the tangents of ∂out/∂(W^l, b^l).
         */
        private void network(double[] outP) {
            int layers = w.length, k = g.length;
            for (int q = 0; q < k; q++) act[0][q] = (g[q] - mean[q]) / spread[q];
            for (int l = 0; l < layers - 1; l++) {
                int in = widths[l], units = widths[l + 1];
                double[] zl = act[l + 1], wl = w[l], al = act[l];
                System.arraycopy(b[l], 0, zl, 0, units);
                for (int a = 0; a < in; a++) {
                    double xa = al[a];
                    for (int u = 0; u < units; u++) zl[u] += xa * wl[a * units + u];
                }
                for (int u = 0; u < units; u++) zl[u] = Math.tanh(zl[u]);
            }
            delta[layers - 1][0] = 1;
            for (int l = layers - 1; l >= 0; l--) {
                backward(l, delta[l], ga);
                if (l > 0) for (int u = 0; u < widths[l]; u++) delta[l - 1][u] = ga[u] * (1 - act[l][u] * act[l][u]);
            }
            for (int q = 0; q < k; q++) c[q] = scale * ga[q] / spread[q];
            for (int t = 0; t < nt; t++) {
                double[] pt = dp == null ? null : dp[t];
                for (int q = 0; q < k; q++) dact[0][q] = dg[t][q] / spread[q];
                for (int l = 0; l < layers - 1; l++) {
                    int in = widths[l], units = widths[l + 1];
                    double[] zd = dact[l + 1], wl = w[l], ad = dact[l], al = act[l];
                    java.util.Arrays.fill(zd, 0);
                    for (int a = 0; a < in; a++) {
                        double xa = ad[a];
                        for (int u = 0; u < units; u++) zd[u] += xa * wl[a * units + u];
                    }
                    if (pt != null) {
                        for (int a = 0; a < in; a++) {
                            double xa = al[a];
                            for (int u = 0; u < units; u++) zd[u] += xa * pt[offW[l] + a * units + u];
                        }
                        for (int u = 0; u < units; u++) zd[u] += pt[offB[l] + u];
                    }
                    double[] an = act[l + 1];
                    for (int u = 0; u < units; u++) zd[u] *= 1 - an[u] * an[u];
                }
                ddelta[layers - 1][0] = 0;
                for (int l = layers - 1; l >= 0; l--) {
                    int in = widths[l], units = widths[l + 1];
                    backward(l, ddelta[l], dga);
                    if (pt != null) {
                        for (int a = 0; a < in; a++) {
                            double s = 0;
                            for (int u = 0; u < units; u++) s += pt[offW[l] + a * units + u] * delta[l][u];
                            dga[a] += s;
                        }
                    }
                    if (l > 0) {
                        backward(l, delta[l], ga);
                        double[] al = act[l], ad = dact[l];
                        for (int u = 0; u < in; u++) ddelta[l - 1][u] = dga[u] * (1 - al[u] * al[u]) - 2 * al[u] * ad[u] * ga[u];
                    }
                }
                for (int q = 0; q < k; q++) dc[t][q] = scale * dga[q] / spread[q];
                if (outP != null) {
                    for (int l = 0; l < layers; l++) {
                        int in = widths[l], units = widths[l + 1];
                        double[] al = act[l], ad = dact[l], dl = delta[l], ddl = ddelta[l];
                        for (int a = 0; a < in; a++) {
                            int row = offW[l] + a * units;
                            for (int u = 0; u < units; u++) outP[row + u] += scale * (ad[a] * dl[u] + al[a] * ddl[u]);
                        }
                        for (int u = 0; u < units; u++) outP[offB[l] + u] += scale * ddl[u];
                    }
                }
            }
        }

        /** out [in] = W^l · v (v [units]): the backward step through layer l's kernel. */
        private void backward(int l, double[] v, double[] out) {
            int in = widths[l], units = widths[l + 1];
            double[] wl = w[l];
            for (int a = 0; a < in; a++) {
                double s = 0;
                for (int u = 0; u < units; u++) s += wl[a * units + u] * v[u];
                out[a] = s;
            }
        }

        /** Pass 2: the products on the entry vectors from the radial, angular and core terms. */
        private void gradients(int m) {
            int kr = radial.length;
            for (int e = 0; e < m; e++) {
                double ra = r[e], inv = 1 / ra;
                double psi = 0, psiR = 0;                    // ψ = Σ_q c_q φ'_q / r and ∂ψ/∂r
                for (int q = 0; q < kr; q++) {
                    double p1 = d1[e * kr + q], p2 = d2[e * kr + q];
                    psi += c[q] * p1 * inv;
                    psiR += c[q] * (p2 - p1 * inv) * inv;
                }
                double coreR = 0, corePsi = 0;
                if (core[0] != 0 && core[1] != 0 && ra < core[1]) {
                    double x = 1 - ra / core[1];
                    corePsi = -1.5 * core[0] * x * x / (core[1] * ra);
                    coreR = 1.5 * core[0] / core[1] * (2 * x / (core[1] * ra) + x * x * inv * inv);
                }
                for (int t = 0; t < nt; t++) {
                    double rd = rdot[t][e];
                    double s = (psiR + coreR) * rd;
                    for (int q = 0; q < kr; q++) s += dc[t][q] * d1[e * kr + q] * inv;
                    double p = psi + corePsi;
                    gx[t][e] += s * dx[e] + p * tx[t][e];
                    gy[t][e] += s * dy[e] + p * ty[t][e];
                    gz[t][e] += s * dz[e] + p * tz[t][e];
                }
            }
            if (angular.length == 0) return;
            for (int e1 = 0, tau = 0; e1 < m; e1++) {
                for (int e2 = e1 + 1; e2 < m; e2++) triplet(e1, e2, tau++, false);
            }
        }
    }

    /** x^k for an integer k ≥ 0 (1 for k ≤ 0, which only multiplies a zero factor). */
    private static double power(double x, int k) {
        double p = 1;
        for (int j = 0; j < k; j++) p *= x;
        return p;
    }
}
