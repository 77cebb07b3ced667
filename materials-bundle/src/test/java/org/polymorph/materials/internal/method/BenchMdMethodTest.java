package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * The benchmarks at toy size: they run, conserve energy, and (when lmp is installed) parse LAMMPS's loop time.
 * The full-size benchmark runs with {@code -Dbench.md=lj} or {@code sw} and prints its summary.
 */
class BenchMdMethodTest {
    @Test
    @EnabledIfSystemProperty(named = "bench.md", matches = "lj|sw")
    void fullSize(@TempDir Path dir) throws Exception {
        BenchMdMethod m = "sw".equals(System.getProperty("bench.md")) ? BenchMdMethod.sw(FixedCatalog.builtin()) : BenchMdMethod.lj(FixedCatalog.builtin());
        Result r = MethodTestSupport.run(m, dir, System.getProperty("bench.args", "threads=2").split(" "));
        System.out.println(r.summary());
        System.out.println(r.values());
    }

    @Test
    void ljMeltAtToySize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(BenchMdMethod.lj(FixedCatalog.builtin()), dir, "cells=6", "steps=20", "threads=2", "warmup=0");
        assertEquals(864, r.values().get("natoms"));
        Map<?, ?> ours = (Map<?, ?>) r.values().get("polymorph");
        // LAMMPS's in.lj policy (every 20, check no): one build in steps 1..20, at step 20; the safe policy builds more
        assertEquals("neigh_modify delay 0 every 20 check no", r.values().get("neigh_modify"));
        assertEquals(1L, ours.get("list_builds"));
        assertTrue((Long) ((Map<?, ?>) r.values().get("polymorph_check")).get("list_builds") > 1L);
        // the same trajectory on two threads, to rounding
        assertEquals((Double) ours.get("temperature_end"), (Double) ((Map<?, ?>) r.values().get("polymorph_threads")).get("temperature_end"), 1e-10);
        assertTrue((Double) ours.get("atom_steps_per_second") > 0);
        assertEquals(3.0, (Double) ours.get("temperature_start"), 1e-9);
        // unshifted lj/cut jumps as pairs cross rc: LAMMPS's own run drifts by 0.008 ε/atom in 50 steps
        assertTrue(Math.abs((Double) ours.get("energy_drift_per_atom")) < 0.05, ours.toString());
        if (LammpsPeer.find() != null) {
            Map<?, ?> lmp = (Map<?, ?>) r.values().get("lammps");
            assertEquals(20L, lmp.get("steps"), lmp.toString());
            assertEquals(864L, lmp.get("atoms"), lmp.toString());
            assertTrue((Double) r.values().get("ratio") > 0);
        }
    }

    @Test
    void swAtToySize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(BenchMdMethod.sw(FixedCatalog.builtin()), dir, "cells=3", "steps=10", "threads=2");
        Map<?, ?> two = (Map<?, ?>) r.values().get("polymorph_threads");
        assertEquals(2, two.get("threads"));
        // the same trajectory on two threads, to rounding
        assertEquals((Double) ((Map<?, ?>) r.values().get("polymorph")).get("temperature_end"), (Double) two.get("temperature_end"), 1e-8);
        assertEquals(216, r.values().get("natoms"));
        Map<?, ?> ours = (Map<?, ?>) r.values().get("polymorph");
        assertTrue(Math.abs((Double) ours.get("energy_drift_per_atom")) < 1e-3, ours.toString());
        if (LammpsPeer.find() != null) assertEquals(216L, ((Map<?, ?>) r.values().get("lammps")).get("atoms"), r.values().toString());
    }

    @Test
    void eamAtToySize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(BenchMdMethod.eam(FixedCatalog.builtin()), dir, "cells=4", "steps=10", "threads=2", "repeats=1");
        assertEquals(256, r.values().get("natoms"));
        assertTrue(String.valueOf(r.values().get("polymorph_threads")).startsWith("skipped"), r.values().toString());
        Map<?, ?> ours = (Map<?, ?>) r.values().get("polymorph");
        assertTrue(Math.abs((Double) ours.get("energy_drift_per_atom")) < 1e-3, ours.toString());
        if (LammpsPeer.find() != null) assertEquals(256L, ((Map<?, ?>) r.values().get("lammps")).get("atoms"), r.values().toString());
    }
}
