package org.polymorph.materials.potential.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * What every {@link Potential} must satisfy, for the tests of built-in and third-party styles alike (this
 * module's test-jar): the fused kernel's energy, forces [3N] (−∂E/∂r) and virial (−sym ∂E/∂ε, order xx yy
 * zz xy xz yz) equal those autodiff gives from the differentiable energy, in float64 on the pure-Java
 * reference tensor service.
 */
public final class PotentialContract {
    public static final ReferenceTensorService TS = new ReferenceTensorService();
    public static final AD AD_ = new org.polymorph.autodiff.internal.AutodiffEngines().create(TS);
    public static final Ops O = AD_.ops();
    private static final int[][] AB = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};

    private PotentialContract() { }

    /** A list of the potential's kind (full or half) with its cutoff and a 0.3 Å skin. */
    public static NeighborList list(Potential p, Atoms atoms) {
        return new NeighborListBuilder(p.cutoff(), 0.3, !p.needsFullList()).build(atoms);
    }

    public static Var positions(Atoms atoms) { return O.constant(TS.fromArray(atoms.positions(), atoms.size(), 3)); }

    public static Var cell(Atoms atoms) { return O.constant(TS.fromArray(atoms.box().h(), 3, 3)); }

    /** Energy, forces = −∂E/∂R and virial = −sym(∂E/∂ε) of the Var energy against compute(); returns the evaluation. */
    public static Evaluation assertAutodiffMatchesFused(Potential pot, Atoms atoms, double eTol, double fTol, double wTol) {
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
}
