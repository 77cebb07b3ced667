package org.polymorph.materials.internal.rigid;

import org.polymorph.materials.rigid.Quaternion;

/**
 * One body's NO_SQUISH free rotation over time h (Miller, Eleftheriou, Pattnaik, Ndirango, Newns & Martyna,
 * J. Chem. Phys. 116, 8649 (2002)) with the arithmetic of {@link Motion#rotate}, and its vector-Jacobian product.
 * <p>Forward: π = R(q)ᵀ L; five exact rotations about principal axes (order of a {@link Splitting}: a h/2, b h/2,
 * c h, b h/2, a h/2), each with φ = h_j π_k / I_k turning π by −φ about e_k (π_a ← cos φ π_a + sin φ π_b,
 * π_b ← −sin φ π_a + cos φ π_b, π_k kept) and q ← q ⊗ (cos φ/2, sin φ/2 e_k); then q ← q/|q| and L ← R(q) π.
 * An axis of zero moment is skipped.
 * <p>Adjoint (cotangents λ of q [4], L [3] after, giving those of q and L before and of the moments I [3]), each
 * sub-step backwards:
 * <ul>
 * <li>L = R(q) π: λπ = Rᵀ λL, λq += ∂(λLᵀ R(q) π)/∂q;</li>
 * <li>q = q̃/|q̃|: λq̃ = (λq − q (q·λq))/|q̃|;</li>
 * <li>one axis, with c = cos φ/2, s = sin φ/2, C = c² − s², S = 2sc as the forward computes them: the π rotation
 * gives λπ_a ← C λπ'_a − S λπ'_b, λπ_b ← S λπ'_a + C λπ'_b, λC = λπ'_a π_a + λπ'_b π_b, λS = λπ'_a π_b − λπ'_b π_a;
 * the quaternion product, linear in q (w' = c w − s v_k, v_k' = c v_k + s w, v_a' = c v_a + s v_b, v_b' = c v_b − s v_a),
 * gives λq by its transpose and λc, λs by its coefficients; then λc += 2c λC + 2s λS, λs += −2s λC + 2c λS,
 * λ(φ/2) = −s λc + c λs, λπ_k += (h_j / 2I_k) λ(φ/2) and λI_k −= (h_j π_k / 2I_k²) λ(φ/2);</li>
 * <li>π = R(q)ᵀ L: λL = R λπ, λq += ∂(Lᵀ R(q) λπ)/∂q.</li>
 * </ul>
 * Each body is taken forward again just before its product ({@link #vjp} records what the reverse pass needs); {@link #jvp}
 * is the tangent of the same sub-steps.
 */
final class FreeRotor {
    private final int[] axes;
    private static final double[] FRACTION = {0.5, 0.5, 1, 0.5, 0.5};
    /** q [4] and π [3] before each of the five axis rotations, and after the last one (before normalising). */
    private final double[][] qs = new double[6][4];
    private final double[][] pis = new double[6][3];
    private final double[] r = new double[9];

    FreeRotor(Splitting order) {
        this.axes = new int[] {order.outer, order.middle, order.inner, order.middle, order.outer};
    }

