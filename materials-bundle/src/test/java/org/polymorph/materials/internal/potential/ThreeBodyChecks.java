package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.SplittableRandom;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.testing.PotentialContract;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The checks every three-body potential passes: LAMMPS oracles, fused kernel vs autodiff, GradCheck, small periodic cells. */
final class ThreeBodyChecks {
    static final String[] XYZ = {"xx", "yy", "zz", "xy", "xz", "yz"};
    static final double SI_MASS = 28.0855;

    private ThreeBodyChecks() { }

    static NeighborList list(Potential p, Atoms atoms, double skin) {
        return new NeighborListBuilder(p.cutoff(), skin, false).build(atoms);
    }

    /**
     * Max relative errors {energy, forces, virial} against the oracle case (forces and virial relative to their largest
     * magnitude), then the absolute virial error (eV).
     */
    @SuppressWarnings("unchecked")
    static double[] oracle(Potential p, String name) {
        Atoms atoms = Oracles.atoms(name, "Si", SI_MASS);
        Evaluation ev = p.compute(atoms, list(p, atoms, 0.5));
        Map<String, Object> res = Oracles.results(name);
        double e = ((Number) res.get("total_energy")).doubleValue();
        double[] err = new double[4];
        err[0] = Math.abs(ev.energy() - e) / Math.abs(e);
        if (res.containsKey("forces")) {
            double[] f = Oracles.forces(name);
            err[1] = maxDiff(f, ev.forces()) / maxAbs(f);
        }
        Map<String, Number> w = (Map<String, Number>) res.get("virial_tensor_eV");
        double[] want = new double[6];
        for (int k = 0; k < 6; k++) want[k] = w.get(XYZ[k]).doubleValue();
        err[3] = maxDiff(want, ev.virial());
        err[2] = err[3] / maxAbs(want);
        return err;
    }

    static double maxDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Fused kernel vs autodiff on the oracle's displaced structure: energy, forces = −∂E/∂R, virial = −sym ∂E/∂ε. */
    static void autodiffAgrees(Potential p, String name) { autodiffAgrees(p, Oracles.atoms(name, "Si", SI_MASS)); }

    /** As above on any structure. */
    static void autodiffAgrees(Potential p, Atoms atoms) {
        Evaluation ev = p.compute(atoms, list(p, atoms, 0.4));
        PotentialContract.assertAutodiffMatchesFused(p, atoms, 1e-10 * Math.abs(ev.energy()), 1e-9, 1e-9 * Math.max(1, maxAbs(ev.virial())));
    }

    /** The 8-atom conventional diamond cell at a, displaced by up to amp (Å) with a fixed seed. */
    static Atoms smallCell(double a, double amp, long seed) { return displaced("diamond", a, 1, amp, seed); }

