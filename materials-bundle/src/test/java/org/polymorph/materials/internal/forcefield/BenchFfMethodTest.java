package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.TapeMeter;
import org.polymorph.autodiff.internal.Transforms;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** bench.ff on a small case, and √T checkpointing of the MD loss measured on the engine's tape (TapeMeter). */
class BenchFfMethodTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();

    @SuppressWarnings("unchecked")
    @Test
    void smallRunReportsRatiosAndMemory(@TempDir Path tmp) throws Exception {
        BenchFfMethod m = new BenchFfMethod(() -> ad, FixedCatalog.builtin());
        Result r = m.run(Params.parse(m.id(), m.params(), Map.of("repeats", "1", "cells", "1", "md_steps", "40", "equilibration", "20",
                        "trajectory_small", "true", "trajectory_steps", "20")), Progress.NONE,
                RunDirectory.create(tmp));
        Map<String, Object> el = (Map<String, Object>) r.values().get("elastic");
        double ratio = (double) el.get("ratio");
        System.out.println("bench.ff small: " + r.values());
        assertTrue(ratio > 0 && Double.isFinite(ratio), "elastic gradient/forward time is reported: " + ratio); // timings are the benchmark's, never asserted
        Map<String, Object> md = (Map<String, Object>) r.values().get("md");
        assertEquals(8, md.get("atoms"));
        assertTrue((double) md.get("gradient_relative_difference") < 1e-10, "checkpointing leaves the gradient unchanged: " + md.get("gradient_relative_difference"));
        for (String k : List.of("checkpointed", "not_checkpointed")) {
            Map<String, Object> g = (Map<String, Object>) md.get(k);
            assertTrue((double) g.get("ratio") > 0, k + " " + g);
            assertTrue((long) g.get("peak_heap_bytes") > 0 && (long) g.get("tape_heap_bytes") > 0, k + " " + g);
        }
        // trajectory cases: lj/cut has a second-order kernel, so its case runs and its two gradient modes agree; a case is run or says why not
        Map<String, Object> tr = (Map<String, Object>) r.values().get("trajectories");
        assertEquals(List.of("lj_rdf", "sw_vdos", "tersoff_vdos", "eam_vdos"), List.copyOf(tr.keySet()));
        assertTrue(((Map<String, Object>) tr.get("lj_rdf")).containsKey("reverse"), "lj_rdf ran: " + tr.get("lj_rdf"));
        assertTrue(((Map<String, Object>) tr.get("eam_vdos")).containsKey("forward"), "eam_vdos ran: " + tr.get("eam_vdos"));
        for (Object v : tr.values()) {
            Map<String, Object> c = (Map<String, Object>) v;
            if (c.containsKey("skipped")) continue;
            assertTrue((double) c.get("modes_relative_difference") < 1e-9, "reverse and forward mode agree: " + c);
            assertTrue((double) c.get("loss") > 0, "the loss is not trivially zero: " + c);
            assertTrue((double) c.get("forward_cpu_seconds") > 0 && (double) c.get("trajectory_cpu_seconds") > 0, "thread CPU times are reported: " + c);
            assertTrue((double) c.get("carrying_trajectory_seconds") > 0, "forward mode's primal sweep is timed: " + c);
            for (String mode : List.of("reverse", "forward")) {
                double cpuRatio = (double) ((Map<String, Object>) c.get(mode)).get("cpu_ratio");
                assertTrue(cpuRatio > 0 && Double.isFinite(cpuRatio), mode + " CPU ratio is reported: " + c);
                assertEquals((int) c.get("repeats"), ((List<?>) ((Map<String, Object>) c.get(mode)).get("ratio_each")).size(), mode + " ratio of each round: " + c);
            }
        }
    }

    /** The full benchmark (512 atoms, 1000 steps): {@code mvn -o test -pl materials-bundle -Dtest=BenchFfMethodTest -Dff.bench=full}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "ff.bench", matches = "full")
    void fullBenchmark() throws Exception {
        BenchFfMethod m = new BenchFfMethod(() -> ad, FixedCatalog.builtin());
        Path dir = Path.of("target", "bench-ff");
        Result r = m.run(Params.parse(m.id(), m.params(), Map.of()), (done, total, msg) -> System.out.println("progress: " + msg), RunDirectory.create(dir));
        System.out.println(org.polymorph.core.runtime.Json.write(r.values(), true));
        r.summary().forEach(System.out::println);
    }

    /**
     * The autodiff scan of the trajectory (the path of a potential without a second-order kernel: here sw with its kernel's
     * products hidden from the family) keeps less on the tape with √T checkpointing, and the gradient is unchanged.
     */
    @Test
    void checkpointingShrinksTheTape() {
        TapeMeter meter = ((Transforms) ad).engine().tape();
        org.polymorph.materials.potential.FittableStyle sw = FixedCatalog.builtin().provider("sw").fittable().orElseThrow();
        org.polymorph.materials.internal.potential.FusedEnergy.Family withKernel =
                org.polymorph.materials.internal.potential.FusedEnergy.family(sw);
        org.polymorph.materials.internal.potential.FusedEnergy.Family scanOnly = new org.polymorph.materials.internal.potential.FusedEnergy.Family() {
            @Override public org.polymorph.materials.potential.Potential at(double[] theta) { return withKernel.at(theta); }

            @Override public Object params(org.polymorph.autodiff.Ops o, org.polymorph.autodiff.Var theta) { return withKernel.params(o, theta); }
        };
        org.polymorph.materials.structure.Atoms si = org.polymorph.materials.structure.Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        org.polymorph.materials.dynamics.State s0 = MdTargets.equilibrate(withKernel.at(sw.read(Oracles.potentialFile("Si.sw"), "Si")), si,
                MdTargetGradientTest.md(1, 100));
        org.polymorph.materials.internal.potential.FusedEnergy e = new org.polymorph.materials.internal.potential.FusedEnergy(ad, scanOnly, si);
        org.polymorph.autodiff.Ops o = ad.ops();
        double[] theta = sw.read(Oracles.potentialFile("Si.sw"), "Si");
        long[] peak = new long[2];
        double[][] g = new double[2][];
        for (int c = 0; c < 2; c++) {
            boolean checkpoint = c == 0;
            meter.resetPeak();
            long base = meter.live();
            g[c] = o.tensors().toDoubleArray(ad.grad(x -> {
                MdTrajectory.Frames f = MdTrajectory.run(ad, e, o.constant(si.box().h(), 3, 3), s0.positions(), s0.velocities(), si.atomMasses(), 0.001, 100, x,
                        checkpoint);
                return o.sum(o.square(f.velocities()));
            }, o.constant(theta, theta.length)).value());
            peak[c] = meter.peak() - base;
        }
        System.out.printf("tape peak, 8 atoms x 100 steps: checkpointed %d B, plain %d B%n", peak[0], peak[1]);
        for (int k = 0; k < g[0].length; k++) assertEquals(g[1][k], g[0][k], 1e-12 * Math.abs(g[1][k]) + 1e-300);
        assertTrue(peak[0] < peak[1], "sqrt(T) checkpointing keeps less on the tape (the curve ops, equal in both, dominate at this size): " + peak[0] + " vs " + peak[1]);
    }
}
