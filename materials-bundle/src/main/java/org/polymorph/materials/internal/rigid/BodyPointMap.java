package org.polymorph.materials.internal.rigid;

import org.polymorph.materials.rigid.Quaternion;

/**
 * The map from B rigid bodies to their N points and from point forces to centre forces and torques, on plain arrays with
 * the arithmetic of {@link org.polymorph.materials.rigid.RigidSystem#points} and {@code wrench}, and its derivatives:
 * arms a_i = R(q_b) s_i, points r_i = c_b + a_i, F_b = Σ f_i, τ_b = Σ a_i × f_i (2D: F_z = 0, only τ_z), with their
 * reverse (λf_i = λF_b + λτ_b × a_i, λa_i = f_i × λτ_b; λc_b += Σ λr_i, λs_i += R(q_b)ᵀ λa_i, λq_b += Σ ∂(λa_iᵀ R(q) s_i)/∂q)
 * and forward (ȧ_i = Ṙ s_i + R ṡ_i; Ḟ = Σ ḟ, τ̇ = Σ ȧ × f + a × ḟ) products. Arrays: centres [3B], orientations [4B] (w x y z)
 * or angles [B] (2D), body-frame points s [3N] (each point's row of its body's principal frame), arms, points and point
 * forces [3N], forces and torques [3B] (2D: τ in the z entries).
 */
final class BodyPointMap {
    private final int dimension;
    private final int bodies;
    private final int[] bodyOf;

    /** Point a belongs to body {@code bodyOfPoint[a]} of {@code bodies}. */
    BodyPointMap(int dimension, int bodies, int[] bodyOfPoint) {
        this.dimension = dimension;
        this.bodies = bodies;
        this.bodyOf = bodyOfPoint.clone();
    }

    /** R of body i [9] row-major (2D: the rotation by θ about z). */
    void matrix(double[] q, int i, double[] r) {
        if (dimension == 3) {
            Quaternion.matrix(q, i, r, 0);
            return;
        }
        double c = Math.cos(q[i]), s = Math.sin(q[i]);
        r[0] = c;
        r[1] = -s;
        r[2] = 0;
        r[3] = s;
        r[4] = c;
        r[5] = 0;
        r[6] = 0;
        r[7] = 0;
        r[8] = 1;
    }

    /** Arms a_i = R(q_b) s_i into a [3N] and points r_i = c_b + a_i into r [3N] (r summed as RigidSystem.points). */
    void points(double[] c, double[] q, double[] s, double[] a, double[] r) {
        double[] m = new double[9];
        int last = -1;
        for (int i = 0; i < bodyOf.length; i++) {
            int b = bodyOf[i];
            if (b != last) {
                matrix(q, b, m);
                last = b;
            }
            for (int k = 0; k < 3; k++) {
                double x = m[3 * k] * s[3 * i], y = m[3 * k + 1] * s[3 * i + 1], z = m[3 * k + 2] * s[3 * i + 2];
                a[3 * i + k] = x + y + z;
                r[3 * i + k] = c[3 * b + k] + x + y + z;
            }
        }
    }

    /** F [3B] and τ [3B] of point forces f [3N] with arms a [3N], as RigidSystem.wrench. */
    void wrench(double[] a, double[] f, double[] force, double[] torque) {
        java.util.Arrays.fill(force, 0);
        java.util.Arrays.fill(torque, 0);
        for (int i = 0; i < bodyOf.length; i++) {
            int b = bodyOf[i];
            double fx = f[3 * i], fy = f[3 * i + 1], fz = f[3 * i + 2];
            double dx = a[3 * i], dy = a[3 * i + 1], dz = a[3 * i + 2];
            force[3 * b] += fx;
            force[3 * b + 1] += fy;
            force[3 * b + 2] += fz;
            torque[3 * b] += dy * fz - dz * fy;
            torque[3 * b + 1] += dz * fx - dx * fz;
            torque[3 * b + 2] += dx * fy - dy * fx;
        }
        if (dimension == 2) {
            for (int b = 0; b < bodies; b++) {
                force[3 * b + 2] = 0;
                torque[3 * b] = 0;
                torque[3 * b + 1] = 0;
            }
        }
    }

