package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

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
        AD ad = new AutodiffEngines().create(ts);
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

    /**
     * The kernel's two paths (one type with scalar coefficients, several types with mixed tables) and its
     * virial (Σ r_i⊗F_i plus the image-shifted pairs) against a plain pair-by-pair sum of E, f and r_ij⊗f_ij,
     * in a triclinic cell smaller than 2(rc + skin), where atoms see images of themselves.
     */
    @Test
    void bothKernelPathsAndTheVirialAgreeWithAPlainPairSum() {
        Box tri = Box.periodic(new double[] {4.2, 0, 0, 1.1, 4.0, 0, -0.7, 0.9, 4.4});
        double[] h = tri.h();
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 10;
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) {
            boolean ok = false;
            while (!ok) {
                double[] f = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                for (int k = 0; k < 3; k++) r[3 * i + k] = f[0] * h[k] + f[1] * h[3 + k] + f[2] * h[6 + k] + (i % 3 == 0 ? 5 * h[k] : 0);
                // keep atoms 0.95 apart (the earlier ones already are, so any close pair involves atom i)
                ok = new NeighborListBuilder(0.95, 0, true).dense(Atoms.of(java.util.Arrays.copyOf(r, 3 * (i + 1)), "A", 1.0, tri)).pairs() == 0;
            }
        }
        int[] types = new int[n];
        for (int i = 0; i < n; i++) types[i] = i % 2;
        Atoms one = Atoms.of(r, "A", 1.0, tri);
        Atoms two = new Atoms(r, types, List.of("A", "B"), new double[] {1.0, 2.0}, tri);
        NeighborList nl = new NeighborListBuilder(2.5, 0.3, true).build(one);
        double[] eps = {1.0, 0.7};
        double[] sig = {1.0, 0.9};
        check(new LjCut(1.0, 1.0, 2.5, true).compute(one, nl), plainSum(one, nl, new double[] {1.0}, new double[] {1.0}, new int[n], 2.5, true));
        check(new LjCut(eps, sig, 2.5, true).compute(two, nl), plainSum(two, nl, eps, sig, types, 2.5, true));
    }

    /**
     * The same on a cell list (ghost atoms made by the builder) in a sheared cell, with atoms first
     * unwrapped several cells away and then moved after the build by less than half the skin: the
     * kernel reads the list's ghosts at the new positions.
     */
    @Test
    void cellListGhostsAgreeWithAPlainPairSumAfterAtomsMove() {
        Atoms fcc = Lattices.build("fcc", 1.5874, new int[] {5, 5, 5}, "A", 1.0);
        Box tri = fcc.box().strained(new double[] {0, 0.08, 0, 0, 0, 0, -0.05, 0.06, 0});
        double[] h = tri.h();
        double[] r = fcc.strained(new double[] {0, 0.08, 0, 0, 0, 0, -0.05, 0.06, 0}).positions();
        SplittableRandom rnd = new SplittableRandom(11);
        int n = r.length / 3;
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = rnd.nextInt(2);
            int[] img = {rnd.nextInt(5) - 2, rnd.nextInt(5) - 2, rnd.nextInt(5) - 2};
            for (int k = 0; k < 3; k++) r[3 * i + k] += 0.05 * rnd.nextGaussian() + img[0] * h[k] + img[1] * h[3 + k] + img[2] * h[6 + k];
        }
        Atoms built = Atoms.of(r, "A", 1.0, tri);
        NeighborList nl = new NeighborListBuilder(2.5, 0.3, true).build(built);
        assertTrue(nl.ghosts().count() > 0, "a cell list of a periodic cell has ghosts");
        double[] moved = r.clone();
        for (int k = 0; k < moved.length; k++) moved[k] += 0.08 * (rnd.nextDouble() - 0.5);
        Atoms one = Atoms.of(moved, "A", 1.0, tri);
        Atoms two = new Atoms(moved, types, List.of("A", "B"), new double[] {1.0, 2.0}, tri);
        double[] eps = {1.0, 0.7};
        double[] sig = {1.0, 0.9};
        check(new LjCut(1.0, 1.0, 2.5, false).compute(one, nl), plainSum(one, nl, new double[] {1.0}, new double[] {1.0}, new int[n], 2.5, false));
        check(new LjCut(eps, sig, 2.5, true).compute(two, nl), plainSum(two, nl, eps, sig, types, 2.5, true));
    }

    private static void check(Evaluation ev, Evaluation ref) {
        assertEquals(ref.energy(), ev.energy(), 1e-12 * Math.abs(ref.energy()), "energy");
        for (int i = 0; i < ref.forces().length; i++) assertEquals(ref.forces()[i], ev.forces()[i], 1e-11 * Math.max(1, Math.abs(ref.forces()[i])), "force " + i);
        for (int k = 0; k < 6; k++) assertEquals(ref.virial()[k], ev.virial()[k], 1e-10 * Math.max(1, Math.abs(ref.virial()[k])), "virial " + XYZ[k]);
    }

    /** lj/cut (shifted or not) pair by pair over the list, geometric mixing: the textbook formulas, no shared code with the kernel. */
    private static Evaluation plainSum(Atoms atoms, NeighborList nl, double[] eps, double[] sig, int[] t, double rc, boolean shift) {
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        double[] f = new double[r.length];
        double[] w = new double[6];
        double e = 0;
        for (int i = 0; i < nl.atoms(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nl.neighbors()[k];
                double[] d = new double[3];
                for (int c = 0; c < 3; c++) {
                    d[c] = r[3 * j + c] - r[3 * i + c];
                    for (int a = 0; a < 3; a++) d[c] += nl.shifts()[3 * k + a] * h[3 * a + c];
                }
                double rr = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                if (rr >= rc) continue;
                double ep = Math.sqrt(eps[t[i]] * eps[t[j]]);
                double sg = Math.sqrt(sig[t[i]] * sig[t[j]]);
                e += 4 * ep * (Math.pow(sg / rr, 12) - Math.pow(sg / rr, 6)) - (shift ? 4 * ep * (Math.pow(sg / rc, 12) - Math.pow(sg / rc, 6)) : 0);
                double dEdr = 4 * ep * (-12 * Math.pow(sg / rr, 12) + 6 * Math.pow(sg / rr, 6)) / rr;
                double[] fj = new double[3];
                for (int c = 0; c < 3; c++) {
                    fj[c] = -dEdr * d[c] / rr;
                    f[3 * j + c] += fj[c];
                    f[3 * i + c] -= fj[c];
                }
                w[0] += d[0] * fj[0];
                w[1] += d[1] * fj[1];
                w[2] += d[2] * fj[2];
                w[3] += d[0] * fj[1];
                w[4] += d[0] * fj[2];
                w[5] += d[1] * fj[2];
            }
        }
        return new Evaluation(e, f, w);
    }
}
