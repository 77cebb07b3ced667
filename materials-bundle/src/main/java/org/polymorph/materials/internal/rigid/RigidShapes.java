package org.polymorph.materials.internal.rigid;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;

/**
 * The shapes of a rigid system as differentiable functions of their points: shape s given by X_s [P_s, d]
 * (length, d = 3 or 2) in a frame of the caller's choosing, with the species, masses and point radius of the
 * system's shape s. As {@link Shape#of3d} and {@link Shape#of2d}: c = X − (Σ m X)/M, and in 3D the body-frame
 * points s = Vᵀ c in the principal frame V (columns the axes) of T = Σ m(|c|² 1 − c cᵀ), the principal moments
 * λ (plus the point-ball term), and the rotation q(V) from the body frame to the frame of X.
 * <p>Values are exactly those of {@code Shape.of3d} (its Jacobi sweeps). Derivatives are the first-order
 * eigen-perturbation of a symmetric matrix with distinct eigenvalues (Magnus & Neudecker, "Matrix Differential
 * Calculus", 3rd ed., §8.8): with A = V₀ᵀ T V₀, dλ_k = dA_kk and dV = V₀ K, K_jk = dA_jk / (λ_k − λ_j) for j ≠ k
 * (antisymmetric), so ds = d(V₀ᵀ c) − K V₀ᵀ c and dq = q ⊗ (0, ω/2) with [ω]× = K. Each such term is written
 * as y − stopGradient(y), zero in value, so values stay Jacobi's and first derivatives (the reverse pass of a
 * trajectory) are exact; higher derivatives in the points are not.
 */
final class RigidShapes {
    /** Body-frame points of all shapes, shape after shape [Σ P_s, 3] (length). */
    final Var bodyPoints;
    /** Principal moments [S, 3] (mass·length²; 2D: (0, 0, I_zz)). */
    final Var moments;
    /** q(V) [S, 4] (w x y z) of each 3D shape; null in 2D. */
    final Var frames;
    /** The shapes at the points' values, as {@code Shape.of3d}/{@code of2d} build them. */
    final List<Shape> exact = new ArrayList<>();
    /** First row of each shape in {@link #bodyPoints}. */
    final int[] offset;

    private final Ops o;

    RigidShapes(Ops o, RigidSystem system, List<Var> points) {
        this.o = o;
        int shapes = system.shapes().size();
        if (points == null || points.size() != shapes) {
            throw BadInputException.forParam("shape_points", points == null ? "none" : points.size() + " arrays",
                    "the system has " + shapes + " shapes", "give the points of each shape, one array per shape");
        }
        offset = new int[shapes];
        List<Var> body = new ArrayList<>();
        List<Var> mom = new ArrayList<>();
        List<Var> fr = new ArrayList<>();
        int row = 0;
        for (int s = 0; s < shapes; s++) {
            offset[s] = row;
            Var[] r = system.dimension() == 3 ? shape3d(system.shape(s), s, points.get(s)) : shape2d(system.shape(s), s, points.get(s));
            body.add(r[0]);
            mom.add(r[1]);
            if (r[2] != null) fr.add(r[2]);
            row += system.shape(s).size();
        }
        bodyPoints = o.concat(0, body.toArray(new Var[0]));
        moments = o.stack(0, mom.toArray(new Var[0]));
        frames = fr.isEmpty() ? null : o.stack(0, fr.toArray(new Var[0]));
    }

    /** Rows of shape s in {@link #bodyPoints} [P_s, 3]. */
    Var points(int s) { return o.sliceAxis(bodyPoints, 0, offset[s], offset[s] + exact.get(s).size()); }

    /** y − stopGradient(y): zero, with y's derivative. */
    private Var tangent(Var y) { return o.sub(y, o.stopGradient(y)); }

    private double[] values(Var x, Shape like, int s, int d) {
        if (x == null || x.rank() != 2 || x.dim(0) != like.size() || x.dim(1) != d) {
            throw BadInputException.forParam("shape_points", x == null ? "none" : x.shape().toString(), "shape " + s + " has " + like.size()
                    + " points, so its points are a [" + like.size() + ", " + d + "] array", "give " + d + " coordinates for each of its points");
        }
        return o.tensors().toDoubleArray(x.value());
    }

    /** m [P, 1], the point masses as a column. */
    private Var masses(Shape like) { return o.constant(like.masses(), like.size(), 1); }

    /** X − (Σ m X)/M [P, 3]. */
    private Var centred(Var x3, Shape like) {
        Var m = masses(like);
        return o.sub(x3, o.div(o.sum(o.mul(m, x3), 0), o.scalarLike(x3, like.mass())));
    }

    /** Σ m |c|² over the points. */
    private Var secondMoment(Var c, Shape like) { return o.sum(o.mul(masses(like), o.square(c))); }

