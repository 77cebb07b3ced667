package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;
import org.polymorph.gpu.cpu.internal.TestServices;

/**
 * What the contract does not see: which ops stay on the device and which go through the host
 * fallback (and that describe() says so), memory shared by reshape and returned when tensors
 * become unreachable, the registration self-check refusing a device that computes wrong values.
 * On the emulated device; skipped without g++.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaTensorServiceTest {
    private static EmulatedDevice device;
    private static String unavailable;
    private static final TensorService HOST = TestServices.service();

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @BeforeEach
    void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    private static CudaTensorService service() {
        return new CudaTensorService(device, HOST, 64, 8, 1 << 20);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> hostRuns(CudaTensorService s) {
        return (Map<String, Long>) s.describe().get("host_runs");
    }

    @Test
    void floatOpsStayOnTheDevice() {
        CudaTensorService s = service();
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor a = s.reshape(s.arange(t, 0, 24, 1), 2, 3, 4);
            Tensor b = s.full(t, 0.5, 4);
            Tensor eye = s.slice(s.eye(t, 4), new int[] {0, 0}, new int[] {3, 4}, new int[] {1, 1});
            Tensor c = s.binary(BinaryOp.MUL, s.unary(UnaryOp.EXP, s.add(a, b)), eye);
            Tensor r = s.reduce(ReduceOp.MEAN, s.transpose(c, 2, 0, 1), true, 0, 2);
            Tensor m = s.matmul(s.slice(a, new int[] {0, 2, 0}, new int[] {2, -4, 4}, new int[] {1, -1, 1}), s.reshape(b, 4, 1));
            Tensor w = s.where(s.binary(BinaryOp.GT, a, s.scalar(t, 11.5)), a, s.neg(a));
            Tensor g = s.take(s.concat(0, a, a), s.fromArray(new long[] {3, -1, 0}, 3), 0);
            Tensor sc = s.scatterAdd(s.zeros(t, 5), s.fromArray(new int[] {1, 1, 4}, 3), s.ones(t, 3), 0);
            Tensor seg = s.segmentSum(s.stack(0, b, b, b), s.fromArray(new long[] {0, 2, 0}, 3), 3);
            Tensor p = s.pad(s.cast(b, t == DType.FLOAT64 ? DType.FLOAT32 : DType.FLOAT64), new int[][] {{1, 2}}, -1);
            for (Tensor x : List.of(c, r, m, w, g, sc, seg, p)) assertTrue(((CudaTensor) x).onDevice(), x + " is on the device");
            // spot values, in float64
            assertArrayEquals(new double[] {Math.exp(0.5), 0, 0, 0}, java.util.Arrays.copyOf(s.toDoubleArray(c), 4), 1e-6);
            assertArrayEquals(new double[] {0, 2, 0, 0, 1}, s.toDoubleArray(sc), 0);
            assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5}, s.toDoubleArray(seg), 0);
            assertArrayEquals(new double[] {-1, 0.5, 0.5, 0.5, 0.5, -1, -1}, s.toDoubleArray(p), 0);
            assertArrayEquals(new double[] {-0.0, -1, -2, -3}, java.util.Arrays.copyOf(s.toDoubleArray(w), 4), 0);
            assertArrayEquals(new double[] {12, 13, 14, 15}, java.util.Arrays.copyOf(s.toDoubleArray(g), 4), 0,
                    "take(concat(a, a), 3) is a[1], whose first row is 12..15");
            double[] mm = s.toDoubleArray(m); // row i of a[0] reversed in i, dotted with 0.5s
            assertEquals(0.5 * (8 + 9 + 10 + 11), mm[0], 1e-5);
            assertEquals(0.5 * (12 + 13 + 14 + 15), mm[5], 1e-5);
        }
        // log-sum-exp (shifted by the finite maximum), products and float32 sums accumulated in float64
        double[] big = {1000, 1000 + Math.log(3), Double.NEGATIVE_INFINITY, 2, -1, 0.5};
        Tensor lse = s.reduce(ReduceOp.LOGSUMEXP, s.fromArray(big, 3, 2), false, 1);
        assertArrayEquals(new double[] {1000 + Math.log(4), Math.log(Math.exp(2)), Math.log(Math.exp(-1) + Math.exp(0.5))}, s.toDoubleArray(lse), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, s.item(s.reduce(ReduceOp.LOGSUMEXP, s.full(DType.FLOAT64, Double.NEGATIVE_INFINITY, 2), false)));
        assertEquals(-6.0, s.item(s.reduce(ReduceOp.PROD, s.fromArray(new double[] {1, -2, 3}, 3), false)), 0);
        float[] many = new float[4097];
        java.util.Arrays.fill(many, 0.1f);
        many[0] = 1e8f; // a float accumulator would drop every 0.1 added to 1e8
        double f32 = s.item(s.sum(s.fromArray(many, many.length)));
        assertEquals((float) (1e8 + 4096 * (double) 0.1f), f32, 0, "float32 sum accumulated in float64 and rounded once");
        Tensor y = s.fromArray(new double[] {1, 5, Double.NaN, 5, 2, 7, 7, -1}, 2, 4);
        assertArrayEquals(new long[] {2, 1}, s.toLongArray(s.argmax(y, 1, false)), "the first NaN, the first of tied maxima");
        assertArrayEquals(new long[] {2, 3}, s.toLongArray(s.argmin(s.transpose(y), 0, false)), "a NaN is the minimum too");
        assertArrayEquals(new double[] {1, 5, Double.NaN, 5, 3, 12, Double.NaN, 4}, s.toDoubleArray(s.cumsum(y, 0)), 0);
        assertEquals(Map.of(), hostRuns(s), "no float op above went through the host");
    }

    @Test
    void everythingElseGoesThroughTheHostAndIsListed() {
        CudaTensorService s = service();
        Tensor i = s.fromArray(new int[] {3, 1, 2}, 3);
        assertFalse(((CudaTensor) i).onDevice(), "int32 tensors live on the host");
        assertArrayEquals(new int[] {6, 2, 4}, s.toIntArray(s.add(i, i)));
        // rows longer than the device sort's capacity sort on the host
        Tensor x = s.arange(DType.FLOAT64, KernelLauncher.SORT_CAPACITY + 1, 0, -1);
        assertArrayEquals(new int[] {3, 4, 6}, s.toIntArray(s.cumsum(i, 0)));
        assertArrayEquals(new long[] {KernelLauncher.SORT_CAPACITY, KernelLauncher.SORT_CAPACITY - 1},
                java.util.Arrays.copyOf(s.toLongArray(s.argsort(x, 0)), 2));
        Tensor sorted = s.sort(x, 0);
        assertTrue(((CudaTensor) sorted).onDevice(), "a float result of a host op is uploaded");
        assertArrayEquals(new double[] {1, 2, 3}, java.util.Arrays.copyOf(s.toDoubleArray(sorted), 3), 0);
        Map<String, Long> runs = hostRuns(s);
        assertEquals(Map.of("binary ADD", 1L, "cumsum", 1L, "argsort", 1L, "sort", 1L), runs);
        Map<String, Object> d = s.describe();
        assertEquals("cuda", d.get("backend"));
        assertEquals("emulated", ((Map<?, ?>) d.get("device")).get("compute_capability"));
        String deviceOps = d.get("device_ops").toString();
        String hostOps = d.get("host_ops").toString();
        for (String op : new String[] {"matmul", "takeAlongAxis", "segmentSum", "where", "cast float32<->float64", "LOGSUMEXP", "PROD",
                "ATAN2", "MOD", "ERF", "IS_FINITE", "argmax", "cumsum", "einsum", "sort", "argsort"}) {
            assertTrue(deviceOps.contains(op), op + " listed on the device: " + deviceOps);
        }
        for (String op : new String[] {"svd", "fft", "NOT", "AND"}) {
            assertTrue(hostOps.contains(op), op + " listed on the host: " + hostOps);
            assertFalse(deviceOps.contains(op), op + " not listed on the device");
        }
        assertNotNull(d.get("allocator"));
    }

    @Test
    void invalidArgumentsGetTheHostServicesMessage() {
        CudaTensorService s = service();
        Tensor a = s.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.add(a, s.zeros(DType.FLOAT64, 4)));
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> HOST.add(HOST.zeros(DType.FLOAT64, 2, 3), HOST.zeros(DType.FLOAT64, 4)));
        assertEquals(h.getMessage(), e.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> s.add(a, HOST.zeros(DType.FLOAT64, 3)));
        assertTrue(foreign.getMessage().contains("does not belong to the cuda TensorService"), foreign.getMessage());
    }

    @Test
    void reshapeSharesMemoryAndUnreachableTensorsReturnIt() throws InterruptedException {
        CudaTensorService s = service();
        CudaTensor x = (CudaTensor) s.arange(DType.FLOAT64, 0, 6, 1);
        CudaTensor y = (CudaTensor) s.reshape(x, 2, -1);
        assertSame(x.block(), y.block());
        assertArrayEquals(new int[] {2, 3}, y.shape().toArray());
        long before = s.allocator().liveBytes();
        for (int i = 0; i < 50; i++) s.add(x, x);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (s.allocator().liveBytes() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, s.allocator().liveBytes(), "the 50 dropped sums went back to the allocator");
        assertTrue((Long) s.allocator().stats().get("hits") > 0, "and their blocks were reused");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, s.toDoubleArray(y), 0);
    }

    @Test
    void selfCheckRefusesADeviceThatDropsLaunches() {
        Device broken = new Device() {
            @Override public long allocate(long bytes) { return device.allocate(bytes); }
            @Override public void free(long handle) { device.free(handle); }
            @Override public void upload(double[] src, int offset, int count, long dst) { device.upload(src, offset, count, dst); }
            @Override public void upload(float[] src, int offset, int count, long dst) { device.upload(src, offset, count, dst); }
            @Override public void upload(int[] src, int offset, int count, long dst) { device.upload(src, offset, count, dst); }
            @Override public void upload(long[] src, int offset, int count, long dst) { device.upload(src, offset, count, dst); }
            @Override public void download(long src, double[] dst, int offset, int count) { java.util.Arrays.fill(dst, offset, offset + count, 0); }
            @Override public void download(long src, float[] dst, int offset, int count) { device.download(src, dst, offset, count); }
            @Override public void download(long src, int[] dst, int offset, int count) { device.download(src, dst, offset, count); }
            @Override public void download(long src, long[] dst, int offset, int count) { device.download(src, dst, offset, count); }
            @Override public void copy(long src, long dst, long bytes) { device.copy(src, dst, bytes); }
            @Override public void zero(long dst, long bytes) { device.zero(dst, bytes); }
            @Override public void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args) { }
            @Override public void synchronize() { }
            @Override public DeviceInfo describe() { return device.describe(); }
            @Override public void close() { }
        };
        String why = CudaSelfCheck.run(broken);
        assertNotNull(why);
        assertTrue(why.contains("binary_f64") && why.contains("expected 11.0"), why);
    }
}
