package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cpu.internal.TestServices;

/**
 * sort and argsort on the (emulated) device agree bit for bit with the host service: ascending,
 * NaN last, -0.0 before 0.0 in sorted values, argsort stable among ties (-0.0 tying 0.0), along
 * any axis, rows up to the kernel's capacity, both float dtypes, without any host run; rows over
 * the capacity and invalid axes take the host path. Skipped without g++.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaSortDeviceTest {
    private static final TensorService HOST = TestServices.service();
    private static EmulatedDevice device;
    private static String unavailable;

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

    /** Values with many ties, both zeros, infinities and NaNs. */
    private static double[] values(int n, long seed) {
        Random r = new Random(seed);
        double[] pool = {Double.NaN, -0.0, 0.0, 1, -1, 2.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, -7.25};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(3) == 0 ? r.nextGaussian() : pool[r.nextInt(pool.length)];
        return v;
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToLongBits).toArray();
    }

    private static void agree(CudaTensorService s, DType t, int[] shape, int axis, long seed) {
        int n = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
        double[] v = values(n, seed);
        Tensor dx = s.cast(s.fromArray(v, shape), t);
        Tensor hx = HOST.cast(HOST.fromArray(v, shape), t);
        String what = t + " " + Arrays.toString(shape) + " axis " + axis;
        Tensor sorted = s.sort(dx, axis);
        assertTrue(((CudaTensor) sorted).onDevice(), what + ": the sorted values stay on the device");
        assertEquals(hx.shape(), sorted.shape(), what);
        assertArrayEquals(bits(HOST.toDoubleArray(HOST.sort(hx, axis))), bits(s.toDoubleArray(sorted)), what + ": sort");
        Tensor order = s.argsort(dx, axis);
        assertEquals(DType.INT64, order.dtype(), what);
        assertEquals(hx.shape(), order.shape(), what);
        assertArrayEquals(HOST.toLongArray(HOST.argsort(hx, axis)), s.toLongArray(order), what + ": argsort");
    }

    @Test
    void sortAndArgsortAgreeWithTheHostOnTheDevice() {
        CudaTensorService s = service();
        long seed = 1;
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            agree(s, t, new int[] {5, 7}, 1, seed++);
            agree(s, t, new int[] {5, 7}, 0, seed++);
            agree(s, t, new int[] {5, 7}, -1, seed++);
            agree(s, t, new int[] {2, 3, 4}, 1, seed++);
            agree(s, t, new int[] {2, 3, 9}, 0, seed++);
            agree(s, t, new int[] {3, 1}, 1, seed++);
            agree(s, t, new int[] {1}, 0, seed++);
            agree(s, t, new int[] {300}, 0, seed++);
            agree(s, t, new int[] {2, KernelLauncher.SORT_CAPACITY}, 1, seed++);
            agree(s, t, new int[] {KernelLauncher.SORT_CAPACITY - 1, 2}, 0, seed++);
        }
        assertEquals(Map.of(), hostRuns(s), "no sort or argsort of these went through the host");
    }

    @Test
    void byHandNanLastStableTiesSignedZeros() {
        CudaTensorService s = service();
        Tensor x = s.fromArray(new double[] {2, Double.NaN, 0.0, -1, 2, -0.0, Double.NaN, -1}, 8);
        assertArrayEquals(bits(new double[] {-1, -1, -0.0, 0.0, 2, 2, Double.NaN, Double.NaN}), bits(s.toDoubleArray(s.sort(x, 0))));
        assertArrayEquals(new long[] {3, 7, 2, 5, 0, 4, 1, 6}, s.toLongArray(s.argsort(x, 0)));
    }

    @Test
    void longRowsAndInvalidAxesTakeTheHostPath() {
        CudaTensorService s = service();
        double[] v = values(KernelLauncher.SORT_CAPACITY + 1, 77);
        Tensor x = s.fromArray(v, v.length);
        assertArrayEquals(bits(HOST.toDoubleArray(HOST.sort(HOST.fromArray(v, v.length), 0))), bits(s.toDoubleArray(s.sort(x, 0))));
        assertEquals(Map.of("sort", 1L), hostRuns(s));
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> HOST.argsort(HOST.zeros(DType.FLOAT64, 2, 3), 2));
        IllegalArgumentException dev = assertThrows(IllegalArgumentException.class, () -> s.argsort(s.zeros(DType.FLOAT64, 2, 3), 2));
        assertEquals(host.getMessage(), dev.getMessage());
        IllegalArgumentException scalarHost = assertThrows(IllegalArgumentException.class, () -> HOST.sort(HOST.scalar(DType.FLOAT64, 1), 0));
        IllegalArgumentException scalarDev = assertThrows(IllegalArgumentException.class, () -> s.sort(s.scalar(DType.FLOAT64, 1), 0));
        assertEquals(scalarHost.getMessage(), scalarDev.getMessage());
    }
}
