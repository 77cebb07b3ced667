package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.mlpotential.SymmetryFunctions;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.properties.Elastic;
import org.polymorph.materials.properties.Phonons;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** A Behler–Parrinello network file ({@code potential=nn/bp potential_file=...}) in md.evaluate, md.run, md.elastic and md.phonons. */
class NnBpMethodsTest {
    private static final double A = 5.431;
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);

    /** A small random network (6-5 hidden) with a core repulsion, descriptors scaled to the crystal's range. */
    private BehlerParrinello model() {
        SymmetryFunctions sf = SymmetryFunctions.grid(3.6, 5, 2.0, 0.05);
        double[] s = new double[sf.count()];
        java.util.Arrays.fill(s, 0.5);
        return BehlerParrinello.create(ad, sf, new int[] {6, 5}, RandomKey.of(3), new double[sf.count()], s, -4.3, 0.2).withCore(1500, 2.3);
    }

    private static String[] si(Path net, String repeat, String... extra) {
        List<String> l = new java.util.ArrayList<>(List.of("lattice=diamond", "a=" + A, "repeat=" + repeat, "element=Si", "potential=nn/bp",
                "potential_file=" + net));
        l.addAll(List.of(extra));
        return l.toArray(new String[0]);
    }

    private Path saved(Path dir) throws Exception {
        Path f = dir.resolve("net.nnbp");
        model().save(f);
        return f;
    }

    @SuppressWarnings("unchecked")
    @Test
    void evaluateAndRunWithTheNetworkFile(@TempDir Path dir) throws Exception {
        Path net = saved(dir);
        BehlerParrinello bp = model();
        Atoms x = Lattices.build("diamond", A, new int[] {1, 1, 1}, "Si", 28.0855);
        Evaluation want = bp.compute(x, new NeighborListBuilder(bp.cutoff(), 0, false).build(x));
        Result r = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("eval"), si(net, "1,1,1"));
        assertEquals(want.energy(), (Double) r.values().get("energy"), 1e-12, "the file gives the model's energy");
        assertEquals("nn/bp", r.values().get("potential"));
        Result md = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir.resolve("md"), si(net, "1,1,1", "ensemble=nve", "temperature=300", "dt=0.5", "steps=40",
                "thermo_every=10", "seed=2"));
        double drift = Math.abs((Double) md.values().get("conserved_drift_per_atom"));
        assertTrue(drift < 1e-3, "NVE with the network conserves energy: drift " + drift + " eV/atom");
        assertTrue((Double) md.values().get("temperature") > 10, "atoms move");
        BadInputException bad = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("bad"), si(dir.resolve("missing.nnbp"), "1,1,1")));
        assertTrue(bad.getMessage().contains("potential_file"), bad.getMessage());
        Path lammps = dir.resolve("Si.sw");
        Files.writeString(lammps, "Si Si Si 2.1683 2.0951 1.80 21.0 1.20 -0.333 7.0496 0.6022 4.0 0.0 0.0\n");
        bad = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("bad"), si(lammps, "1,1,1")));
        assertTrue(bad.getMessage().contains("potential_file") && bad.getMessage().contains("ff.mlp"), bad.getMessage());
    }

    @SuppressWarnings("unchecked")
    @Test
    void elasticConstantsFromTheFileAreCubicAndEqualTheModels(@TempDir Path dir) throws Exception {
        Path net = saved(dir);
        Result r = MethodTestSupport.run(new ElasticMethod(() -> ad, FixedCatalog.builtin()), dir.resolve("el"), si(net, "1,1,1", "relax=false"));
        List<List<Double>> c = (List<List<Double>>) r.values().get("clamped_6x6");
        Atoms x = Lattices.build("diamond", A, new int[] {1, 1, 1}, "Si", 28.0855);
        BehlerParrinello bp = model();
        Elastic.Constants direct = Elastic.compute(ad, bp, x, new NeighborListBuilder(bp.cutoff(), 0, false).build(x));
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double v = c.get(i).get(j);
                assertTrue(Double.isFinite(v), "finite C" + (i + 1) + (j + 1));
                assertEquals(direct.clamped()[i][j], v, 1e-9 * (1 + Math.abs(v)), "file vs in-memory model, C" + (i + 1) + (j + 1));
            }
        }
        double c11 = c.get(0).get(0);
        assertTrue(Math.abs(c11) > 1e-3, "C11 is not zero: " + c11);
        assertEquals(c11, c.get(1).get(1), 1e-8 * Math.abs(c11), "cubic: C11 = C22");
        assertEquals(c.get(0).get(1), c.get(0).get(2), 1e-8 * Math.abs(c11), "cubic: C12 = C13");
        assertEquals(0, c.get(0).get(3), 1e-8 * Math.abs(c11), "cubic: C14 = 0");
        assertTrue(Files.isRegularFile(dir.resolve("el").resolve("elastic.csv")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void phononsWithTheNetworkAcousticZeroAtGammaAndHessianMatchesForceDifferences(@TempDir Path dir) throws Exception {
        Path net = saved(dir);
        Result r = MethodTestSupport.run(new PhononsMethod(() -> ad, FixedCatalog.builtin()), dir.resolve("ph"), si(net, "1,1,1", "supercell=2,2,2",
                "qpoints=0,0,0;0,0.5,0.5", "path=none"));
        List<List<Double>> f = (List<List<Double>>) r.values().get("frequencies");
        for (List<Double> q : f) for (double v : q) assertTrue(Double.isFinite(v), "finite frequency " + q);
        List<Double> gamma = f.get(0).stream().sorted((a, b) -> Double.compare(Math.abs(a), Math.abs(b))).toList();
        for (int b = 0; b < 3; b++) assertEquals(0, gamma.get(b), 1e-4, "acoustic band " + b + " at Γ: " + f.get(0));
        assertTrue(Math.abs(gamma.get(3)) > 0.1, "optical bands at Γ are not zero: " + f.get(0));

        // autodiff Hessian (the force constants md.phonons uses) against central differences of the fused forces
        BehlerParrinello bp = BehlerParrinello.read(net);
        Atoms x = Lattices.build("diamond", A, new int[] {1, 1, 1}, "Si", 28.0855);
        double[] pos = x.positions();
        RandomKey key = RandomKey.of(5);
        for (int i = 0; i < pos.length; i++) pos[i] += 0.05 * key.normal(i);
        Atoms rattled = x.withPositions(pos);
        NeighborList nl = new NeighborListBuilder(bp.cutoff(), 0.5, false).build(rattled);
        int n3 = 3 * rattled.size();
        double[] hess = ts.toDoubleArray(Phonons.hessian(ad, bp, bp.parameters(ad.ops()), rattled, nl).value());
        double h = 1e-5;
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < n3; k++) {
            double[] p = pos.clone();
            p[k] += h;
            double[] fp = bp.compute(rattled.withPositions(p), nl).forces();
            p[k] -= 2 * h;
            double[] fm = bp.compute(rattled.withPositions(p), nl).forces();
            for (int j = 0; j < n3; j++) {
                double fd = -(fp[j] - fm[j]) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - hess[j * n3 + k]));
                scale = Math.max(scale, Math.abs(fd));
            }
        }
        assertTrue(scale > 0.1, "force constants are not trivial: max " + scale + " eV/A^2");
        assertTrue(worst < 1e-5 * scale + 1e-7, "Hessian vs FD of fused forces: worst " + worst + " of " + scale + " eV/A^2");
    }
}
