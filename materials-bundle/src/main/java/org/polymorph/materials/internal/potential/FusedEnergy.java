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
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
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
 * First derivatives in R and h, forces in an MD loop above all, therefore run at kernel speed, and every higher
 * order (the reverse pass of a trajectory through the forces, Hessians, parameter gradients) is exact. The neighbour
 * list is built afresh from (R, h) at every call, at the cutoff of the potential at θ and without skin, so the
 * primitives are smooth functions of all three operands wherever the potential is.
 */
public final class FusedEnergy {
    /** The registry names; the materials bundle registers them ({@link #register}). */
    public static final String NAME = "materials/fused-energy";
    public static final String GRADIENT_NAME = "materials/fused-energy-gradient";

    /** How a parameter vector θ [k] becomes a potential. */
    public interface Family {
        /** The potential at θ, whose kernel computes the energy, forces and virial. */
        Potential at(double[] theta);

        /** The parameter pytree of {@link #at}'s differentiable energy as a function of θ [k]. */
        Object params(Ops ops, Var theta);
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
        };
    }

    /** Registers both primitives' names for {@code owner} (a bundle's symbolic name) in {@code registry}. */
    public static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        return List.of(registry.register(NAME, owner), registry.register(GRADIENT_NAME, owner));
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

    /** The potential at θ (cached for the last θ: an MD trajectory or a Hessian uses one θ throughout). */
    private synchronized Potential potential(double[] theta) {
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

    private static Var[] orZeros(Ops o, Var[] x, Var[] t) {
        Var[] out = new Var[x.length];
        for (int i = 0; i < x.length; i++) out[i] = t[i] != null ? t[i] : o.zerosLike(x[i]);
        return out;
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

        /** The (R, h) block of H·(Ṙ, ḣ, θ̇). */
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            Var[] hv = hessianProduct(o, x, orZeros(o, x, t));
            return new Var[] {hv[0], hv[1]};
        }

        /** H·(c_R, c_h, 0): the Hessian is symmetric. */
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            return hessianProduct(o, x, orZeros(o, x, new Var[] {ct[0], ct[1], null}));
        }
    }
}
