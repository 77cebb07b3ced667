package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;

/**
 * The kernels of select.cu (cast_f32_f64, cast_f64_f32, where_f32/f64) and the registration
 * self-check, on the emulated device against Java references; skipped without g++.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectKernelsTest {
    private static EmulatedDevice device;
    private static String unavailable;
    private KernelChecks checks;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @BeforeEach
    void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
        checks = new KernelChecks(device);
    }

    @AfterEach
    void release() {
        if (checks != null) checks.release();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    @Test
    void castsRoundToNearestAndWidenExactly() {
        double[] v = {0.1, -1.0 / 3, 1e-40, 3.4e38, 1e39, Double.NaN, Double.NEGATIVE_INFINITY, 16777217, -0.0};
        int n = v.length;
        long x64 = checks.put(v, DType.FLOAT64);
        long x32 = checks.poisoned(n, DType.FLOAT32);
        device.launch("cast_f64_f32", 2, 32, 0, KernelArgs.of().i64(n).ptr(x64).ptr(x32));
        double[] narrowed = checks.get(x32, n, DType.FLOAT32);
        for (int i = 0; i < n; i++) assertEquals((double) (float) v[i], narrowed[i], 0.0, "cast_f64_f32 [" + i + "] of " + v[i]);
        long back = checks.poisoned(n, DType.FLOAT64);
        device.launch("cast_f32_f64", 1, 64, 0, KernelArgs.of().i64(n).ptr(x32).ptr(back));
        double[] widened = checks.get(back, n, DType.FLOAT64);
        for (int i = 0; i < n; i++) assertEquals((double) (float) v[i], widened[i], 0.0, "cast_f32_f64 [" + i + "]");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(widened[n - 1]), "the sign of -0.0 survives");
    }

    /** where over [3, 4, 5]: cond [4, 1] broadcast, a full, b [5] broadcast; a NaN condition counts as true. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void whereBroadcastsItsThreeOperands(DType t) {
        Random rnd = new Random(7);
        int[] shape = {3, 4, 5};
        double[] c = new double[4];
        for (int i = 0; i < 4; i++) c[i] = i == 3 ? Double.NaN : (i % 2);
        double[] a = KernelChecks.rounded(KernelChecks.random(rnd, 60, -2, 2), t);
        double[] b = KernelChecks.rounded(KernelChecks.random(rnd, 5, -2, 2), t);
        long pc = checks.put(c, t);
        long pa = checks.put(a, t);
        long pb = checks.put(b, t);
        long out = checks.poisoned(60, t);
        // meta = [shape, sc, sa, sb]: cond [4,1] -> strides (0, 1, 0); a contiguous (20, 5, 1); b [5] -> (0, 0, 1)
        long meta = checks.putLongs(new long[] {3, 4, 5, 0, 1, 0, 20, 5, 1, 0, 0, 1});
        device.launch(Kernels.name("where", t), 3, 8, 0, KernelArgs.of().i64(60).i32(3).ptr(meta)
                .ptr(pc).i64(0).ptr(pa).i64(0).ptr(pb).i64(0).ptr(out).i64(0));
        double[] got = checks.get(out, 60, t);
        double[] want = new double[60];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 5; k++) {
                    int e = (i * 4 + j) * 5 + k;
                    want[e] = c[j] != 0 ? a[e] : b[k];
                }
            }
        }
        KernelChecks.assertClose(want, got, t, "where " + t);
    }

    @Test
    void selfCheckPassesOnAWorkingDevice() {
        assertNull(CudaSelfCheck.run(device));
    }
}
