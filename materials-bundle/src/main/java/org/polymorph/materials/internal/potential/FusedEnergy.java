package org.polymorph.materials.internal.potential;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A potential's fused kernel as autodiff primitives of positions R [N,3] (Å), cell h [3,3] (Å, rows the cell vectors)
 * and parameters θ [k], all three operands; a {@link Family} turns θ into the kernel's potential and into the
 * parameter pytree of its differentiable energy ({@link Potential#energy}).
 * <ul>
 * <li>{@code materials/fused-energy}: E(R, h, θ) (eV) from the kernel. Its rules use ∂E/∂R and ∂E/∂h from the second
 * primitive and ∂E/∂θ from the differentiable energy in reverse mode (the kernel does not compute it).</li>
 * <li>{@code materials/fused-energy-gradient}: (∂E/∂R [N,3], ∂E/∂h [3,3]) = (−F, h⁻ᵀ(−W + RᵀF)) from the same kernel call
 * (F the forces, W the virial: −W = Rᵀ∂E/∂R + hᵀ∂E/∂h for h → h(I + ε)). Its derivatives are products with the
 * Hessian H of the differentiable energy in (R, h, θ): the JVP along (Ṙ, ḣ, θ̇) is the (R, h) block of H·(Ṙ, ḣ, θ̇),
 * the VJP of cotangents (c_R, c_h) is, H being symmetric, H·(c_R, c_h, 0) (forward over reverse).</li>
 * </ul>
 * <li>{@code materials/fused-energy-hessian-product}: those Hessian products from the kernel itself, used by the second
 * primitive's rules when the potential is a {@link SecondOrder} and the family knows ∂p/∂θ
 * ({@link Family#parameterJacobian}); otherwise the products are taken by forward over reverse mode of the
 * differentiable energy. Its own rules (third order) are that autodiff expression's.</li>
 * First derivatives in R and h, forces in an MD loop above all, therefore run at kernel speed, second derivatives
 * (the reverse pass of a trajectory through the forces) at kernel speed where the kernel has them, and every higher
 * order (Hessians, parameter gradients) is exact. The neighbour
 * list is built afresh from (R, h) at every call, at the cutoff of the potential at θ and without skin, so the
 * primitives are smooth functions of all three operands wherever the potential is.
 */
public final class FusedEnergy {
    /** The registry names; the materials bundle registers them ({@link #register}). */
    public static final String NAME = "materials/fused-energy";
    public static final String GRADIENT_NAME = "materials/fused-energy-gradient";
    public static final String HESSIAN_NAME = "materials/fused-energy-hessian-product";

    /** How a parameter vector θ [k] becomes a potential. */
    public interface Family {
        /** The potential at θ, whose kernel computes the energy, forces and virial. */
        Potential at(double[] theta);

        /** The parameter pytree of {@link #at}'s differentiable energy as a function of θ [k]. */
        Object params(Ops ops, Var theta);

        /**
         * ∂p/∂θ [m × k] row-major at θ, p the {@link SecondOrder} parameter vector of {@link #at}(θ), or null when it is
         * not known (the Hessian products then come from autodiff).
         */
        default double[] parameterJacobian(double[] theta) { return null; }
    }

    /** The family of a fittable style: θ is one element's entry of its file, every number in file order. */
    public static Family family(FittableStyle style) {
        return new Family() {
            @Override public Potential at(double[] theta) { return style.potential(theta); }

            @Override public Object params(Ops ops, Var theta) {
                List<Var> values = new ArrayList<>();
                for (int k = 0; k < theta.dim(0); k++) values.add(ops.reshape(ops.sliceAxis(theta, 0, k, k + 1)));
                return style.params(values);
            }

            /** θ is the file-order entry, which is a fittable style's {@link SecondOrder} vector itself. */
            @Override public double[] parameterJacobian(double[] theta) {
                double[] eye = new double[theta.length * theta.length];
                for (int k = 0; k < theta.length; k++) eye[k * theta.length + k] = 1;
                return eye;
            }
        };
    }

    /** Registers the primitives' names for {@code owner} (a bundle's symbolic name) in {@code registry}. */
    public static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        return List.of(registry.register(NAME, owner), registry.register(GRADIENT_NAME, owner), registry.register(HESSIAN_NAME, owner));
    }

    private final AD ad;
    private final Family family;
    private final Atoms template;
    private double[] cachedTheta;
    private Potential cachedPotential;

    /** {@code template}: the types, masses and periodicity of the structures R, h describe. */
    public FusedEnergy(AD ad, Family family, Atoms template) {
        this.ad = ad;
        this.family = family;
        this.template = template;
    }

    /** E(R, h, θ), a scalar (eV). */
    public Var energy(Var positions, Var cell, Var theta) { return ad.apply(new Energy(), positions, cell, theta)[0]; }

    /** (∂E/∂R [N,3] in eV/Å, minus the forces; ∂E/∂h [3,3] in eV/Å). */
    public Var[] gradient(Var positions, Var cell, Var theta) { return ad.apply(new Gradient(), positions, cell, theta); }

    /** The family θ ↦ potential. */
    public Family family() { return family; }

    /** The types, masses and periodicity of the structures. */
    public Atoms template() { return template; }

    /**
     * The potential at θ when its kernel has second derivatives and the family knows ∂p/∂θ (what a plain-array reverse
     * pass needs), else null.
     */
    public SecondOrder secondOrder(double[] theta) {
        Potential p = potential(theta);
        return p instanceof SecondOrder so && family.parameterJacobian(theta) != null ? so : null;
    }

    /** The potential at θ (cached for the last θ: an MD trajectory or a Hessian uses one θ throughout). */
    public synchronized Potential potential(double[] theta) {
        if (cachedTheta == null || !java.util.Arrays.equals(cachedTheta, theta)) {
            cachedPotential = family.at(theta);
            cachedTheta = theta.clone();
        }
        return cachedPotential;
    }

    private Atoms atoms(double[] r, double[] h) { return template.withPositions(r).withBox(template.box().withCell(h)); }

    private static NeighborList list(Potential pot, Atoms at) { return new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(at); }

    private Evaluation kernel(TensorService ts, Tensor[] a) {
        Potential pot = potential(ts.toDoubleArray(a[2]));
        Atoms at = atoms(ts.toDoubleArray(a[0]), ts.toDoubleArray(a[1]));
        return pot.compute(at, list(pot, at));
    }

    /** ∇ of the differentiable energy w.r.t. (R, h, θ) at x = (R, h, θ), itself differentiable. */
    private Var[] gradientOfEnergy(Ops o, Var[] x) {
        TensorService ts = o.tensors();
        Potential pot = potential(ts.toDoubleArray(x[2].value()));
        Atoms at = atoms(ts.toDoubleArray(x[0].value()), ts.toDoubleArray(x[1].value()));
        NeighborList nl = list(pot, at);
        return ad.grad((Var[] p) -> pot.energy(o, p[0], p[1], family.params(o, p[2]), at, nl), x);
    }

    /** H·v, H the Hessian of the differentiable energy in (R, h, θ) at x; v has no null entries. */
    private Var[] hessianProduct(Ops o, Var[] x, Var[] v) {
        return ad.jvp((Var[] p) -> gradientOfEnergy(o, p), x, v).tangent();
    }

    /**
     * The rows of H·v the second primitive's rules need: (R, h) for a JVP ({@code thetaRow} false), (R, h, θ) for a
     * VJP, whose v has no θ part. From the kernel when it has second derivatives, else {@link #hessianProduct}.
     */
    private Var[] rows(Ops o, Var[] x, Var[] v, boolean thetaRow) {
        if (secondOrder(o.tensors().toDoubleArray(x[2].value())) != null) {
            return ad.apply(new HessianProduct(thetaRow), x[0], x[1], x[2], v[0], v[1], v[2]);
        }
        Var[] hv = hessianProduct(o, x, v);
        return thetaRow ? hv : new Var[] {hv[0], hv[1]};
    }

    private static Var[] orZeros(Ops o, Var[] x, Var[] t) {
        Var[] out = new Var[x.length];
        for (int i = 0; i < x.length; i++) out[i] = t[i] != null ? t[i] : o.zerosLike(x[i]);
        return out;
    }

    /**
     * ∂E/∂h [9] (eV/Å, row-major) at fixed Cartesian positions r [3N] (Å) from a kernel evaluation (forces F, virial W)
     * in the cell h [9]: h⁻ᵀ(−W + RᵀF).
     */
    static double[] cellGradient(double[] r, Evaluation ev, double[] h) {
        double[] f = ev.forces();
        double[] w = ev.virial();
        double[] wFull = {w[0], w[3], w[4], w[3], w[1], w[5], w[4], w[5], w[2]};
        int n = f.length / 3;
        double[] m = new double[9];                          // −W + Rᵀ F
        for (int a0 = 0; a0 < 3; a0++) {
            for (int b = 0; b < 3; b++) {
                double s = -wFull[3 * a0 + b];
                for (int i = 0; i < n; i++) s += r[3 * i + a0] * f[3 * i + b];
                m[3 * a0 + b] = s;
            }
        }
        double[] inv = Box.inverse(h);
        double[] gH = new double[9];                         // h⁻ᵀ m
        for (int a0 = 0; a0 < 3; a0++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += inv[3 * k + a0] * m[3 * k + b];
                gH[3 * a0 + b] = s;
            }
        }
        return gH;
    }

    /** E(R, h, θ) from the kernel. */
    private final class Energy implements Primitive {
        @Override public String name() { return NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return new Tensor[] {ts.scalar(a[0].dtype(), kernel(ts, a).energy())}; }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            Var[] g = gradient(x[0], x[1], x[2]);
            Var dt = null;
            for (int i = 0; i < 3; i++) {
                if (t[i] == null) continue;
                Var d = o.sum(o.mul(i < 2 ? g[i] : gradientOfEnergy(o, x)[2], t[i]));
                dt = dt == null ? d : o.add(dt, d);
            }
            return new Var[] {dt};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            Var[] g = gradient(x[0], x[1], x[2]);
            return new Var[] {o.mul(ct[0], g[0]), o.mul(ct[0], g[1]), o.mul(ct[0], gradientOfEnergy(o, x)[2])};
        }
    }

    /** (∂E/∂R, ∂E/∂h) from the kernel. */
    private final class Gradient implements Primitive {
        @Override public String name() { return GRADIENT_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            Evaluation ev = kernel(ts, a);
            double[] f = ev.forces();
            int n = f.length / 3;
            double[] gR = new double[f.length];
            for (int i = 0; i < f.length; i++) gR[i] = -f[i];
            double[] gH = cellGradient(ts.toDoubleArray(a[0]), ev, ts.toDoubleArray(a[1]));
            return new Tensor[] {ts.fromArray(gR, n, 3), ts.fromArray(gH, 3, 3)};
        }

        /** The (R, h) block of H·(Ṙ, ḣ, θ̇). */
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return rows(o, x, orZeros(o, x, t), false); }

        /** H·(c_R, c_h, 0): the Hessian is symmetric. */
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            return rows(o, x, orZeros(o, x, new Var[] {ct[0], ct[1], null}), true);
        }
    }

    /**
     * Rows of H·(v_R, v_h, v_θ) by the kernel's {@link SecondOrder#hessianProduct} on operands (R, h, θ, v_R, v_h, v_θ):
     * (R [N,3], h [3,3]) or, with {@code thetaRow}, also θ [k] (then v_θ is taken as zero: the θθ block is not formed).
     * Tangents go to the list's extended atoms and the products back ({@link ExtendedTangents}), parameters through
     * the family's ∂p/∂θ.
     */
    private final class HessianProduct implements Primitive {
        private final boolean thetaRow;

        HessianProduct(boolean thetaRow) { this.thetaRow = thetaRow; }

        @Override public String name() { return HESSIAN_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            double[] theta = ts.toDoubleArray(a[2]);
            Potential pot = potential(theta);
            SecondOrder so = (SecondOrder) pot;
            Atoms at = atoms(ts.toDoubleArray(a[0]), ts.toDoubleArray(a[1]));
            NeighborList nl = list(pot, at);
            Ghosts g = nl.ghosts();
            int n = at.size(), k = theta.length, m = so.parameterCount();
            double[] jac = family.parameterJacobian(theta);
            if (jac.length != m * k) {
                throw new IllegalStateException(HESSIAN_NAME + ": the family's parameter Jacobian has " + jac.length + " entries, the potential "
                        + m + " parameters × " + k + " operands");
            }
            double[] dX = ExtendedTangents.spread(g, ts.toDoubleArray(a[3]), ts.toDoubleArray(a[4]));
            double[] dp = null;
            if (!thetaRow) {
                double[] dTheta = ts.toDoubleArray(a[5]);
                dp = new double[m];
                for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) dp[i] += jac[i * k + j] * dTheta[j];
            }
            double[] outX = new double[dX.length];
            double[] outP = thetaRow ? new double[m] : null;
            so.hessianProduct(at, nl, dX, dp, outX, outP);
            double[] rowR = new double[3 * n], rowH = new double[9];
            ExtendedTangents.reduce(g, outX, rowR, rowH);
            Tensor r = ts.fromArray(rowR, n, 3), h = ts.fromArray(rowH, 3, 3);
            if (!thetaRow) return new Tensor[] {r, h};
            double[] rowTheta = new double[k];
            for (int j = 0; j < k; j++) for (int i = 0; i < m; i++) rowTheta[j] += jac[i * k + j] * outP[i];
            return new Tensor[] {r, h, ts.fromArray(rowTheta, k)};
        }

        /** The same rows by autodiff of the differentiable energy, a function of all six operands. */
        private Var[] exact(Ops o, Var[] a) {
            Var[] x = {a[0], a[1], a[2]};
            Var[] hv = hessianProduct(o, x, new Var[] {a[3], a[4], thetaRow ? o.zerosLike(a[2]) : a[5]});
            return thetaRow ? hv : new Var[] {hv[0], hv[1]};
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            return ad.jvp((Var[] p) -> exact(o, p), x, orZeros(o, x, t)).tangent();
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            Var[] c = new Var[y.length];
            for (int i = 0; i < c.length; i++) c[i] = ct[i] != null ? ct[i] : o.zerosLike(y[i]);
            return ad.vjp((Var[] p) -> exact(o, p), x).pullback().apply(c);
        }
    }
}