    /** Rotates q (4 entries at q[qo]) and the space-frame L (3 at l[lo]) in place over h; principal moments at in[io..io+2]. */
    void forward(double[] q, int qo, double[] l, int lo, double[] in, int io, double h) {
        double[] pi = pis[0];
        double[] qq = qs[0];
        System.arraycopy(q, qo, qq, 0, 4);
        Quaternion.matrix(qq, 0, r, 0);
        for (int k = 0; k < 3; k++) pi[k] = r[k] * l[lo] + r[3 + k] * l[lo + 1] + r[6 + k] * l[lo + 2];
        for (int j = 0; j < 5; j++) {
            System.arraycopy(qs[j], 0, qs[j + 1], 0, 4);
            System.arraycopy(pis[j], 0, pis[j + 1], 0, 3);
            axis(qs[j + 1], pis[j + 1], axes[j], in[io + axes[j]], h * FRACTION[j]);
        }
        double[] e = qs[5];
        double n = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2] + e[3] * e[3]);
        for (int k = 0; k < 4; k++) q[qo + k] = e[k] / n;
        Quaternion.matrix(q, qo / 4, r, 0);
        double[] p = pis[5];
        for (int k = 0; k < 3; k++) l[lo + k] = r[3 * k] * p[0] + r[3 * k + 1] * p[1] + r[3 * k + 2] * p[2];
    }

    /** As {@code Motion.axis}: q ← q ⊗ (cos φ/2, sin φ/2 e_k), π turned by −φ about e_k, φ = h π_k / I_k. */
    private static void axis(double[] q, double[] pi, int k, double ik, double h) {
        if (!(ik > 0)) return;
        double half = 0.5 * h * pi[k] / ik;
        double c = Math.cos(half), s = Math.sin(half);
        double cs = c * c - s * s, sn = 2 * s * c;
        int a = (k + 1) % 3, b = (k + 2) % 3;
        double pa = pi[a], pb = pi[b];
        pi[a] = cs * pa + sn * pb;
        pi[b] = -sn * pa + cs * pb;
        double w = q[0], va = q[1 + a], vb = q[1 + b], vk = q[1 + k];
        q[0] = c * w - s * vk;
        q[1 + k] = c * vk + s * w;
        q[1 + a] = c * va + s * vb;
        q[1 + b] = c * vb - s * va;
    }

    /**
     * The product for the body whose q and L before the rotation are q[qo..], l[lo..] (read only): on entry lq [4] and
     * ll [3] hold the cotangents of q and L after it, on return those before; lin [3] (at lio) gets the moments' part added.
     */
    void vjp(double[] q, int qo, double[] l, int lo, double[] in, int io, double h, double[] lq, double[] ll, double[] lin, int lio) {
        double[] qa = {q[qo], q[qo + 1], q[qo + 2], q[qo + 3]};
        double[] la = {l[lo], l[lo + 1], l[lo + 2]};
        double[] qn = qa.clone(), ln = la.clone();
        forward(qn, 0, ln, 0, in, io, h);
        // L = R(qn) π
        Quaternion.matrix(qn, 0, r, 0);
        double[] pi = pis[5];
        double[] lp = new double[3];
        for (int k = 0; k < 3; k++) lp[k] = r[k] * ll[0] + r[3 + k] * ll[1] + r[6 + k] * ll[2];
        double[] g = lq.clone();
        gradient(qn, ll, pi, g);
        // normalisation
        double[] e = qs[5];
        double n = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2] + e[3] * e[3]);
        double dot = qn[0] * g[0] + qn[1] * g[1] + qn[2] * g[2] + qn[3] * g[3];
        for (int k = 0; k < 4; k++) lq[k] = (g[k] - qn[k] * dot) / n;
        for (int j = 4; j >= 0; j--) {
            int k = axes[j];
            double ik = in[io + k];
            if (!(ik > 0)) continue;
            double hj = h * FRACTION[j];
            double[] qb = qs[j], pb0 = pis[j];
            double pk = pb0[k];
            double half = 0.5 * hj * pk / ik;
            double c = Math.cos(half), s = Math.sin(half);
            double cs = c * c - s * s, sn = 2 * s * c;
            int a = (k + 1) % 3, b = (k + 2) % 3;
            double pa = pb0[a], pb = pb0[b];
            double lcs = lp[a] * pa + lp[b] * pb, lsn = lp[a] * pb - lp[b] * pa;
            double npa = cs * lp[a] - sn * lp[b], npb = sn * lp[a] + cs * lp[b];
            double w = qb[0], va = qb[1 + a], vb = qb[1 + b], vk = qb[1 + k];
            double lw = lq[0], lk = lq[1 + k], lva = lq[1 + a], lvb = lq[1 + b];
            double lc = lw * w + lk * vk + lva * va + lvb * vb;
            double ls = -lw * vk + lk * w + lva * vb - lvb * va;
            lq[0] = c * lw + s * lk;
            lq[1 + k] = -s * lw + c * lk;
            lq[1 + a] = c * lva - s * lvb;
            lq[1 + b] = s * lva + c * lvb;
            lc += 2 * c * lcs + 2 * s * lsn;
            ls += -2 * s * lcs + 2 * c * lsn;
            double lhalf = -s * lc + c * ls;
            lp[a] = npa;
            lp[b] = npb;
            lp[k] += 0.5 * hj / ik * lhalf;
            lin[lio + k] -= 0.5 * hj * pk / (ik * ik) * lhalf;
        }
        // π = R(q)ᵀ L
        Quaternion.matrix(qa, 0, r, 0);
        for (int k = 0; k < 3; k++) ll[k] = r[3 * k] * lp[0] + r[3 * k + 1] * lp[1] + r[3 * k + 2] * lp[2];
        gradient(qa, la, lp, lq);
    }

    /**
     * The tangent of the rotation of the body whose q and L before it are q[qo..], l[lo..] (read only) along (q̇ [4], L̇ [3],
     * İ [3] at dio of din): on entry dq, dl hold q̇ and L̇ before, on return after (the derivative of each sub-step of
     * {@link #forward} in turn, with the same angles).
     */
    void jvp(double[] q, int qo, double[] l, int lo, double[] in, int io, double h, double[] din, int dio, double[] dq, double[] dl) {
        double[] qa = {q[qo], q[qo + 1], q[qo + 2], q[qo + 3]};
        double[] la = {l[lo], l[lo + 1], l[lo + 2]};
        double[] qn = qa.clone(), ln = la.clone();
        forward(qn, 0, ln, 0, in, io, h);
        // π = R(q)ᵀ L
        double[] dr = new double[9];
        Quaternion.matrix(qa, 0, r, 0);
        derivative(qa, dq, dr);
        double[] dp = new double[3];
        for (int k = 0; k < 3; k++) dp[k] = dr[k] * la[0] + dr[3 + k] * la[1] + dr[6 + k] * la[2] + r[k] * dl[0] + r[3 + k] * dl[1] + r[6 + k] * dl[2];
        double[] dqq = dq.clone();
        for (int j = 0; j < 5; j++) {
            int k = axes[j];
            double ik = in[io + k];
            if (!(ik > 0)) continue;
            double hj = h * FRACTION[j];
            double[] qb = qs[j], pb0 = pis[j];
            double pk = pb0[k];
            double half = 0.5 * hj * pk / ik;
            double dhalf = 0.5 * hj * (dp[k] / ik - pk * din[dio + k] / (ik * ik));
            double c = Math.cos(half), s = Math.sin(half);
            double dc = -s * dhalf, ds = c * dhalf;
            double cs = c * c - s * s, sn = 2 * s * c;
            double dcs = 2 * c * dc - 2 * s * ds, dsn = 2 * (ds * c + s * dc);
            int a = (k + 1) % 3, b = (k + 2) % 3;
            double pa = pb0[a], pb = pb0[b], dpa = dp[a], dpb = dp[b];
            dp[a] = dcs * pa + cs * dpa + dsn * pb + sn * dpb;
            dp[b] = -dsn * pa - sn * dpa + dcs * pb + cs * dpb;
            double w = qb[0], va = qb[1 + a], vb = qb[1 + b], vk = qb[1 + k];
            double dw = dqq[0], dva = dqq[1 + a], dvb = dqq[1 + b], dvk = dqq[1 + k];
            dqq[0] = dc * w + c * dw - ds * vk - s * dvk;
            dqq[1 + k] = dc * vk + c * dvk + ds * w + s * dw;
            dqq[1 + a] = dc * va + c * dva + ds * vb + s * dvb;
            dqq[1 + b] = dc * vb + c * dvb - ds * va - s * dva;
        }
        double[] e = qs[5];
        double n = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2] + e[3] * e[3]);
        double dot = qn[0] * dqq[0] + qn[1] * dqq[1] + qn[2] * dqq[2] + qn[3] * dqq[3];
        for (int k = 0; k < 4; k++) dq[k] = (dqq[k] - qn[k] * dot) / n;
        // L = R(qn) π
        Quaternion.matrix(qn, 0, r, 0);
        derivative(qn, dq, dr);
        double[] pi = pis[5];
        for (int k = 0; k < 3; k++) {
            dl[k] = dr[3 * k] * pi[0] + dr[3 * k + 1] * pi[1] + dr[3 * k + 2] * pi[2] + r[3 * k] * dp[0] + r[3 * k + 1] * dp[1] + r[3 * k + 2] * dp[2];
        }
    }

    /** Ṙ [9] row-major, the derivative of {@link Quaternion#matrix} at q [4] along q̇ [4]. */
    static void derivative(double[] q, double[] dq, double[] dr) {
        double w = q[0], x = q[1], y = q[2], z = q[3], dw = dq[0], dx = dq[1], dy = dq[2], dz = dq[3];
        dr[0] = -4 * (y * dy + z * dz);
        dr[1] = 2 * (dx * y + x * dy - dw * z - w * dz);
        dr[2] = 2 * (dx * z + x * dz + dw * y + w * dy);
        dr[3] = 2 * (dx * y + x * dy + dw * z + w * dz);
        dr[4] = -4 * (x * dx + z * dz);
        dr[5] = 2 * (dy * z + y * dz - dw * x - w * dx);
        dr[6] = 2 * (dx * z + x * dz - dw * y - w * dy);
        dr[7] = 2 * (dy * z + y * dz + dw * x + w * dx);
        dr[8] = -4 * (x * dx + y * dy);
    }

    /**
     * Adds ∂(uᵀ R(q) v)/∂q [4] to g, R(q) the (unnormalised, quadratic) matrix of {@link Quaternion#matrix}, q = (w, x, y, z).
     */
    static void gradient(double[] q, double[] u, double[] v, double[] g) { gradient(q, 0, u, 0, v, 0, g, 0); }

    /** The same with q [4], u [3], v [3] and g [4] at offsets qo, uo, vo, go of their arrays. */
    static void gradient(double[] q, int qo, double[] u, int uo, double[] v, int vo, double[] g, int go) {
        double w = q[qo], x = q[qo + 1], y = q[qo + 2], z = q[qo + 3];
        double u0 = u[uo], u1 = u[uo + 1], u2 = u[uo + 2], v0 = v[vo], v1 = v[vo + 1], v2 = v[vo + 2];
        double g00 = u0 * v0, g01 = u0 * v1, g02 = u0 * v2;
        double g10 = u1 * v0, g11 = u1 * v1, g12 = u1 * v2;
        double g20 = u2 * v0, g21 = u2 * v1, g22 = u2 * v2;
        g[go] += 2 * (-g01 * z + g02 * y + g10 * z - g12 * x - g20 * y + g21 * x);
        g[go + 1] += 2 * (g01 * y + g02 * z + g10 * y - 2 * g11 * x - g12 * w + g20 * z + g21 * w - 2 * g22 * x);
        g[go + 2] += 2 * (-2 * g00 * y + g01 * x + g02 * w + g10 * x + g12 * z - g20 * w + g21 * z - 2 * g22 * y);
        g[go + 3] += 2 * (-2 * g00 * z - g01 * w + g02 * x + g10 * w - 2 * g11 * z + g12 * y + g20 * x + g21 * y);
    }
}