    /**
     * The wrench backwards: from the cotangents λF, λτ [3B] with arms a and point forces f, −λf [3N] into minusLf and
     * f_i × λτ_b (2D: λτ (f_y, −f_x, 0)) into la [3N].
     */
    void wrenchBack(double[] lf, double[] lt, double[] a, double[] f, double[] minusLf, double[] la) {
        for (int i = 0; i < bodyOf.length; i++) {
            int b = bodyOf[i];
            double ax = a[3 * i], ay = a[3 * i + 1], az = a[3 * i + 2];
            double fx = f[3 * i], fy = f[3 * i + 1], fz = f[3 * i + 2];
            if (dimension == 3) {
                double tx = lt[3 * b], ty = lt[3 * b + 1], tz = lt[3 * b + 2];
                minusLf[3 * i] = -(lf[3 * b] + ty * az - tz * ay);
                minusLf[3 * i + 1] = -(lf[3 * b + 1] + tz * ax - tx * az);
                minusLf[3 * i + 2] = -(lf[3 * b + 2] + tx * ay - ty * ax);
                la[3 * i] = fy * tz - fz * ty;
                la[3 * i + 1] = fz * tx - fx * tz;
                la[3 * i + 2] = fx * ty - fy * tx;
            } else {
                double tz = lt[3 * b + 2];
                minusLf[3 * i] = -(lf[3 * b] - tz * ay);
                minusLf[3 * i + 1] = -(lf[3 * b + 1] + tz * ax);
                minusLf[3 * i + 2] = 0;
                la[3 * i] = tz * fy;
                la[3 * i + 1] = -tz * fx;
                la[3 * i + 2] = 0;
            }
        }
    }

    /**
     * The points backwards: with λr [3N] of the points and la [3N] of the arms (λr is added to it), adds to λc [3B], λq
     * [4B] or [B] and λs [3N] at orientations q, body-frame points s and arms a.
     */
    void pointsBack(double[] q, double[] s, double[] a, double[] la, double[] lr, double[] lc, double[] lq, double[] ls) {
        double[] m = new double[9];
        int last = -1;
        for (int i = 0; i < bodyOf.length; i++) {
            int b = bodyOf[i];
            for (int j = 0; j < 3; j++) {
                lc[3 * b + j] += lr[3 * i + j];
                la[3 * i + j] += lr[3 * i + j];
            }
            if (b != last) {
                matrix(q, b, m);
                last = b;
            }
            for (int j = 0; j < 3; j++) ls[3 * i + j] += m[j] * la[3 * i] + m[3 + j] * la[3 * i + 1] + m[6 + j] * la[3 * i + 2];
            if (dimension == 3) {
                FreeRotor.gradient(q, 4 * b, la, 3 * i, s, 3 * i, lq, 4 * b);
            } else {
                lq[b] += la[3 * i + 1] * a[3 * i] - la[3 * i] * a[3 * i + 1];
            }
        }
    }

    /** The tangents of the wrench at the end of a step: Ḟ = Σ ḟ, τ̇ = Σ ȧ × f + a × ḟ (2D masked as the wrench). */
    void wrenchTangent(double[] a, double[] f, double[] da, double[] df, double[] dF, double[] dT) {
        double[] scratch = new double[3 * bodies], part = new double[3 * bodies];
        wrench(a, df, dF, dT);
        wrench(da, f, scratch, part);
        for (int i = 0; i < dT.length; i++) dT[i] += part[i];
    }

    /** ȧ_i = Ṙ(q_b; q̇_b) s_i + R(q_b) ṡ_i [3N] (2D: Ṙ = θ̇ dR/dθ). */
    double[] armsTangent(double[] q, double[] dq, double[] s, double[] ds, double[] a) {
        double[] m = new double[9], dm = new double[9], out = new double[a.length];
        for (int i = 0; i < bodyOf.length; i++) {
            int b = bodyOf[i];
            matrix(q, b, m);
            if (dimension == 3) {
                FreeRotor.derivative(new double[] {q[4 * b], q[4 * b + 1], q[4 * b + 2], q[4 * b + 3]},
                        new double[] {dq[4 * b], dq[4 * b + 1], dq[4 * b + 2], dq[4 * b + 3]}, dm);
            } else {
                java.util.Arrays.fill(dm, 0);
                dm[0] = -m[3] * dq[b];
                dm[1] = -m[4] * dq[b];
                dm[3] = m[0] * dq[b];
                dm[4] = m[1] * dq[b];
            }
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = dm[3 * k] * s[3 * i] + dm[3 * k + 1] * s[3 * i + 1] + dm[3 * k + 2] * s[3 * i + 2]
                        + m[3 * k] * ds[3 * i] + m[3 * k + 1] * ds[3 * i + 1] + m[3 * k + 2] * ds[3 * i + 2];
            }
        }
        return out;
    }
}
