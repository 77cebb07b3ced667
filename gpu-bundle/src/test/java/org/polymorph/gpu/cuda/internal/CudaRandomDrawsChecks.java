package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * normal and uniform of the CUDA TensorService run as random.cu's kernels and give the reference
 * service's numbers: uniform bit for bit in float64 and float32, normal to 1e-14 relative in float64
 * (log and cos are the device's math library, not Java's Math, which may differ by an ulp or two) and
 * to one float ulp in float32; with no host run. On the emulated device ({@link CudaRandomDrawsEmulatedTest})
 * and on a GPU ({@link CudaRandomDrawsJCudaTest}); each test skips where its device is missing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class CudaRandomDrawsChecks {
    private static final TensorService REF = new ReferenceTensorService();
    private static final RandomKey[] KEYS = {
        RandomKey.of(0), RandomKey.of(20240521L), RandomKey.of(-1).foldIn(7), RandomKey.of(3).split(3)[2],
        new RandomKey(Long.MIN_VALUE, -1L)};
    /** Empty, scalar, odd sizes, and 2,501 and 40,000 elements: beyond one grid of the services below (64 x 8 = 512 threads). */
    private static final int[][] SHAPES = {{0}, {0, 3}, {}, {1}, {7}, {3, 5}, {2, 3, 17}, {41, 61}, {40_000}};
    private static final double[][] BOUNDS = {{0, 1}, {-2, 5}, {1e-3, 1e-3}, {-1e307, 1e307}, {0.1, 0.7}, {-3.5, -3.25}};

    /** The device under test, or null where there is none. */
    abstract Device device();

    /** Why {@link #device} is null. */
    abstract String unavailable();

    /** Whether most float64 normal draws must equal Java's bit for bit (true where the device's log and cos are glibc's). */
    abstract boolean mostNormalsBitIdentical();

    @BeforeEach
    void needsDevice() {
        assumeTrue(device() != null, unavailable());
    }

    /** 64-thread blocks, at most 8 blocks a launch: any tensor above 512 elements takes several grid-stride rounds. */
    private CudaTensorService service() { return new CudaTensorService(device(), REF, 64, 8, 1 << 20); }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> hostRuns(CudaTensorService s) { return (Map<String, Long>) s.describe().get("host_runs"); }

    private static void onDevice(Tensor t, String what) {
        assertTrue(((CudaTensor) t).onDevice(), what + " is a device tensor");
    }

    @Test
    void uniformIsBitIdenticalToTheReference() {
        CudaTensorService s = service();
        int cases = 0;
        for (RandomKey key : KEYS) {
            for (int[] shape : SHAPES) {
                for (double[] b : BOUNDS) {
                    String what = "uniform " + key + " " + Arrays.toString(shape) + " [" + b[0] + ", " + b[1] + ")";
                    Tensor d64 = s.uniform(key, DType.FLOAT64, b[0], b[1], shape);
                    Tensor d32 = s.uniform(key, DType.FLOAT32, b[0], b[1], shape);
                    onDevice(d64, what);
                    onDevice(d32, what);
                    assertEquals(DType.FLOAT32, d32.dtype());
                    assertArrayEquals(shape, d64.shape().toArray(), what);
                    double[] got = s.toDoubleArray(d64);
                    double[] want = REF.toDoubleArray(REF.uniform(key, DType.FLOAT64, b[0], b[1], shape));
                    assertArrayEquals(bits(want), bits(got), what + " float64, bit for bit");
                    float[] got32 = s.toFloatArray(d32);
                    float[] want32 = REF.toFloatArray(REF.uniform(key, DType.FLOAT32, b[0], b[1], shape));
                    assertArrayEquals(bits(want32), bits(got32), what + " float32, bit for bit");
                    for (int i = 0; i < got.length; i += 97) {
                        assertEquals(b[0] + (b[1] - b[0]) * key.uniform(i), got[i], 0, what + " element " + i + " is RandomKey.uniform(" + i + ")");
                        assertTrue(got[i] >= b[0] && (got[i] < b[1] || b[0] == b[1]), what + " element " + i + " = " + got[i] + " in [low, high)");
                    }
                    cases++;
                }
            }
        }
        assertEquals(KEYS.length * SHAPES.length * BOUNDS.length, cases);
        assertEquals(Map.of(), hostRuns(s), "uniform ran on the device alone");
    }

    @Test
    void normalAgreesWithTheReferenceTo1e14Relative() {
        CudaTensorService s = service();
        long exact = 0;
        long total = 0;
        long float32Off = 0;
        double worst = 0;
        for (RandomKey key : KEYS) {
            for (int[] shape : SHAPES) {
                String what = "normal " + key + " " + Arrays.toString(shape);
                Tensor d64 = s.normal(key, DType.FLOAT64, shape);
                Tensor d32 = s.normal(key, DType.FLOAT32, shape);
                onDevice(d64, what);
                onDevice(d32, what);
                double[] got = s.toDoubleArray(d64);
                double[] want = REF.toDoubleArray(REF.normal(key, DType.FLOAT64, shape));
                float[] got32 = s.toFloatArray(d32);
                float[] want32 = REF.toFloatArray(REF.normal(key, DType.FLOAT32, shape));
                assertEquals(want.length, got.length, what);
                assertEquals(want.length, got32.length, what);
                for (int i = 0; i < got.length; i++) {
                    double err = Math.abs(got[i] - want[i]);
                    assertTrue(Double.isFinite(got[i]) && err <= 1e-14 * Math.abs(want[i]),
                            what + " element " + i + ": device " + got[i] + ", reference " + want[i]);
                    if (want[i] != 0) worst = Math.max(worst, err / Math.abs(want[i]));
                    if (got[i] == want[i]) exact++;
                    // float32 is the float64 draw rounded once: the device's own, and within one float ulp of the reference's
                    assertEquals(Float.floatToIntBits((float) got[i]), Float.floatToIntBits(got32[i]), what + " float32 element " + i + " is the float64 draw rounded");
                    assertTrue(Math.abs(got32[i] - want32[i]) <= Math.ulp(want32[i]),
                            what + " float32 element " + i + ": device " + got32[i] + ", reference " + want32[i]);
                    if (got32[i] != want32[i]) float32Off++;
                }
                total += got.length;
            }
        }
        System.out.printf("normal on " + device().describe().name() + ": %d of %d float64 draws bit-identical to the reference, worst relative difference %.3g;"
                + " %d float32 draws one ulp off%n", exact, total, worst, float32Off);
        assertTrue(total > 5 * 40_000, "draws compared: " + total);
        if (mostNormalsBitIdentical()) assertTrue(exact > total / 2, "most draws are bit-identical (" + exact + " of " + total + "): the arithmetic is the same, only log/cos may differ by an ulp");
        assertTrue(float32Off < total / 1000 + 1, float32Off + " of " + total + " float32 draws differ (only where the float64 draws straddle a float rounding boundary)");
        assertEquals(Map.of(), hostRuns(s), "normal ran on the device alone");
    }

    @Test
    void normalHasStandardMoments() {
        CudaTensorService s = service();
        int n = 100_000;
        double[] z = s.toDoubleArray(s.normal(RandomKey.of(99), DType.FLOAT64, n));
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        // standard errors: 1/sqrt(n) = 0.0032 for the mean, sqrt(2/n) = 0.0045 for the variance; bounds at 4 sigma
        assertEquals(0, mean, 0.013, "mean");
        assertEquals(1, var, 0.018, "variance");
        assertEquals(Map.of(), hostRuns(s));
    }

    @Test
    void theLaunchShapeDoesNotChangeTheDraws() {
        CudaTensorService small = new CudaTensorService(device(), REF, 32, 1, 1 << 20);
        CudaTensorService large = new CudaTensorService(device(), REF, 256, 4096, 1 << 20);
        RandomKey key = RandomKey.of(5).foldIn(11);
        for (DType t : List.of(DType.FLOAT64, DType.FLOAT32)) {
            assertArrayEquals(bits(large.toDoubleArray(large.normal(key, t, 3, 333))), bits(small.toDoubleArray(small.normal(key, t, 3, 333))), t + " normal");
            assertArrayEquals(bits(large.toDoubleArray(large.uniform(key, t, -1, 2, 1001))), bits(small.toDoubleArray(small.uniform(key, t, -1, 2, 1001))), t + " uniform");
        }
        assertEquals(Map.of(), hostRuns(small));
        assertEquals(Map.of(), hostRuns(large));
    }

    @Test
    void invalidArgumentsTakeTheHostPathForItsMessage() {
        CudaTensorService s = service();
        RandomKey key = RandomKey.of(1);
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class, () -> s.normal(key, DType.INT32, 3));
        assertEquals(assertThrows(IllegalArgumentException.class, () -> REF.normal(key, DType.INT32, 3)).getMessage(), dtype.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> s.uniform(key, DType.FLOAT64, 0, 1, 2, -1));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        IllegalArgumentException bounds = assertThrows(IllegalArgumentException.class, () -> s.uniform(key, DType.FLOAT32, 2, 1, 3));
        assertTrue(bounds.getMessage().contains("[2.0, 1.0)"), bounds.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.uniform(key, DType.FLOAT64, 0, Double.POSITIVE_INFINITY, 3));
        assertThrows(IllegalArgumentException.class, () -> s.normal(null, DType.FLOAT64, 3));
        assertEquals(Map.of("normal", 2L, "uniform", 3L), hostRuns(s), "only the invalid calls went to the host");
    }

    @Test
    void describeListsTheDrawsOnTheDevice() {
        Map<String, Object> d = service().describe();
        String deviceOps = d.get("device_ops").toString();
        String hostOps = d.get("host_ops").toString();
        assertTrue(deviceOps.contains("normal") && deviceOps.contains("uniform"), deviceOps);
        assertFalse(hostOps.contains("normal") || hostOps.contains("uniform"), hostOps);
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
