package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cuda.internal.EmulatedCuda;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * md.run's and bench.md's device path on the CUDA TensorService over the kernels emulated on the CPU
 * (gpu-bundle's test-jar), against the host path of the same run: 100 NVE steps of lj/cut fcc Ar (256
 * atoms) and of sw diamond Si (216 atoms) give the same thermo.csv, trajectory and final frame to 1e-10
 * relative; the device path refuses what it lacks (exit 2) and reports a blow-up as the host path does.
 * Skipped without g++.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceMdRunTest {
    private static final Path GPU_BUNDLE = Path.of("../gpu-bundle");
    private static TensorService cuda;

    @BeforeAll
    static void open() throws Exception {
        String why = EmulatedCuda.unavailableReason(GPU_BUNDLE);
        assumeTrue(why == null, "the CUDA emulation cannot run here: " + why);
        cuda = EmulatedCuda.service(GPU_BUNDLE, new ReferenceTensorService());
    }

    private static final String[] LJ = {"lattice=fcc", "a=5.26", "repeat=4,4,4", "element=Ar", "mass=39.948",
        "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=true", "temperature=80", "dt=5", "steps=100", "thermo_every=10",
        "dump_every=50", "checkpoint_every=50", "seed=5"};

    private static String[] sw() {
        return new String[] {"lattice=diamond", "a=5.431", "repeat=3,3,3", "element=Si", "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"),
            "temperature=1000", "dt=1", "steps=100", "thermo_every=10", "dump_every=50", "checkpoint_every=50", "seed=3"};
    }

    private static String[] with(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    /**
     * Every number of the two files equal to 1e-10 relative (floor 1: positions near 0, pressures), every other
     * token equal; returns the largest relative difference seen.
     */
    private static double assertSameNumbers(Path expected, Path actual) throws Exception {
        double worst = 0;
        List<String> e = Files.readAllLines(expected), a = Files.readAllLines(actual);
        assertEquals(e.size(), a.size(), expected.getFileName() + " lines");
        int numbers = 0;
        for (int l = 0; l < e.size(); l++) {
            String[] te = e.get(l).split("[\\s,=\"]+"), ta = a.get(l).split("[\\s,=\"]+");
            assertEquals(te.length, ta.length, expected.getFileName() + " line " + l);
            for (int k = 0; k < te.length; k++) {
                Double x = number(te[k]), y = number(ta[k]);
                if (x == null) {
                    assertEquals(te[k], ta[k], expected.getFileName() + " line " + l);
                } else {
                    numbers++;
                    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x)));
                    assertEquals(x, y, 1e-10 * Math.max(1, Math.abs(x)), expected.getFileName() + " line " + l + " token " + k + ": " + e.get(l));
                }
            }
        }
        assertTrue(numbers > 50, expected.getFileName() + " has numbers to compare");
        return worst;
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException notOne) {
            return null;
        }
    }

    private static void sameRun(Path dir, String[] args) throws Exception {
        Path host = dir.resolve("host"), device = dir.resolve("device");
        Result h = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), host, args);
        Result d = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), device, args);
        assertEquals("cuda", d.values().get("backend"));
        for (String f : List.of("thermo.csv", "trajectory.extxyz", "final.extxyz")) {
            System.out.printf("md.run device vs host, %s: largest relative difference %.2e%n", f, assertSameNumbers(host.resolve(f), device.resolve(f)));
        }
        for (String key : List.of("potential_energy", "kinetic_energy", "total_energy", "pressure", "temperature")) {
            double x = (Double) h.values().get(key), y = (Double) d.values().get(key);
            assertEquals(x, y, 1e-10 * Math.abs(x), key);
        }
        assertEquals(h.values().get("steps"), d.values().get("steps"));
        assertEquals(12, Files.readAllLines(device.resolve("thermo.csv")).size(), "header and rows 0, 10, ..., 100");
        assertTrue(Files.isRegularFile(device.resolve(MdCheckpoint.FILE)) && Files.isRegularFile(device.resolve("thermo.png")));
    }

    @Test
    void ljCutFcc256AtomsMatchesTheHostPath(@TempDir Path dir) throws Exception { sameRun(dir, LJ); }

    /** lj/cut fcc Ar (256 atoms) in a triclinic cell (a, b, c tilted by 3 and 2 Å), from an extxyz structure. */
    @Test
    void ljCutInATriclinicCellMatchesTheHostPath(@TempDir Path dir) throws Exception {
        double a = 5.26;
        int reps = 4;
        double l = a * reps;
        double[][] cell = {{l, 0, 0}, {3, l, 0}, {2, 1.5, l}};
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        StringBuilder xyz = new StringBuilder().append(4 * reps * reps * reps).append('\n').append("Lattice=\"");
        for (double[] row : cell) for (double v : row) xyz.append(v).append(' ');
        xyz.setLength(xyz.length() - 1);
        xyz.append("\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n");
        for (int i = 0; i < reps; i++) for (int j = 0; j < reps; j++) for (int k = 0; k < reps; k++) for (double[] b : basis) {
            double[] s = {(i + b[0]) / reps, (j + b[1]) / reps, (k + b[2]) / reps};
            xyz.append("Ar");
            for (int d = 0; d < 3; d++) xyz.append(' ').append(s[0] * cell[0][d] + s[1] * cell[1][d] + s[2] * cell[2][d]);
            xyz.append('\n');
        }
        Path structure = Files.writeString(dir.resolve("tri.extxyz"), xyz.toString());
        sameRun(dir, new String[] {"structure=" + structure, "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "temperature=80", "dt=5",
            "steps=100", "thermo_every=10", "dump_every=50", "checkpoint_every=50", "seed=9"});
    }

    @Test
    void swDiamond216AtomsMatchesTheHostPath(@TempDir Path dir) throws Exception { sameRun(dir, sw()); }

    @Test
    void aDeviceCheckpointResumesOnTheDeviceExactly(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        String[] args = with(LJ, "steps=40", "checkpoint_every=20", "thermo_every=5", "dump_every=10");
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), whole, args);
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), parts, with(args, "steps=20"));
        Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), parts, with(args, "steps=40", "resume=true"));
        assertEquals(20L, r.values().get("resumed_from"));
        for (String f : List.of("thermo.csv", "trajectory.extxyz", "final.extxyz")) assertEquals(Files.readString(whole.resolve(f)), Files.readString(parts.resolve(f)), f);
    }

    /** {@code body} as a run that asked for {@code backend=cuda}: what the device path lacks is refused. */
    private static Result asked(MethodCall body) throws Exception {
        return Backends.call("cuda", true, body::call);
    }

    private interface MethodCall { Result call() throws Exception; }

    @Test
    void whatTheDevicePathLacksIsBadInputNamingTheFix(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> asked(() -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda),
                dir.resolve("a"), with(LJ, "ensemble=nvt-langevin", "steps=2"))));
        assertTrue(e.getMessage().contains("ensemble") && e.getMessage().contains("nve only") && e.getMessage().contains("backend=cpu"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> asked(() -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), dir.resolve("b"),
                "lattice=fcc", "a=3.615", "repeat=3,3,3", "element=Cu", "potential=morse:d0=0.3429,alpha=1.3588,r0=2.866,cutoff=6", "steps=2")));
        assertTrue(e.getMessage().contains("morse") && e.getMessage().contains("lj/cut, sw"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> asked(() -> MethodTestSupport.run(BenchMdMethod.eam(FixedCatalog.builtin(), () -> cuda), dir.resolve("c"),
                "cells=2", "steps=1", "lammps=false")));
        assertTrue(e.getMessage().contains("bench.md.eam") && e.getMessage().contains("backend=cpu"), e.getMessage());
    }

    @Test
    void underADefaultGpuBackendWhatTheDevicePathLacksRunsOnTheHost(@TempDir Path dir) throws Exception {
        String[] nvt = with(LJ, "ensemble=nvt-langevin", "steps=4", "thermo_every=2");
        Result host = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir.resolve("host"), nvt);
        Result byDefault = Backends.call("cuda", false, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), dir.resolve("default"), nvt));
        assertEquals(null, byDefault.values().get("backend"), "the host path ran");
        assertEquals((Double) host.values().get("total_energy"), (Double) byDefault.values().get("total_energy"), 0.0);
        assertEquals(Files.readAllLines(dir.resolve("host/thermo.csv")), Files.readAllLines(dir.resolve("default/thermo.csv")));
        Result eam = Backends.call("cuda", false, () -> MethodTestSupport.run(BenchMdMethod.eam(FixedCatalog.builtin(), () -> cuda), dir.resolve("eam"),
                "cells=2", "steps=1", "warmup=0", "repeats=1", "lammps=false"));
        assertEquals(null, eam.values().get("backend"), "bench.md.eam timed on the host");
    }

    @Test
    void aBlowUpOnTheDeviceNamesTheStepAndTheAtom(@TempDir Path dir) {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin(), () -> cuda), dir,
                with(LJ, "temperature=30000", "dt=100", "steps=50")));
        assertTrue(e.getMessage().contains("the simulation blew up at step") && e.getMessage().contains("atom"), e.getMessage());
    }

    @Test
    void benchMdLjTimesTheDevicePath(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(BenchMdMethod.lj(FixedCatalog.builtin(), () -> cuda), dir, "cells=4", "steps=10", "warmup=2", "repeats=1",
                "lammps=false");
        assertEquals("cuda", r.values().get("backend"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ours = (Map<String, Object>) r.values().get("polymorph");
        assertEquals(10L, ((Number) ours.get("list_builds")).longValue(), "one device build per step");
        assertTrue((Double) ours.get("atom_steps_per_second") > 0);
        assertTrue(Math.abs((Double) ours.get("energy_drift_per_atom")) < 0.05, ours.toString());
    }
}
