package org.polymorph.materials.properties;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * E(R, e): the potential's differentiable energy of positions R [N, 3] and cell h [3, 3] deformed by
 * the Voigt strain e [6] = (ε_xx, ε_yy, ε_zz, 2ε_yz, 2ε_xz, 2ε_xy) (engineering shear strains), as
 * R (I + ε), h (I + ε) with ε symmetric. Then (1/V) ∂E/∂e is the Voigt stress and
 * (1/V) ∂²E/∂e∂e the clamped-ion elastic tensor with C44 in its usual place (Nye's convention).
 */
final class StrainEnergy {
    private final Ops o;
    private final Potential potential;
    private final Object params;
    private final Atoms atoms;
    private final NeighborList nl;
    private final Var cell;
    private final Var voigtToTensor;   // [6, 9]

    public StrainEnergy(Ops o, Potential potential, Object params, Atoms atoms, NeighborList nl, Var cell) {
        this.o = o;
        this.potential = potential;
        this.params = params;
        this.atoms = atoms;
        this.nl = nl;
        this.cell = cell;
        double[] m = new double[54];
        m[0] = 1;                          // e1 → ε_xx
        m[9 + 4] = 1;                      // e2 → ε_yy
        m[18 + 8] = 1;                     // e3 → ε_zz
        m[27 + 5] = m[27 + 7] = 0.5;       // e4 → ε_yz = ε_zy
        m[36 + 2] = m[36 + 6] = 0.5;       // e5 → ε_xz = ε_zx
        m[45 + 1] = m[45 + 3] = 0.5;       // e6 → ε_xy = ε_yx
        this.voigtToTensor = o.constant(m, 6, 9);
    }

    /** The symmetric strain tensor ε [3, 3] of a Voigt strain e [6]. */
    public Var tensor(Var e) { return o.reshape(o.matmul(o.reshape(e, 1, 6), voigtToTensor), 3, 3); }

    /** E (eV) at positions R [N, 3] and Voigt strain e [6]. */
    public Var energy(Var positions, Var e) {
        Var[] st = Space.strain(o, positions, cell, tensor(e));
        return potential.energy(o, st[0], st[1], params, atoms, nl);
    }

    /** det(h) [Å³] as a Var (differentiable in the cell). */
    public Var volume() { return o.det(cell); }

    public Var zeroStrain() { return o.constant(new double[6], 6); }
}
