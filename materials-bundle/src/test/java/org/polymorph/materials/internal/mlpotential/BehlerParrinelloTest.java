package org.polymorph.materials.internal.mlpotential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.properties.Elastic;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class BehlerParrinelloTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();
    private final SymmetryFunctions sf = SymmetryFunctions.grid(3.6, 5, 2.0, 0.05);

    /** Diamond Si (8 atoms per repeat) with displacements of rms {@code amp} Å. */
    static Atoms silicon(int rep, double amp, long seed) {
        Atoms a = Lattices.build("diamond", 5.431, new int[] {rep, rep, rep}, "Si", 28.0855);
        double[] r = a.positions();
        RandomKey k = RandomKey.of(seed);
        for (int i = 0; i < r.length; i++) r[i] += amp * k.normal(i);
        return a.withPositions(r);
    }

    /** A random network with descriptors normalised to the crystal's scale. */
    private BehlerParrinello model() {
        double[] m = new double[sf.count()];
        double[] s = new double[sf.count()];
        java.util.Arrays.fill(s, 0.5);
        return BehlerParrinello.create(ad, sf, new int[] {6, 5}, RandomKey.of(3), m, s, -4.3, 0.2).withCore(1500, 2.3);
    }

    private NeighborList full(Atoms a, double skin) { return new NeighborListBuilder(sf.cutoff(), skin, false).build(a); }

    @Test
    void descriptorsMatchPlainLoops() {
        Atoms a = silicon(1, 0.15, 1);
        NeighborList nl = full(a, 0.4);
        double[] want = sf.reference(a.positions(), a.box().h(), nl);
        double[] got = ts.toDoubleArray(sf.descriptors(o, Statics.positions(o, a), Statics.cell(o, a), nl, SymmetryFunctions.Triplets.of(nl)).value());
        double worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
        assertTrue(worst < 1e-12, "descriptor mismatch " + worst);
        assertTrue(want[sf.count() - 1] != 0 && want[0] != 0, "descriptors are non-trivial");
        double[] fused = model().descriptors(a, nl);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], fused[i], 1e-12, "fused descriptor " + i);
    }

    @Test
    void energyIsInvariantUnderRotationTranslationAndPermutation() {
        BehlerParrinello bp = model();
        Atoms a = silicon(1, 0.15, 2);
        double e = bp.compute(a, full(a, 0)).energy();
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[] rot = {c, s, 0, -s, c, 0, 0, 0, 1};                 // row vectors r → r·Q
        double[] r = a.positions();
        double[] rr = new double[r.length];
        double[] rt = new double[r.length];
        for (int i = 0; i < r.length / 3; i++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) rr[3 * i + y] += r[3 * i + x] * rot[3 * x + y];
                rt[3 * i + y] = r[3 * i + y] + 0.37 * (y + 1);
            }
        }
        Atoms rotated = new Atoms(rr, a.types(), a.typeNames(), a.masses(), Box.periodic(Box.matmul(a.box().h(), rot)));
        assertEquals(e, bp.compute(rotated, full(rotated, 0)).energy(), 1e-10 * Math.abs(e), "rotation");
        Atoms moved = a.withPositions(rt);
        assertEquals(e, bp.compute(moved, full(moved, 0)).energy(), 1e-10 * Math.abs(e), "translation");
        int n = a.size();
        double[] rp = new double[r.length];
        for (int i = 0; i < n; i++) System.arraycopy(r, 3 * ((i * 3 + 1) % n), rp, 3 * i, 3);     // 3 and 8 coprime: a permutation
        Atoms perm = a.withPositions(rp);
        assertEquals(e, bp.compute(perm, full(perm, 0)).energy(), 1e-10 * Math.abs(e), "permutation");
        double[] shifted = r.clone();
        shifted[0] += 0.05;
        assertTrue(Math.abs(bp.compute(a.withPositions(shifted), full(a, 0)).energy() - e) > 1e-6, "the energy does depend on positions");
    }

    @Test
    void fusedKernelEqualsAutodiffAndGradientsMatchFiniteDifferences() {
        BehlerParrinello bp = model();
        Atoms a = silicon(1, 0.12, 4);
        NeighborList nl = full(a, 0.3);
        Evaluation fused = bp.compute(a, nl);
        Evaluation auto = bp.computeByAutodiff(ad, a, nl);
        assertEquals(auto.energy(), fused.energy(), 1e-10);
        for (int i = 0; i < 3 * a.size(); i++) assertEquals(auto.forces()[i], fused.forces()[i], 1e-10, "force " + i);
        for (int i = 0; i < 6; i++) assertEquals(auto.virial()[i], fused.virial()[i], 1e-10, "virial " + i);
        Var h = Statics.cell(o, a);
        Object params = bp.parameters(o);
        GradCheck gc = new GradCheck(ad, 1e-5, 1e-6, 1e-6, 5);
        gc.check(x -> bp.energy(o, x[0], h, params, a, nl), new Var[] {Statics.positions(o, a)}, 1);
        Trees.Flat flat = Trees.flatten(params, o);
        Var r = Statics.positions(o, a);
        gc.check(w -> bp.energy(o, r, h, Trees.unflatten(flat.def(), List.of(w)), a, nl), flat.leaves().toArray(new Var[0]), 1);
    }

    @Test
    void nveConservesEnergyAndElasticConstantsAreFinite() {
        BehlerParrinello bp = model();
        Atoms a = silicon(2, 0.0, 5);
        Integrator md = Integrators.nve(PotentialForceField.of(bp, 0.5), 0.0005, UnitSystem.METAL);
        State s = md.init(RandomKey.of(9), a, 300);
        double e0 = s.totalEnergy();
        double worst = 0;
        for (int k = 0; k < 200; k++) {
            s = md.step(s);
            worst = Math.max(worst, Math.abs(s.totalEnergy() - e0) / a.size());
        }
        System.out.println("nn/bp NVE: max |E - E0| = " + worst + " eV/atom over 200 steps of 0.5 fs, T = " + s.temperature() + " K");
        assertTrue(s.temperature() > 20, "atoms move: T = " + s.temperature());
        assertTrue(worst < 2e-4, "NVE drift " + worst + " eV/atom over 200 steps of 0.5 fs");
        Atoms x = silicon(1, 0, 0);
        NeighborList nl = full(x, 0);
        double[] c = ts.toDoubleArray(Elastic.clampedIon(ad, bp, Statics.positions(o, x), Statics.cell(o, x), bp.parameters(o), x, nl).value());
        for (double v : c) assertTrue(Double.isFinite(v), "finite C0");
        System.out.println("nn/bp (random weights) clamped-ion C11, C12, C44 = " + c[0] + ", " + c[1] + ", " + c[21] + " eV/A^3");
        assertTrue(Math.abs(c[0]) > 1e-6, "C11 is not zero: " + c[0]);
        assertEquals(c[0], c[7], 1e-8 * Math.abs(c[0]) + 1e-12, "cubic symmetry C11 = C22");
    }

    @Test
    void saveLoadRoundTripsAndBadInputNamesTheProblem(@TempDir Path dir) throws Exception {
        BehlerParrinello bp = model();
        Path f = dir.resolve("bp.params");
        bp.save(f);
        assertTrue(Files.size(f) > 100);
        BehlerParrinello other = BehlerParrinello.create(ad, sf, new int[] {6, 5}, RandomKey.of(99), new double[sf.count()],
                java.util.stream.DoubleStream.generate(() -> 1).limit(sf.count()).toArray(), 0, 1);
        Atoms a = silicon(1, 0.1, 6);
        NeighborList nl = full(a, 0);
        BehlerParrinello loaded = BehlerParrinello.read(f);
        assertEquals(List.of(6, 5), java.util.Arrays.stream(loaded.hidden()).boxed().toList());
        assertEquals(NetworkFile.names(2), List.copyOf(new org.polymorph.autodiff.nn.ParamStore(o).read(f).keySet()), "ParamStore reads the same layout");
        Evaluation e1 = bp.compute(a, nl);
        Evaluation e2 = loaded.compute(a, nl);
        for (int i = 0; i < 3 * a.size(); i++) assertEquals(e1.forces()[i], e2.forces()[i], 0, "force " + i + " bit for bit");
        assertEquals(bp.compute(a, nl).energy(), loaded.compute(a, nl).energy(), 1e-12);
        assertTrue(Math.abs(other.compute(a, nl).energy() - bp.compute(a, nl).energy()) > 1e-6, "different weights give a different energy");
        assertThrows(IllegalArgumentException.class, () -> bp.compute(a, new NeighborListBuilder(sf.cutoff(), 0, true).build(a)));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 1;
        Path broken = dir.resolve("broken.nnbp");
        Files.write(broken, bytes);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BehlerParrinello.read(broken)).getMessage().contains("checksum"));
        Files.writeString(broken, "pair_style sw\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BehlerParrinello.read(broken)).getMessage().contains(broken.toString()));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new SymmetryFunctions(3, new double[0][], new double[][] {{1.5, 1, 0.1}}));
        assertTrue(ex.getMessage().contains("zeta"), ex.getMessage());
    }
}
