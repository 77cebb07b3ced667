package org.polymorph.materials.rigid;

import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;

/**
 * A quaternion w + xi + yj + zk, stored (w, x, y, z) as jax-md's {@code Quaternion.vec} and HOOMD's
 * orientations (real part first). A unit quaternion q represents the rotation v ↦ q·(0, v)·q*, whose
 * matrix is {@link #matrix()}; an orientation maps body-frame vectors to the space frame.
 */
public record Quaternion(double w, double x, double y, double z) {
    /** The identity rotation. */
    public static final Quaternion IDENTITY = new Quaternion(1, 0, 0, 0);

    /** How far |q| may be from 1 for input orientations. */
    public static final double UNIT_TOLERANCE = 1e-8;

    public Quaternion {
        if (!Double.isFinite(w) || !Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new BadInputException("quaternion (" + w + ", " + x + ", " + y + ", " + z + ") has a non-finite component; give finite numbers");
        }
    }

    /** "(w, x, y, z)". */
    @Override public String toString() { return "(" + w + ", " + x + ", " + y + ", " + z + ")"; }

    /** The quaternion of components v[4·i .. 4·i+3] (w, x, y, z). */
    public static Quaternion of(double[] v, int i) { return new Quaternion(v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]); }

    /** Writes (w, x, y, z) to v[4·i .. 4·i+3]. */
    public void into(double[] v, int i) {
        v[4 * i] = w;
        v[4 * i + 1] = x;
        v[4 * i + 2] = y;
        v[4 * i + 3] = z;
    }

    /** The rotation by {@code angle} (radians) about the unit vector {@code axis} [3]. */
    public static Quaternion axisAngle(double[] axis, double angle) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        if (!(n > 0)) throw new BadInputException("rotation axis " + java.util.Arrays.toString(axis) + " has length " + n + "; give a non-zero axis");
        double s = Math.sin(angle / 2) / n;
        return new Quaternion(Math.cos(angle / 2), s * axis[0], s * axis[1], s * axis[2]);
    }

    /** The Hamilton product this·o (rotation o first, then this). */
    public Quaternion times(Quaternion o) {
        return new Quaternion(w * o.w - x * o.x - y * o.y - z * o.z,
                w * o.x + x * o.w + y * o.z - z * o.y,
                w * o.y - x * o.z + y * o.w + z * o.x,
                w * o.z + x * o.y - y * o.x + z * o.w);
    }

    /** q* = (w, −x, −y, −z): the inverse rotation of a unit quaternion. */
    public Quaternion conjugate() { return new Quaternion(w, -x, -y, -z); }

    public double norm() { return Math.sqrt(w * w + x * x + y * y + z * z); }

    /** q / |q|; a zero quaternion is bad input. */
    public Quaternion normalized() {
        double n = norm();
        if (!(n > 0)) throw new BadInputException("quaternion (0, 0, 0, 0) has no direction; give a non-zero quaternion");
        return new Quaternion(w / n, x / n, y / n, z / n);
    }

    /** This, when |q| is within {@link #UNIT_TOLERANCE} of 1; else bad input naming {@code what}. */
    public Quaternion requireUnit(String what) {
        double n = norm();
        if (!(Math.abs(n - 1) <= UNIT_TOLERANCE)) {
            throw BadInputException.forParam(what, this, "has norm " + n + ", not 1 (an orientation must be a unit quaternion)",
                    "normalise it (divide by its norm) or draw it with Quaternion.random");
        }
        return this;
    }

    /** The rotation matrix [9] (row-major) of this unit quaternion: R·v = q·(0, v)·q*. */
    public double[] matrix() {
        double[] r = new double[9];
        matrix(w, x, y, z, r, 0);
        return r;
    }

    /** The rotation matrix of quaternion i of q [4B] (w, x, y, z per body) written row-major to out[offset .. offset+8]. */
    public static void matrix(double[] q, int i, double[] out, int offset) { matrix(q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], out, offset); }

    private static void matrix(double w, double x, double y, double z, double[] r, int o) {
        double xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
        r[o] = 1 - 2 * (yy + zz);
        r[o + 1] = 2 * (xy - wz);
        r[o + 2] = 2 * (xz + wy);
        r[o + 3] = 2 * (xy + wz);
        r[o + 4] = 1 - 2 * (xx + zz);
        r[o + 5] = 2 * (yz - wx);
        r[o + 6] = 2 * (xz - wy);
        r[o + 7] = 2 * (yz + wx);
        r[o + 8] = 1 - 2 * (xx + yy);
    }

    /** q·(0, v)·q* [3] for v [3]. */
    public double[] rotate(double[] v) {
        double[] r = matrix();
        return new double[] {
            r[0] * v[0] + r[1] * v[1] + r[2] * v[2],
            r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
            r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
    }

    /**
     * The unit quaternion of a proper rotation matrix m [9] (row-major, det +1), by Shepperd's method
     * (J. Guidance Control 1, 223 (1978)): the largest of 4w², 4x², 4y², 4z² taken from the trace and
     * diagonal, the others from the off-diagonal sums; w ≥ 0.
     */
    public static Quaternion fromMatrix(double[] m) {
        double tr = m[0] + m[4] + m[8];
        Quaternion q;
        if (tr >= m[0] && tr >= m[4] && tr >= m[8]) {
            double s = 2 * Math.sqrt(1 + tr);
            q = new Quaternion(s / 4, (m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s);
        } else if (m[0] >= m[4] && m[0] >= m[8]) {
            double s = 2 * Math.sqrt(1 + m[0] - m[4] - m[8]);
            q = new Quaternion((m[7] - m[5]) / s, s / 4, (m[1] + m[3]) / s, (m[2] + m[6]) / s);
        } else if (m[4] >= m[8]) {
            double s = 2 * Math.sqrt(1 + m[4] - m[0] - m[8]);
            q = new Quaternion((m[2] - m[6]) / s, (m[1] + m[3]) / s, s / 4, (m[5] + m[7]) / s);
        } else {
            double s = 2 * Math.sqrt(1 + m[8] - m[0] - m[4]);
            q = new Quaternion((m[3] - m[1]) / s, (m[2] + m[6]) / s, (m[5] + m[7]) / s, s / 4);
        }
        q = q.normalized();
        return q.w < 0 ? new Quaternion(-q.w, -q.x, -q.y, -q.z) : q;
    }

    /**
     * A uniformly random orientation (Haar measure on SO(3)) by Shoemake's method (Graphics Gems III,
     * 1992, "Uniform random rotations"), as jax-md's {@code random_quaternion}: with u₁, u₂, u₃
     * uniform on [0, 1) from draws 3·index .. 3·index+2 of {@code key}, q = (√(1−u₁) sin 2πu₂,
     * √(1−u₁) cos 2πu₂, √u₁ sin 2πu₃, √u₁ cos 2πu₃).
     */
    public static Quaternion random(RandomKey key, long index) {
        double u1 = key.uniform(3 * index);
        double u2 = key.uniform(3 * index + 1);
        double u3 = key.uniform(3 * index + 2);
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        return new Quaternion(a * Math.sin(2 * Math.PI * u2), a * Math.cos(2 * Math.PI * u2),
                b * Math.sin(2 * Math.PI * u3), b * Math.cos(2 * Math.PI * u3));
    }
}
