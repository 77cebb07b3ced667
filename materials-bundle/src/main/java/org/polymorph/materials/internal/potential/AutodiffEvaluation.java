package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * Energy, forces and virial of a differentiable energy E(R [N, 3], h [3, 3]) by one reverse pass: the gradient with
 * respect to the positions (forces −∂E/∂R) and to a homogeneous strain ε at ε = 0 applied as R(I + ε), h(I + ε)
 * (virial W = −sym ∂E/∂ε, LAMMPS order xx yy zz xy xz yz). The reference fused kernels are tested against.
 */
public final class AutodiffEvaluation {
    /** The energy (a scalar Var, eV) at positions and cell. */
    public interface EnergyFn {
        Var energy(Var positions, Var cell);
    }

    private AutodiffEvaluation() { }

    /** {@code style} names the potential in the message of a non-finite force. */
    public static Evaluation of(AD ad, Atoms atoms, String style, EnergyFn fn) {
        Ops o = ad.ops();
        int n = atoms.size();
        Var r = o.constant(atoms.positions(), n, 3);
        Var h = o.constant(atoms.box().h(), 3, 3);
        ValueAndGrad<Var[]> vg = ad.valueAndGrad((Var[] x) -> {
            Var[] s = Space.strain(o, x[0], h, x[1]);
            return fn.energy(s[0], s[1]);
        }, new Var[] {r, o.constant(o.tensors().zeros(DType.FLOAT64, 3, 3))});
        double e = o.tensors().toDoubleArray(vg.value().value())[0];
        double[] dr = o.tensors().toDoubleArray(vg.grad()[0].value());
        double[] de = o.tensors().toDoubleArray(vg.grad()[1].value());
        double[] f = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            f[i] = -dr[i];
            if (!Double.isFinite(f[i])) {
                throw new ArithmeticException(style + ": non-finite force on atom " + i / 3 + " (component " + "xyz".charAt(i % 3) + "); energy " + e);
            }
        }
        double[] w = {-de[0], -de[4], -de[8], -(de[1] + de[3]) / 2, -(de[2] + de[6]) / 2, -(de[5] + de[7]) / 2};
        return new Evaluation(e, f, w);
    }
}
