package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * The force kernels timed alone ({@link MdForceProbe}, CudaMdTrajectory's timing hook) on the emulated device: the
 * trajectory goes on exactly as one never timed, the entries counted are the neighbour list's rows, the bytes follow
 * the kernels' arrays, and the emulation reports no peak bandwidth. Skipped without g++.
 */
class MdForceProbeTest {
    private static EmulatedDevice device;
    private static CudaTensorService service;

    @BeforeAll
    static void open() throws Exception {
        String why = EmulatedDevice.unavailableReason();
        assumeTrue(why == null, "the CUDA emulation needs g++: " + why);
        device = EmulatedDevice.open();
        service = new CudaTensorService(device, new ReferenceTensorService(), 64, 64, CudaTensorService.DEFAULT_CACHE_BYTES);
    }

    @AfterAll
    static void close() { if (device != null) device.close(); }

    private static MdKernels.Trajectory start(MdKernelChecks.Crystal c, MdKernels.Style style, long seed) {
        int n = c.n();
        double[] v = new double[3 * n];
        Random r = new Random(seed);
        for (int k = 0; k < v.length; k++) v[k] = 2 * (r.nextDouble() - 0.5);
        double[] masses = new double[n];
        Arrays.fill(masses, 28.0855);
        return service.mdKernels().orElseThrow().nve(new MdKernels.Start(service.fromArray(c.x(), n, 3), service.fromArray(v, n, 3), new int[n], masses,
                MdKernelChecks.transpose(c.h()), style, 1e-3, 1.0 / 1.0364269e-4));
    }

    private static void timingLeavesTheTrajectoryAsItWas(MdKernelChecks.Crystal c, MdKernels.Style style, List<String> kernels) {
        try (MdKernels.Trajectory probed = start(c, style, 3); MdKernels.Trajectory plain = start(c, style, 3)) {
            probed.advance(3);
            double[] f = service.toDoubleArray(probed.forces());
            MdForceProbe.Timing t = MdForceProbe.time(probed, 3);
            assertEquals(kernels, t.kernels());
            assertEquals(3, t.seconds().length);
            assertTrue(Arrays.stream(t.seconds()).allMatch(s -> s > 0), Arrays.toString(t.seconds()));
            assertArrayEquals(f, service.toDoubleArray(probed.forces()), 0.0, "the forces rewritten with the same values");
            long entries = Arrays.stream(((CudaMdTrajectory) probed).neighborRows()).mapToLong(row -> row.length).sum();
            assertEquals(entries, t.neighborEntries());
            assertEquals(c.n(), t.atoms());
            long n = c.n();
            assertEquals(style.name().equals("lj/cut") ? 112 * n + 12 * entries : 144 * n + 72 * entries, t.totalBytes());
            assertTrue(MdForceProbe.peakBandwidth(probed).isEmpty(), "the emulation has no memory clock");
            probed.advance(2);
            plain.advance(5);
            assertArrayEquals(service.toDoubleArray(plain.positions()), service.toDoubleArray(probed.positions()), 0.0, "positions at step 5");
            assertArrayEquals(service.toDoubleArray(plain.velocities()), service.toDoubleArray(probed.velocities()), 0.0, "velocities at step 5");
            assertEquals(plain.sums().potentialEnergy(), probed.sums().potentialEnergy(), 0.0);
        }
    }

    @Test
    void ljCut() {
        MdKernelChecks.Crystal c = MdKernelChecks.crystal(MdKernelChecks.FCC, 5.26, 3, 0.1, 0.1, 23);
        timingLeavesTheTrajectoryAsItWas(c, new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, 8.5, false), List.of("md_lj_cut"));
    }

    @Test
    void stillingerWeber() {
        double[][] v = new double[11][];
        for (int k = 0; k < 11; k++) v[k] = new double[] {MdKernelChecks.SI[k]};
        MdKernelChecks.Crystal c = MdKernelChecks.crystal(MdKernelChecks.DIAMOND, 5.431, 2, 0.05, 0.1, 29);
        timingLeavesTheTrajectoryAsItWas(c, new MdKernels.StillingerWeber(1, v, MdKernelChecks.SI[1] * MdKernelChecks.SI[2]), List.of("md_sw_legs", "md_sw"));
    }

    @Test
    void aClosedTrajectoryOrNoEvaluationsIsRefused() {
        MdKernelChecks.Crystal c = MdKernelChecks.crystal(MdKernelChecks.FCC, 5.26, 3, 0, 0.1, 31);
        MdKernels.Trajectory t = start(c, new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, 8.5, false), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MdForceProbe.time(t, 0));
        assertTrue(e.getMessage().contains("evaluations >= 1"), e.getMessage());
        t.close();
        assertThrows(IllegalStateException.class, () -> MdForceProbe.time(t, 1));
    }
}
