package org.polymorph.materials.internal.rigid;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The pieces of {@link Motion} and {@link org.polymorph.materials.rigid.RigidSystem} a rigid-body step is made
 * of, as autodiff ops over B bodies of N points: rotation matrices, point positions r = c + R·s, the wrench
 * (F = Σ f, τ = Σ (R s) × f) and the free rotation (Miller et al., J. Chem. Phys. 116, 8649 (2002), NO_SQUISH:
 * principal axes a (h/2), b (h/2), c (h), b (h/2), a (h/2), then q normalised; 2D θ += h·L/I), with the same
 * formulas as the plain arrays. Shapes: centres [B, 3], orientations [B, 4] (w x y z) or angles [B, 1],
 * angular momenta [B, 3] or [B, 1] (2D, L_z), principal moments [B, 3], body-frame points per point [N, 3],
 * point forces [N, 3].
 */
final class BodyKinematics {
    private final Ops o;
    private final int dimension;
    private final int bodies;
    private final Var bodyOf;      // [N] INT64, the body of each point

    BodyKinematics(Ops o, int dimension, int[] bodyOfPoint, int bodies) {
        this.o = o;
        this.dimension = dimension;
        this.bodies = bodies;
        long[] idx = new long[bodyOfPoint.length];
        for (int i = 0; i < idx.length; i++) idx[i] = bodyOfPoint[i];
        this.bodyOf = o.constant(o.tensors().fromArray(idx, idx.length));
    }

    /** The columns [B, 1] of x [B, k]. */
    private Var[] columns(Var x) {
        Var[] c = new Var[x.dim(1)];
        for (int k = 0; k < c.length; k++) c[k] = o.sliceAxis(x, 1, k, k + 1);
        return c;
    }

    /** R row-major as nine columns [B, 1] (Quaternion.matrix; 2D the rotation by θ about z). */
    private Var[] matrix(Var q) {
        if (dimension == 2) {
            Var c = o.cos(q), s = o.sin(q), zero = o.zerosLike(q), one = o.onesLike(q);
            return new Var[] {c, o.neg(s), zero, s, c, zero, zero, zero, one};
        }
        Var[] e = columns(q);
        Var w = e[0], x = e[1], y = e[2], z = e[3];
        Var xx = x.mul(x), yy = y.mul(y), zz = z.mul(z), xy = x.mul(y), xz = x.mul(z), yz = y.mul(z), wx = w.mul(x), wy = w.mul(y), wz = w.mul(z);
        Var one = o.onesLike(w);
        return new Var[] {
            one.sub(yy.add(zz).mul(2.0)), xy.sub(wz).mul(2.0), xz.add(wy).mul(2.0),
            xy.add(wz).mul(2.0), one.sub(xx.add(zz).mul(2.0)), yz.sub(wx).mul(2.0),
            xz.sub(wy).mul(2.0), yz.add(wx).mul(2.0), one.sub(xx.add(yy).mul(2.0))};
    }

    /** The arms R_b·s of every point [N, 3]. */
    Var arms(Var q, Var pointsBody) {
        Var r = o.reshape(o.concat(1, matrix(q)), bodies, 3, 3);
        return o.sum(o.mul(o.take(r, bodyOf, 0), o.expandDims(pointsBody, 1)), 2);
    }

    /** Point positions [N, 3], c_b + R_b·s. */
    Var points(Var c, Var q, Var pointsBody) { return o.add(o.take(c, bodyOf, 0), arms(q, pointsBody)); }

    /** {F [B, 3], τ [B, 3] (3D) or [B, 1] (2D, τ_z)} from point forces f [N, 3]; 2D: F_z = 0. */
    Var[] wrench(Var q, Var pointsBody, Var f) {
        Var[] d = columns(arms(q, pointsBody));
        Var[] g = columns(f);
        Var force = o.segmentSum(f, bodyOf, bodies);
        if (dimension == 2) {
            Var tz = d[0].mul(g[1]).sub(d[1].mul(g[0]));
            return new Var[] {o.mul(force, o.constant(new double[] {1, 1, 0}, 1, 3)), o.segmentSum(tz, bodyOf, bodies)};
        }
        Var tau = o.concat(1, d[1].mul(g[2]).sub(d[2].mul(g[1])), d[2].mul(g[0]).sub(d[0].mul(g[2])), d[0].mul(g[1]).sub(d[1].mul(g[0])));
        return new Var[] {force, o.segmentSum(tau, bodyOf, bodies)};
    }