    /** A lattice of n³ conventional cells displaced by up to amp (Å). */
    static Atoms displaced(String lattice, double a, int n, double amp, long seed) {
        Atoms c = Lattices.build(lattice, a, new int[] {n, n, n}, "Si", SI_MASS);
        double[] x = c.positions();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) x[i] += amp * (2 * rnd.nextDouble() - 1);
        return c.withPositions(x);
    }

    /** GradCheck (order 1) of the Var energy w.r.t. positions, the strain, and each parameter alone, on a displaced 8-atom cell. */
    static void gradCheck(Potential p) { gradCheck(p, smallCell(5.431, 0.1, 7)); }

    static void gradCheck(Potential p, Atoms atoms) {
        NeighborList nl = list(p, atoms, 0.3);
        ReferenceTensorService ts = new ReferenceTensorService();
        AD ad = new AutodiffEngines().create(ts);
        Ops o = ad.ops();
        GradCheck gc = new GradCheck(ad);
        Var r = o.constant(ts.fromArray(atoms.positions(), atoms.size(), 3));
        Var h = o.constant(ts.fromArray(atoms.box().h(), 3, 3));
        Object params = p.parameters(o);
        gc.check(x -> p.energy(o, x[0], h, params, atoms, nl), new Var[] {r}, 1);
        Var eps0 = o.constant(ts.zeros(DType.FLOAT64, 3, 3));
        // order 2 in the strain: elastic constants are ∂²E/∂ε² of this energy
        new GradCheck(ad, 1e-5, 1e-6, 1e-5, 0).check(x -> {
            Var[] st = Space.strain(o, r, h, x[0]);
            return p.energy(o, st[0], st[1], params, atoms, nl);
        }, new Var[] {eps0}, 2);
        Var[] comps = components(params);
        for (int c = 0; c < comps.length; c++) {
            int which = c;
            String label = params.getClass().getRecordComponents()[c].getName();
            try {
                gc.check(x -> p.energy(o, r, h, replace(params, which, x[0]), atoms, nl), new Var[] {comps[c]}, 1);
            } catch (AssertionError e) {
                throw new AssertionError("parameter " + label + ": " + e.getMessage(), e);
            }
            for (double g : ts.toDoubleArray(ad.grad((Var x) -> p.energy(o, r, h, replace(params, which, x), atoms, nl), comps[c]).value())) {
                assertTrue(Double.isFinite(g), "d E / d " + label + " = " + g);
            }
        }
    }

    static Var[] components(Object record) {
        RecordComponent[] rc = record.getClass().getRecordComponents();
        Var[] out = new Var[rc.length];
        try {
            for (int k = 0; k < rc.length; k++) out[k] = (Var) rc[k].getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static Object replace(Object record, int which, Var x) {
        RecordComponent[] rc = record.getClass().getRecordComponents();
        Var[] v = components(record);
        v[which] = x;
        Class<?>[] types = new Class<?>[rc.length];
        java.util.Arrays.fill(types, Var.class);
        try {
            var ctor = record.getClass().getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance((Object[]) v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** E/atom of the perfect 8-atom cell (images in the list) equals the 64-atom oracle's; forces vanish. */
    static void smallCellMatchesSupercell(Potential p, String perfectCase) {
        Atoms atoms = smallCell(5.431, 0, 1);
        Evaluation ev = p.compute(atoms, list(p, atoms, 0.3));
        double want = ((Number) Oracles.results(perfectCase).get("energy_per_atom")).doubleValue();
        assertEquals(want, ev.energy() / 8, 1e-12 * Math.abs(want), "E/atom of the 8-atom cell");
        assertTrue(maxAbs(ev.forces()) < 1e-11, "forces of the perfect crystal " + maxAbs(ev.forces()));
    }

    /**
     * The fit path: every parameter scaled by 1 + 0.003 (c + 1) as Vars gives the same energy as withParameters(...)
     * of those values through the fused kernel, and differs from the unperturbed energy.
     */
    static void perturbedParametersAgree(Potential p) {
        Atoms atoms = Oracles.atoms("Si_SW_diamond_2x2x2_a5.431_displaced", "Si", SI_MASS);
        NeighborList nl = list(p, atoms, 0.3);
        ReferenceTensorService ts = new ReferenceTensorService();
        Ops o = new AutodiffEngines().create(ts).ops();
        Object params = p.parameters(o);
        Var[] comps = components(params);
        Object changed = params;
        for (int c = 0; c < comps.length; c++) changed = replace(changed, c, o.mul(comps[c], o.scalarLike(comps[c], 1 + 0.003 * (c + 1))));
        Var r = o.constant(ts.fromArray(atoms.positions(), atoms.size(), 3));
        Var h = o.constant(ts.fromArray(atoms.box().h(), 3, 3));
        double e = p.energy(o, r, h, changed, atoms, nl).item();
        Potential q;
        try {
            q = (Potential) p.getClass().getMethod("withParameters", Ops.class, params.getClass()).invoke(p, o, changed);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        Evaluation ev = q.compute(atoms, list(q, atoms, 0.3));
        assertEquals(ev.energy(), e, 1e-10 * Math.abs(e), "perturbed parameters");
        assertTrue(Math.abs(e - p.compute(atoms, nl).energy()) > 1e-3, "the perturbation changes the energy");
    }
}
