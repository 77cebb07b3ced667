package org.polymorph.materials.patchy;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The potential energy of a set of patchy bodies, in autodiff ops: differentiable to any order in the body
 * coordinates and every {@link PatchyParams} component.
 *
 * <p>Body coordinates q [n, c]: in 2D c = 3, (x, y, θ) with θ the absolute angle (radians); in 3D c = 6,
 * (x, y, z, ω) with the orientation R(ω)·R_ref,i, R(ω) the rotation of the quaternion (1, ω/2)/|(1, ω/2)| (rotation
 * angle 2 atan(|ω|/2) ≈ |ω| about ω̂): smooth everywhere, and at ω = 0 the Haar measure is dω, so Hessians in these
 * coordinates give the harmonic partition function directly. World point = x_i + R_i p for a body-frame point p.
 * Energy = Σ over body pairs i &lt; j of core–core soft-sphere and patch–patch Morse terms ({@link PatchyParams}).
 */
public final class PatchyEnergy {
    /** Added to squared distances before the square root: keeps derivatives of r finite where two patches coincide
     *  (the Morse minimum when r0 = 0) while changing no energy above r ≈ 1e-30. */
    private static final double TINY_SQUARED = 1e-60;
    private final PatchyModel model;

    public PatchyEnergy(PatchyModel model) { this.model = model; }

    public PatchyModel model() { return model; }

    /**
     * E(q) for bodies of types {@code types} [n]; {@code referenceRotations} [n][9] row-major R_ref (3D; ignored in 2D,
     * may be null). Result: scalar Var.
     */
    public Var energy(Ops o, Var q, int[] types, double[][] referenceRotations, PatchyParams p) {
        int n = types.length;
        Var[] cores = new Var[n];
        Var[] patches = new Var[n];
        for (int i = 0; i < n; i++) {
            Var row = o.sliceAxis(q, 0, i, i + 1);
            Var x = o.sliceAxis(row, 1, 0, model.dimension());
            Var rt = o.transpose(rotation(o, row, referenceRotations == null ? null : referenceRotations[i]), 1, 0);
            BodyType t = model.types().get(types[i]);
            cores[i] = o.add(o.matmul(o.constant(flat(t.cores()), t.cores().length, model.dimension()), rt), x);
            patches[i] = o.add(o.matmul(p.patches()[types[i]], rt), x);
        }
        Var e = o.scalar(q.dtype(), 0);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                e = e.add(coreEnergy(o, cores[i], cores[j], p));
                if (patches[i].dim(0) > 0 && patches[j].dim(0) > 0) {
                    e = e.add(patchEnergy(o, patches[i], patches[j], types[i], types[j], p));
                }
            }
        }
        return e;
    }

    /** The rotation matrix [d·d] row-major (body frame to world) of a body with coordinate row {@code row} [c]. */
    public double[] rotation(Ops o, double[] row, double[] reference) {
        return o.tensors().toDoubleArray(rotation(o, o.constant(row, 1, row.length), reference).value());
    }

    /** The body's rotation matrix [d, d] from its coordinate row [1, c]. */
    private Var rotation(Ops o, Var row, double[] reference) {
        if (model.dimension() == 2) {
            Var th = o.reshape(o.sliceAxis(row, 1, 2, 3), -1);
            Var c = o.cos(th), s = o.sin(th);
            return o.reshape(o.concat(0, c, s.neg(), s, c), 2, 2);
        }
        Var w = o.reshape(o.sliceAxis(row, 1, 3, 6), -1).mul(0.5);
        Var x = o.sliceAxis(w, 0, 0, 1), y = o.sliceAxis(w, 0, 1, 2), z = o.sliceAxis(w, 0, 2, 3);
        Var xx = o.square(x), yy = o.square(y), zz = o.square(z);
        Var norm = xx.add(yy).add(zz).add(1.0);
        Var r = o.reshape(o.concat(0,
                xx.sub(yy).sub(zz).add(1.0), x.mul(y).sub(z).mul(2), x.mul(z).add(y).mul(2),
                x.mul(y).add(z).mul(2), yy.sub(xx).sub(zz).add(1.0), y.mul(z).sub(x).mul(2),
                x.mul(z).sub(y).mul(2), y.mul(z).add(x).mul(2), zz.sub(xx).sub(yy).add(1.0)), 3, 3).div(norm);
        return reference == null ? r : o.matmul(r, o.constant(reference, 3, 3));
    }

    /** Distances [a, b] between point sets [a, d] and [b, d]. */
    static Var distances(Ops o, Var a, Var b) {
        Var d = o.sub(o.expandDims(a, 1), o.expandDims(b, 0));
        return o.sqrt(o.sum(o.square(d), 2).add(TINY_SQUARED));
    }

    private static Var coreEnergy(Ops o, Var a, Var b, PatchyParams p) {
        Var r = distances(o, a, b);
        Var x = o.sub(o.onesLike(r), r.div(p.coreSigma()));
        Var inside = o.gt(x, o.zerosLike(x));
        Var u = o.pow(o.where(inside, x, o.onesLike(x)), p.coreAlpha()).mul(p.coreEps()).div(p.coreAlpha());
        return o.sum(o.where(inside, u, o.zerosLike(u)));
    }

    private Var patchEnergy(Ops o, Var a, Var b, int typeA, int typeB, PatchyParams p) {
        Var ia = index(o, model.types().get(typeA).patchSpecies());
        Var ib = index(o, model.types().get(typeB).patchSpecies());
        Var eps = o.take(o.take(p.morseEps(), ia, 0), ib, 1);
        Var alpha = o.take(o.take(p.morseAlpha(), ia, 0), ib, 1);
        Var r = distances(o, a, b);
        Var m = o.expm1(alpha.neg().mul(o.sub(r, p.morseR0())));
        Var u = eps.mul(o.square(m).sub(1.0));
        return o.sum(u.mul(model.cutoff().factor(o, r)));
    }

    private static Var index(Ops o, int[] idx) { return o.constant(o.tensors().fromArray(idx, idx.length)); }

    static double[] flat(double[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[] f = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, f, i * d, d);
        return f;
    }
}
