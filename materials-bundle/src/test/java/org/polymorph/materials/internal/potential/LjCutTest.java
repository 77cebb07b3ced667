package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

class LjCutTest {
    private static final String[] XYZ = {"xx", "yy", "zz", "xy", "xz", "yz"};

    @Test
    void matchesLammpsOnTheDisplacedFccOracles() {
        for (String shift : new String[] {"noshift", "shift"}) {
            String name = "LJ_fcc_4x4x4_rho0.8442_displaced_" + shift;
            Atoms atoms = Oracles.atoms(name, "A", 1.0);
            LjCut lj = new LjCut(1.0, 1.0, 2.5, shift.equals("shift"));
            NeighborList nl = new NeighborListBuilder(2.5, 0.3, true).build(atoms);
            Evaluation ev = lj.compute(atoms, nl);
            Map<String, Object> res = Oracles.results(name);
            double e = ((Number) res.get("total_energy")).doubleValue();
            assertEquals(e, ev.energy(), 1e-10 * Math.abs(e), name);
            double[] f = Oracles.forces(name);
            for (int i = 0; i < f.length; i++) assertEquals(f[i], ev.forces()[i], 1e-10 * 10, name + " force " + i);
            @SuppressWarnings("unchecked")
            Map<String, Number> w = (Map<String, Number>) res.get("virial_tensor_lj");
            for (int k = 0; k < 6; k++) assertEquals(w.get(XYZ[k]).doubleValue(), ev.virial()[k], 1e-8 * 1800, name + " virial " + XYZ[k]);
        }
    }

    @Test
    void autodiffEnergyForcesAndStressAgreeWithTheFusedKernel() {
        String name = "LJ_fcc_4x4x4_rho0.8442_displaced_shift";
        Atoms atoms = Oracles.atoms(name, "A", 1.0);
        LjCut lj = new LjCut(1.0, 1.0, 2.5, true);
        NeighborList nl = new NeighborListBuilder(2.5, 0.3, true).build(atoms);
        Evaluation ev = lj.compute(atoms, nl);
        ReferenceTensorService ts = new ReferenceTensorService();
        AD ad = AD.create(ts);
        Ops o = ad.ops();
        Var r = o.constant(ts.fromArray(atoms.positions(), atoms.size(), 3));
        Var h = o.constant(ts.fromArray(atoms.box().h(), 3, 3));
        Object params = lj.parameters(o);
        Var eps0 = o.constant(ts.zeros(org.polymorph.core.tensor.DType.FLOAT64, 3, 3));
        java.util.List<Var> g = ad.grad((java.util.List<Var> in) -> {
            Var[] st = Space.strain(o, in.get(0), h, in.get(1));
            return lj.energy(o, st[0], st[1], params, atoms, nl);
        }, java.util.List.of(r, eps0));
        assertEquals(ev.energy(), lj.energy(o, r, h, params, atoms, nl).item(), 1e-10 * Math.abs(ev.energy()));
        double[] grad = ts.toDoubleArray(g.get(0).value());
        double[] f = ev.forces();
        for (int i = 0; i < f.length; i++) assertEquals(f[i], -grad[i], 1e-11, "force " + i);
        // dE/dε = −W (virial, LAMMPS sign), symmetric part
        double[] dEdEps = ts.toDoubleArray(g.get(1).value());
        double[] w = ev.virial();
        int[][] ab = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        for (int k = 0; k < 6; k++) {
            double sym = 0.5 * (dEdEps[3 * ab[k][0] + ab[k][1]] + dEdEps[3 * ab[k][1] + ab[k][0]]);
            assertEquals(-w[k], sym, 1e-9, "virial " + XYZ[k]);
        }
    }
}
