package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/** Shared checks of the potential tests: the fused kernel against autodiff of the Var energy, and GradCheck. */
final class PotentialChecks {
    static final ReferenceTensorService TS = new ReferenceTensorService();
    static final AD AD_ = new AutodiffEngines().create(TS);
    static final Ops O = AD_.ops();
    private static final int[][] AB = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};

    private PotentialChecks() { }

    static NeighborList list(Potential p, Atoms atoms) {
        return new NeighborListBuilder(p.cutoff(), 0.3, !p.needsFullList()).build(atoms);
    }

    static Var positions(Atoms atoms) { return O.constant(TS.fromArray(atoms.positions(), atoms.size(), 3)); }

    static Var cell(Atoms atoms) { return O.constant(TS.fromArray(atoms.box().h(), 3, 3)); }

    /** Energy, forces = −∂E/∂R and virial = −sym(∂E/∂ε) of the Var energy against compute(); returns the evaluation. */
    static Evaluation assertAutodiffMatchesFused(Potential pot, Atoms atoms, double eTol, double fTol, double wTol) {
        NeighborList nl = list(pot, atoms);
        Evaluation ev = pot.compute(atoms, nl);
        Var r = positions(atoms);
        Var h = cell(atoms);
        Object params = pot.parameters(O);
        Var eps0 = O.constant(TS.zeros(DType.FLOAT64, 3, 3));
        List<Var> g = AD_.grad((List<Var> in) -> {
            Var[] st = Space.strain(O, in.get(0), h, in.get(1));
            return pot.energy(O, st[0], st[1], params, atoms, nl);
        }, List.of(r, eps0));
        assertEquals(ev.energy(), pot.energy(O, r, h, params, atoms, nl).item(), eTol, pot.style() + " energy");
        double[] grad = TS.toDoubleArray(g.get(0).value());
        double[] f = ev.forces();
        for (int i = 0; i < f.length; i++) assertEquals(f[i], -grad[i], fTol, pot.style() + " force " + i);
        double[] dEdEps = TS.toDoubleArray(g.get(1).value());
        double[] w = ev.virial();
        for (int k = 0; k < 6; k++) {
            double sym = 0.5 * (dEdEps[3 * AB[k][0] + AB[k][1]] + dEdEps[3 * AB[k][1] + AB[k][0]]);
            assertEquals(-w[k], sym, wTol, pot.style() + " virial " + k);
        }
        return ev;
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
