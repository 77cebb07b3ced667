package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

class RunMethodTest {
    private static String[] args(String... extra) {
        List<String> base = new java.util.ArrayList<>(List.of("lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw"), "temperature=600", "dt=1", "thermo_every=5", "dump_every=10", "seed=3"));
        base.addAll(List.of(extra));
        return base.toArray(new String[0]);
    }

    @Test
    void nveConservesEnergyAndWritesFiles(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir, args("steps=40"));
        assertEquals(40L, r.values().get("steps"));
        assertTrue(Math.abs((Double) r.values().get("conserved_drift_per_atom")) < 1e-4, r.values().toString());
        double t = (Double) r.values().get("temperature");
        assertTrue(t > 100 && t < 600, "equipartition takes kinetic energy into the lattice: T = " + t);
        List<String> thermo = Files.readAllLines(dir.resolve("thermo.csv"));
        assertEquals(RunMethod.THERMO_HEADER, thermo.get(0));
        assertEquals(1 + 9, thermo.size());
        long frames = Files.readAllLines(dir.resolve("trajectory.extxyz")).stream().filter(l -> l.trim().equals("64")).count();
        assertEquals(5, frames);
        assertTrue(Files.isRegularFile(dir.resolve("final.extxyz")) && Files.isRegularFile(dir.resolve(MdCheckpoint.FILE)));
    }

    private static String[] with(String[] a, String... b) {
        List<String> all = new java.util.ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    @Test
    void resumeReproducesAnUninterruptedRunExactly(@TempDir Path tmp) throws Exception {
        // the last: a neigh_every schedule without checks, whose list age the checkpoint keeps (built at 12,
        // then 18, 24); with skin 0 at 3000 K a list misses pairs that come within the cutoff, so the
        // schedule shows in the trajectory
        for (String ens : List.of("nvt-langevin", "nvt-langevin langevin_momentum=zero", "nvt-langevin langevin_momentum=none", "npt", "npt couple=tri",
                "nve neigh_every=6 neigh_check=false skin=0 temperature=3000")) {
            String[] e = ("ensemble=" + ens).split(" ");
            String name = e[0] + (e.length > 1 ? "-" + e[1].replace('=', '-') : "");
            Path whole = tmp.resolve(name + "-whole");
            Path parts = tmp.resolve(name + "-parts");
            MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), whole, args(with(e, "steps=30", "checkpoint_every=10")));
            MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, args(with(e, "steps=15", "checkpoint_every=10")));
            Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, args(with(e, "steps=30", "checkpoint_every=10", "resume=true")));
            assertEquals(15L, r.values().get("resumed_from"));
            for (String f : List.of("thermo.csv", "trajectory.extxyz", "final.extxyz")) {
                assertEquals(Files.readString(whole.resolve(f)), Files.readString(parts.resolve(f)), ens + " " + f);
            }
        }
    }

    /** The same for lj/cut on a periodic cell list, whose kernel reads the list's ghost atoms (the resumed run rebuilds them). */
    @Test
    void resumeOfACellListRunReproducesItExactly(@TempDir Path tmp) throws Exception {
        String[] lj = {"lattice=fcc", "a=5.26", "repeat=7,7,7", "element=Ar", "mass=39.948", "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5",
            "skin=1", "temperature=300", "dt=5", "thermo_every=5", "dump_every=10", "seed=5", "checkpoint_every=10"};
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), whole, with(lj, "steps=30"));
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, with(lj, "steps=15"));
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, with(lj, "steps=30", "resume=true"));
        for (String f : List.of("thermo.csv", "final.extxyz")) assertEquals(Files.readString(whole.resolve(f)), Files.readString(parts.resolve(f)), f);
    }

    @Test
    void aBadPressureRampIsBadInput(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp,
                args("ensemble=npt", "couple=aniso", "pressure_end=high", "steps=5")));
        assertTrue(e.getMessage().contains("'pressure_end'") && e.getMessage().contains("high"), e.getMessage());
    }

    /** md.run as a build without the parameters {@code added} saw it: the Method of a checkpoint written before they existed. */
    private static Method olderRunMethod(java.util.function.Predicate<String> added) {
        List<ParamSpec> older = new RunMethod(FixedCatalog.builtin()).params().stream().filter(q -> !added.test(q.name())).toList();
        return new Method() {
            @Override public String id() { return "md.run"; }
            @Override public String description() { return "md.run of an earlier build"; }
            @Override public List<ParamSpec> params() { return older; }
            @Override public Result run(Params p, Progress progress, RunDirectory d) { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    void resumesFromAVersionOneCheckpointWrittenBeforeTheNeighbourPolicy(@TempDir Path tmp) throws Exception {
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp, args("steps=10"));
        Path f = tmp.resolve(MdCheckpoint.FILE);
        Checkpoint written = Checkpoint.read(f);
        MdCheckpoint c = MdCheckpoint.fromBytes(written.payloadVersion(), written.payload());
        assertEquals(0L, c.listBuiltAt());                // the list of the first force call, never rebuilt at 600 K with a 1 Å skin
        // a run of a build without the neigh_* parameters, whose payload (version 1) lacks the cell rate and listBuiltAt
        Method before = olderRunMethod(name -> name.startsWith("neigh_"));
        byte[] v1 = new MdCheckpoint(c.state(), c.trajectoryBytes(), c.thermoBytes(), 7).toBytes(1);   // no cell rate, no listBuiltAt
        MdCheckpoint read = MdCheckpoint.fromBytes(1, v1);
        assertEquals(-1L, read.listBuiltAt());
        assertEquals(10L, read.state().step());
        Params p = MethodTestSupport.params(before, args("steps=10"));
        assertTrue(p.asMap().keySet().stream().noneMatch(k -> k.startsWith("neigh_")));
        Checkpoint.write(RunDirectory.create(tmp), MdCheckpoint.FILE, before, p, 1, v1);
        Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp, args("steps=20", "resume=true"));
        assertEquals(10L, r.values().get("resumed_from"));
        assertEquals(20L, r.values().get("steps"));
    }

    @Test
    void threadsGiveTheOneThreadTrajectoryAndRefuseEam(@TempDir Path tmp) throws Exception {
        Result one = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("one"), args("steps=20"));
        Result two = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("two"), args("steps=20", "threads=2"));
        assertEquals((Double) one.values().get("total_energy"), (Double) two.values().get("total_energy"), 1e-9);
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("eam"),
                "lattice=fcc", "a=3.615", "element=Cu", "potential=eam", "potential_file=" + Oracles.potentialFile("Cu_u3.eam"), "threads=2"));
        assertTrue(e.getMessage().contains("'threads'"), e.getMessage());
    }

    @Test
    void neighbourUpdatePolicyIsValidatedAndKeepsTheTrajectoryWhenTheSkinSuffices(@TempDir Path tmp) throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("bad"),
                args("steps=5", "neigh_every=4", "neigh_delay=6")));
        assertTrue(e.getMessage().contains("neigh_delay"), e.getMessage());
        Result safe = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("safe"), args("steps=20"));
        Result lazy = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("lazy"), args("steps=20", "neigh_every=10", "neigh_check=false"));
        assertEquals((Double) safe.values().get("temperature"), (Double) lazy.values().get("temperature"), 1e-9);
    }

    @Test
    void continuesFromTheVelocitiesOfFinalExtxyz(@TempDir Path tmp) throws Exception {
        Result whole = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("whole"), args("steps=30"));
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("a"), args("steps=20"));
        Result b = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("b"), "structure=" + tmp.resolve("a/final.extxyz"), "velocities=file",
                "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "steps=10", "dt=1");
        assertEquals((Double) whole.values().get("total_energy"), (Double) b.values().get("total_energy"), 1e-8);
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("c"),
                args("steps=5", "velocities=file")));
        assertTrue(e.getMessage().contains("'velocities'"), e.getMessage());
    }

    @Test
    void resumeWithOtherSettingsOrNoCheckpointIsBadInput(@TempDir Path tmp) throws Exception {
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp, args("steps=5"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp, args("steps=10", "temperature=700", "resume=true")));
        assertTrue(e.getMessage().contains("'temperature'"), e.getMessage());
        BadInputException none = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("empty"), args("steps=10", "resume=true")));
        assertTrue(none.getMessage().contains("'resume'"), none.getMessage());
    }

    @Test
    void langevinMomentumIsDescribedAndValidated(@TempDir Path tmp) throws Exception {
        ParamSpec spec = new RunMethod(FixedCatalog.builtin()).params().stream().filter(q -> q.name().equals("langevin_momentum")).findFirst().orElseThrow();
        assertEquals("fixcm", spec.defaultValue());
        assertEquals(List.of("fixcm", "zero", "none"), spec.choices());
        assertTrue(spec.description().contains("ASE") && spec.description().contains("LAMMPS") && spec.description().contains("3N-3"), spec.description());
        BadInputException bad = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("bad"),
                args("ensemble=nvt-langevin", "langevin_momentum=yes", "steps=5")));
        assertTrue(bad.getMessage().contains("'langevin_momentum'") && bad.getMessage().contains("yes") && bad.getMessage().contains("fixcm, zero, none"),
                bad.getMessage());
        BadInputException nve = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve("nve"),
                args("langevin_momentum=none", "steps=5")));
        assertTrue(nve.getMessage().contains("'langevin_momentum'") && nve.getMessage().contains("nvt-langevin"), nve.getMessage());
        // the default keeps the total momentum of the written velocities at zero (up to their printed digits); a bath per atom does not
        for (String mode : List.of("fixcm", "none")) {
            MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), tmp.resolve(mode), args("ensemble=nvt-langevin", "langevin_momentum=" + mode, "steps=20"));
            Frame last = StructureFiles.readXyz(tmp.resolve(mode + "/final.extxyz")).get(0);
            double largest = 0;
            for (double p : Thermo.momentum(last.atoms(), last.velocities())) largest = Math.max(largest, Math.abs(p));
            if (mode.equals("fixcm")) assertTrue(largest < 1e-4, mode + ": |P| = " + largest + " amu·Å/ps");
            else assertTrue(largest > 1, mode + ": |P| = " + largest + " amu·Å/ps");
        }
    }
    @Test
    void aLangevinRunFromBeforeTheMomentumRuleResumesWithItsOwnBath(@TempDir Path tmp) throws Exception {
        // a checkpoint of a build without langevin_momentum: its bath acted on each atom alone, and the resumed run goes on so,
        // equal to an uninterrupted run with langevin_momentum=none
        String[] lg = {"ensemble=nvt-langevin", "checkpoint_every=10"};
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), whole, args(with(lg, "langevin_momentum=none", "steps=30")));
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, args(with(lg, "langevin_momentum=none", "steps=15")));
        Checkpoint written = Checkpoint.read(parts.resolve(MdCheckpoint.FILE));
        Method before = olderRunMethod(name -> name.equals("langevin_momentum"));
        Checkpoint.write(RunDirectory.create(parts), MdCheckpoint.FILE, before, MethodTestSupport.params(before, args(with(lg, "steps=15"))),
                written.payloadVersion(), written.payload());
        Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), parts, args(with(lg, "steps=30", "resume=true")));
        assertEquals(15L, r.values().get("resumed_from"));
        for (String f : List.of("thermo.csv", "trajectory.extxyz", "final.extxyz")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(parts.resolve(f)), f);
        }
    }
}
