package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A potential's fused kernel as an autodiff primitive E(R [N,3], h [3,3]): the kernel computes the
 * energy, and the derivative rule supplies ∂E/∂R = −F and ∂E/∂h = h⁻ᵀ(−W + RᵀF) from the same
 * kernel (W the virial, −W = Rᵀ∂E/∂R + hᵀ∂E/∂h). First derivatives therefore run at kernel speed;
 * the gradient is itself a primitive ({@link Gradient}) whose derivative is the Hessian of the
 * potential's differentiable energy, so second and higher orders stay exact. The potential's
 * parameters are constants here: fits differentiate {@link Potential#energy} directly.
 */
public final class FusedEnergy implements Primitive {
    /** The registry name; the materials bundle registers it. */
    public static final String NAME = "materials/fused-energy";
    public static final String GRADIENT_NAME = "materials/fused-energy-gradient";

    private final AD ad;
    private final Potential potential;
    private final Atoms template;
    private final NeighborList nl;
    private final Object params;

    private FusedEnergy(AD ad, Potential potential, Atoms template, NeighborList nl, Object params) {
        this.ad = ad;
        this.potential = potential;
        this.template = template;
        this.nl = nl;
        this.params = params;
    }

    /** E(positions, cell) through the fused kernel; {@code atoms} gives types, masses and periodicity. */
    public static Var energy(AD ad, Potential potential, Atoms atoms, NeighborList nl, Var positions, Var cell) {
        FusedEnergy p = new FusedEnergy(ad, potential, atoms, nl, potential.parameters(ad.ops()));
        return bind(ad, p, positions, cell)[0];
    }

    private static Var[] bind(AD ad, Primitive p, Var... args) { return ad.apply(p, args); }

    @Override public String name() { return NAME; }

    private Evaluation evaluate(TensorService ts, Tensor r, Tensor h) {
        Box box = template.box().withCell(ts.toDoubleArray(h));
        return potential.compute(template.withPositions(ts.toDoubleArray(r)).withBox(box), nl);
    }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        return new Tensor[] {ts.scalar(a[0].dtype(), evaluate(ts, a[0], a[1]).energy())};
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        Var[] g = bind(ad, new Gradient(this), x[0], x[1]);
        Var dr = t[0] == null ? null : o.sum(o.mul(g[0], t[0]));
        Var dh = t[1] == null ? null : o.sum(o.mul(g[1], t[1]));
        return new Var[] {dr == null ? dh : dh == null ? dr : o.add(dr, dh)};
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        Var[] g = bind(ad, new Gradient(this), x[0], x[1]);
        return new Var[] {o.mul(ct[0], g[0]), o.mul(ct[0], g[1])};
    }

    /** (∂E/∂R [N,3], ∂E/∂h [3,3]) from the kernel; derivatives from the Hessian of the differentiable energy. */
    static final class Gradient implements Primitive {
        private final FusedEnergy e;

        Gradient(FusedEnergy e) { this.e = e; }

        @Override public String name() { return GRADIENT_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            Evaluation ev = e.evaluate(ts, a[0], a[1]);
            double[] f = ev.forces();
            double[] r = ts.toDoubleArray(a[0]);
            double[] w = ev.virial();
            double[] wFull = {w[0], w[3], w[4], w[3], w[1], w[5], w[4], w[5], w[2]};
            int n = f.length / 3;
            double[] gR = new double[f.length];
            for (int i = 0; i < f.length; i++) gR[i] = -f[i];
            double[] m = new double[9];                          // −W + Rᵀ F
            for (int a0 = 0; a0 < 3; a0++) {
                for (int b = 0; b < 3; b++) {
                    double s = -wFull[3 * a0 + b];
                    for (int i = 0; i < n; i++) s += r[3 * i + a0] * f[3 * i + b];
                    m[3 * a0 + b] = s;
                }
            }
            double[] inv = Box.inverse(ts.toDoubleArray(a[1]));
            double[] gH = new double[9];                         // h⁻ᵀ m
            for (int a0 = 0; a0 < 3; a0++) {
                for (int b = 0; b < 3; b++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) s += inv[3 * k + a0] * m[3 * k + b];
                    gH[3 * a0 + b] = s;
                }
            }
            return new Tensor[] {ts.fromArray(gR, n, 3), ts.fromArray(gH, 3, 3)};
        }

        /** The JVP of the gradient is the Hessian applied to the tangent, from the differentiable energy. */
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            Var[] tz = {t[0] != null ? t[0] : o.zerosLike(x[0]), t[1] != null ? t[1] : o.zerosLike(x[1])};
            return e.ad.jvp((Var[] rh) -> gradientOfEnergy(o, rh), x, tz).tangent();
        }

        /** The Hessian is symmetric: the VJP applies it to the cotangent. */
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) { return jvp(o, x, y, ct); }

        private Var[] gradientOfEnergy(Ops o, Var[] rh) {
            return e.ad.grad((Var[] p) -> e.potential.energy(o, p[0], p[1], e.params, e.template, e.nl), rh);
        }
    }
}