    /**
     * {q, L} after the free rotation over time h; moments [B, 3], all non-zero; the body axes of the sequence a (h/2), b (h/2),
     * c (h), b (h/2), a (h/2) from {@code order}.
     */
    Var[] rotate(Var q, Var l, Var moments, double h, Splitting order) {
        if (dimension == 2) return new Var[] {q.add(l.mul(h).div(o.sliceAxis(moments, 1, 2, 3))), l};
        Var[] in = columns(moments);
        Var[] pi = toBody(matrix(q), l);
        Var[] e = columns(q);
        e = axis(e, pi, in, order.outer, h / 2);
        e = axis(e, pi, in, order.middle, h / 2);
        e = axis(e, pi, in, order.inner, h);
        e = axis(e, pi, in, order.middle, h / 2);
        e = axis(e, pi, in, order.outer, h / 2);
        Var n = e[0].square().add(e[1].square()).add(e[2].square()).add(e[3].square()).sqrt();
        Var qn = o.concat(1, e[0].div(n), e[1].div(n), e[2].div(n), e[3].div(n));
        Var[] rn = matrix(qn);
        Var[] ln = new Var[3];
        for (int k = 0; k < 3; k++) ln[k] = rn[3 * k].mul(pi[0]).add(rn[3 * k + 1].mul(pi[1])).add(rn[3 * k + 2].mul(pi[2]));
        return new Var[] {qn, o.concat(1, ln)};
    }

    /** Σ π_k²/I_k over the bodies (3D, π = Rᵀ L) or Σ L_z²/I_z (2D), a scalar: 2 KE_rot / mvv2e. */
    Var twiceRotational(Var q, Var l, Var moments) {
        if (dimension == 2) return o.sum(o.div(o.square(l), o.sliceAxis(moments, 1, 2, 3)));
        Var[] in = columns(moments);
        Var[] pi = toBody(matrix(q), l);
        Var s = o.sum(o.div(o.square(pi[0]), in[0]));
        for (int k = 1; k < 3; k++) s = s.add(o.sum(o.div(o.square(pi[k]), in[k])));
        return s;
    }

    /** π = Rᵀ L, three columns [B, 1], from R as nine columns and L [B, 3]. */
    private Var[] toBody(Var[] r, Var l) {
        Var[] lc = columns(l);
        Var[] pi = new Var[3];
        for (int k = 0; k < 3; k++) pi[k] = r[k].mul(lc[0]).add(r[3 + k].mul(lc[1])).add(r[6 + k].mul(lc[2]));
        return pi;
    }

    /** One exact rotation about principal axis k over time h: π turned by −φ, q ← q ⊗ (cos φ/2, sin φ/2 e_k), φ = h π_k/I_k. */
    private Var[] axis(Var[] q, Var[] pi, Var[] moments, int k, double h) {
        Var phi = pi[k].mul(h).div(moments[k]);
        Var cs = phi.cos(), sn = phi.sin();
        int a = (k + 1) % 3, b = (k + 2) % 3;
        Var pa = pi[a], pb = pi[b];
        pi[a] = cs.mul(pa).add(sn.mul(pb));
        pi[b] = sn.neg().mul(pa).add(cs.mul(pb));
        Var ch = phi.mul(0.5).cos(), sh = phi.mul(0.5).sin();
        Var w = q[0], x = q[1], y = q[2], z = q[3];
        return switch (k) {
            case 0 -> new Var[] {w.mul(ch).sub(x.mul(sh)), w.mul(sh).add(x.mul(ch)), y.mul(ch).add(z.mul(sh)), z.mul(ch).sub(y.mul(sh))};
            case 1 -> new Var[] {w.mul(ch).sub(y.mul(sh)), x.mul(ch).sub(z.mul(sh)), w.mul(sh).add(y.mul(ch)), x.mul(sh).add(z.mul(ch))};
            default -> new Var[] {w.mul(ch).sub(z.mul(sh)), x.mul(ch).add(y.mul(sh)), y.mul(ch).sub(x.mul(sh)), w.mul(sh).add(z.mul(ch))};
        };
    }
}
