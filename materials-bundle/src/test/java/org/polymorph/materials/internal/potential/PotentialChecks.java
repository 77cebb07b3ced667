package org.polymorph.materials.internal.potential;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.testing.PotentialContract;
import org.polymorph.materials.structure.Atoms;

/** Shared checks of the potential tests: the fused kernel against autodiff of the Var energy, and GradCheck. */
final class PotentialChecks {
    static final ReferenceTensorService TS = PotentialContract.TS;
    static final AD AD_ = PotentialContract.AD_;
    static final Ops O = PotentialContract.O;

    private PotentialChecks() { }

    static NeighborList list(Potential p, Atoms atoms) { return PotentialContract.list(p, atoms); }

    static Var positions(Atoms atoms) { return PotentialContract.positions(atoms); }

    static Var cell(Atoms atoms) { return PotentialContract.cell(atoms); }

    /** Energy, forces and virial of the Var energy against compute() ({@link PotentialContract}); returns the evaluation. */
    static Evaluation assertAutodiffMatchesFused(Potential pot, Atoms atoms, double eTol, double fTol, double wTol) {
        return PotentialContract.assertAutodiffMatchesFused(pot, atoms, eTol, fTol, wTol);
    }

    /** GradCheck (order 1, both modes) of the Var energy w.r.t. positions. */
    static void gradCheckPositions(Potential pot, Atoms atoms) {
        NeighborList nl = list(pot, atoms);
        Object params = pot.parameters(O);
        Var h = cell(atoms);
        new GradCheck(AD_).check(x -> pot.energy(O, x[0], h, params, atoms, nl), new Var[] {positions(atoms)}, 1);
    }

    /** GradCheck (order 1, both modes) of the Var energy w.r.t. every parameter leaf. */
    static void gradCheckParameters(Potential pot, Atoms atoms) {
        NeighborList nl = list(pot, atoms);
        Trees.Flat flat = Trees.flatten(pot.parameters(O), O);
        Var r = positions(atoms);
        Var h = cell(atoms);
        new GradCheck(AD_).check(x -> pot.energy(O, r, h, Trees.unflatten(flat.def(), List.of(x)), atoms, nl),
                flat.leaves().toArray(new Var[0]), 1);
    }
}