    private Var[] shape3d(Shape like, int s, Var x) {
        double[] xv = values(x, like, s, 3);
        double sum = 0;                                              // Σ m|s|², so the ball term is (Σ I_k − 2 Σ m|s|²)/3
        for (int i = 0; i < like.size(); i++) {
            sum += like.masses()[i] * (like.point(i, 0) * like.point(i, 0) + like.point(i, 1) * like.point(i, 1) + like.point(i, 2) * like.point(i, 2));
        }
        double[] in = like.inertia();
        double ball = Math.max(0, (in[0] + in[1] + in[2] - 2 * sum) / 3);
        Shape sh = Shape.of3d(xv, like.species(), like.masses(), Math.sqrt(ball / (0.4 * like.mass())));
        exact.add(sh);
        double[] lam = sh.inertia();
        double top = Math.max(lam[0], Math.max(lam[1], lam[2]));
        for (int k = 0; k < 3; k++) {
            if (!(lam[k] > Shape.ZERO_MOMENT * top)) {
                throw BadInputException.forParam("shape_points", s, "shape " + s + " has a zero principal moment (a linear shape of point masses)",
                        "give it points off one line, or a point radius");
            }
            for (int j = 0; j < k; j++) {
                if (!(Math.abs(lam[k] - lam[j]) > 1e-9 * top)) {
                    throw BadInputException.forParam("shape_points", s, "shape " + s + " has two equal principal moments (" + lam[j] + ", " + lam[k]
                            + "), so its principal frame and its derivative are not unique", "give a shape without a symmetry axis");
                }
            }
        }
        Var c = centred(x, like);
        Var eye = o.constant(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        Var t = o.sub(o.mul(eye, secondMoment(c, like)), o.matmul(o.transpose(c, 1, 0), o.mul(masses(like), c)));
        Var v0 = o.constant(sh.orientation().matrix(), 3, 3);
        Var a = o.matmul(o.matmul(o.transpose(v0, 1, 0), t), v0);
        double[] w = new double[9];
        for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) if (j != k) w[3 * j + k] = 1 / (lam[k] - lam[j]);
        Var kd = tangent(o.mul(a, o.constant(w, 3, 3)));            // K [3, 3], zero in value
        Var s0 = o.constant(sh.points(), like.size(), 3);
        Var body = o.add(o.add(s0, tangent(o.matmul(c, v0))), o.matmul(s0, kd));
        Var moments = o.add(o.constant(lam, 3), tangent(o.sum(o.mul(a, eye), 1)));
        // q(V₀(1 + K)) = q₀ ⊗ (1, ω/2), ω = (K₂₁, K₀₂, K₁₀)
        Quaternion q = sh.orientation();
        Var ax = half(kd, 2, 1), ay = half(kd, 0, 2), az = half(kd, 1, 0);
        Var dw = o.neg(o.add(o.add(o.mul(ax, o.scalarLike(ax, q.x())), o.mul(ay, o.scalarLike(ay, q.y()))), o.mul(az, o.scalarLike(az, q.z()))));
        Var dx = o.sub(o.add(o.mul(ax, o.scalarLike(ax, q.w())), o.mul(az, o.scalarLike(az, q.y()))), o.mul(ay, o.scalarLike(ay, q.z())));
        Var dy = o.add(o.sub(o.mul(ay, o.scalarLike(ay, q.w())), o.mul(az, o.scalarLike(az, q.x()))), o.mul(ax, o.scalarLike(ax, q.z())));
        Var dz = o.sub(o.add(o.mul(az, o.scalarLike(az, q.w())), o.mul(ay, o.scalarLike(ay, q.x()))), o.mul(ax, o.scalarLike(ax, q.y())));
        Var frame = o.add(o.constant(new double[] {q.w(), q.x(), q.y(), q.z()}, 4), o.stack(0, dw, dx, dy, dz));
        return new Var[] {body, moments, frame};
    }

    /** K_jk / 2, a scalar. */
    private Var half(Var k, int j, int i) { return o.mul(o.reshape(o.slice(k, new int[] {j, i}, new int[] {j + 1, i + 1}, new int[] {1, 1})), o.scalarLike(k, 0.5)); }

    private Var[] shape2d(Shape like, int s, Var x) {
        double[] xv = values(x, like, s, 2);
        double sum = 0;                                              // Σ m|s|², so the disc term is I_zz − Σ m|s|²
        for (int i = 0; i < like.size(); i++) sum += like.masses()[i] * (like.point(i, 0) * like.point(i, 0) + like.point(i, 1) * like.point(i, 1));
        double disc = Math.max(0, like.inertia(2) - sum);
        Shape sh = Shape.of2d(xv, like.species(), like.masses(), Math.sqrt(2 * disc / like.mass()));
        exact.add(sh);
        if (!(sh.inertia(2) > 0)) {
            throw BadInputException.forParam("shape_points", s, "shape " + s + " is a single point mass, which has no moment of inertia", "give it two or more points, or a point radius");
        }
        Var x3 = o.concat(1, x, o.constant(new double[like.size()], like.size(), 1));
        Var c = centred(x3, like);
        Var body = o.add(o.constant(sh.points(), like.size(), 3), tangent(c));
        Var izz = tangent(secondMoment(c, like));
        Var moments = o.add(o.constant(sh.inertia(), 3), o.concat(0, o.constant(new double[2], 2), o.reshape(izz, 1)));
        return new Var[] {body, moments, null};
    }
}
