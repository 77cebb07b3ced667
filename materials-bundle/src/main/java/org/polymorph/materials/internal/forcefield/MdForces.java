package org.polymorph.materials.internal.forcefield;

import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.structure.Atoms;

/**
 * G(R, x) = ∂E/∂R [N, 3] (eV/Å, minus the forces) of the fitted style at positions R [N, 3] and scaled
 * free parameters x [k], as a differentiable function of both: the value comes from the fused kernel
 * (as FusedEnergy does), the VJP from forward-over-reverse on the potential's differentiable energy:
 * for a cotangent c [N, 3], (R̄, x̄) = (H_RR c, H_xR c) = the JVP of ∇_(R,x) E along (c, 0), H the Hessian
 * of E in (R, x). Unlike FusedEnergy, whose parameters are constants, x is an operand here, so a loss
 * of an MD trajectory is differentiable w.r.t. the potential's parameters and the reverse pass is exact.
 * The neighbour list is rebuilt from R at every call at the potential's cutoff for x (no skin: it is
 * never reused), so G is a smooth function of R and x wherever the potential is.
 */
final class MdForces {
    private final AD ad;
    private final Ops o;
    private final Objective f;
    private final Atoms template;
    private final Var cell;
    private final Function<Var[], Var[]> fn;
    private double[] cachedX;
    private Potential cachedPotential;

    /** {@code template}: types, masses and the (fixed) cell of the trajectory. */
    MdForces(AD ad, Objective f, Atoms template) {
        this.ad = ad;
        this.o = ad.ops();
        this.f = f;
        this.template = template;
        this.cell = Statics.cell(o, template);
        this.fn = ad.customVjp("ff.fit md forces", this::forward, this::backward);
    }

    /** ∂E/∂R [N, 3] at positions {@code r} [N, 3] and parameters {@code x} [k]. */
    Var gradient(Var r, Var x) { return fn.apply(new Var[] {r, x})[0]; }

    private Var[] forward(Var[] a) {
        double[] r = o.tensors().toDoubleArray(a[0].value());
        Potential pot = potential(o.tensors().toDoubleArray(a[1].value()));
        Atoms at = template.withPositions(r);
        Evaluation ev = pot.compute(at, list(pot, at));
        double[] g = ev.forces();
        for (int i = 0; i < g.length; i++) g[i] = -g[i];
        return new Var[] {o.constant(g, g.length / 3, 3)};
    }

    private Var[] backward(Var[] primals, Var[] outs, Var[] ct) {
        double[] r = o.tensors().toDoubleArray(primals[0].value());
        Potential pot = potential(o.tensors().toDoubleArray(primals[1].value()));
        Atoms at = template.withPositions(r);
        NeighborList nl = list(pot, at);
        Function<Var[], Var[]> grad = rx -> ad.grad((Var[] p) -> pot.energy(o, p[0], cell, f.params(p[1]), at, nl), rx);
        return ad.jvp(grad, new Var[] {primals[0], primals[1]}, new Var[] {ct[0], o.zerosLike(primals[1])}).tangent();
    }

    /** The kernel potential at x (cached for the last x: a trajectory uses one x throughout). */
    private synchronized Potential potential(double[] x) {
        if (cachedX == null || !java.util.Arrays.equals(cachedX, x)) {
            cachedPotential = f.style().potential(f.full(x));
            cachedX = x.clone();
        }
        return cachedPotential;
    }

    private static NeighborList list(Potential pot, Atoms at) {
        return new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(at);
    }
}
