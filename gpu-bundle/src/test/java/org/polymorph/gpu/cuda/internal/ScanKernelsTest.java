package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The kernels of scan.cu (cumsum_last, argreduce_last) on the emulated device against Java
 * references, over more rows than the grid covers in one pass; the ArgOp codes against
 * common.cuh. Skipped without g++ (the code check runs regardless).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScanKernelsTest {
    private static EmulatedDevice device;
    private static String unavailable;
    private KernelChecks checks;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @BeforeEach
    void start() {
        if (device != null) checks = new KernelChecks(device);
    }

    @AfterEach
    void release() {
        if (checks != null) checks.release();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    private static void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
    }

    /** [37, 53] rows on 2 blocks of 8 threads: running sums accumulated in float64, rounded once per element. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void cumsumOfEachRow(DType t) {
        needsGpp();
        int rows = 37;
        int n = 53;
        double[] x = KernelChecks.rounded(KernelChecks.random(new Random(11), rows * n, -4, 4), t);
        x[5 * n + 7] = Double.NaN; // poisons the rest of row 5 only
        long dx = checks.put(x, t);
        long out = checks.poisoned(rows * n + 1, t);
        device.launch(Kernels.name("cumsum_last", t), 2, 8, 0, KernelArgs.of().i64(rows).i64(n).ptr(dx).ptr(out));
        double[] got = checks.get(out, rows * n + 1, t);
        double[] want = new double[rows * n + 1];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            for (int j = 0; j < n; j++) {
                acc += x[r * n + j];
                want[r * n + j] = t == DType.FLOAT32 ? (float) acc : acc;
            }
        }
        want[rows * n] = KernelChecks.POISON;
        assertArrayEquals(want, got, 0.0, "cumsum_last " + t + " (same accumulation order, so exact)");
    }

    /** Rows with ties, NaN first, NaN later, constant rows and one-element rows; the first extreme wins. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void firstMaximumAndMinimumOfEachRow(DType t) {
        needsGpp();
        int n = 6;
        double nan = Double.NaN;
        double[][] table = {
            {3, 1, 3, 1, 0, 2}, {nan, 5, 1, 9, 1, -9}, {2, 7, nan, 7, -3, nan}, {4, 4, 4, 4, 4, 4}, {-1, -2, -2, 8, 8, -1},
        };
        Random rnd = new Random(5);
        int rows = 40;
        double[] x = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            double[] row = r < table.length ? table[r] : KernelChecks.random(rnd, n, -2, 2);
            System.arraycopy(KernelChecks.rounded(row, t), 0, x, r * n, n);
        }
        long dx = checks.put(x, t);
        for (KernelOps.ArgOp op : KernelOps.ArgOp.values()) {
            long out = checks.putLongs(new long[rows + 1]);
            device.launch(Kernels.name("argreduce_last", t), 3, 8, 0, KernelArgs.of().i32(op.code()).i64(rows).i64(n).ptr(dx).ptr(out));
            long[] got = new long[rows + 1];
            device.download(out, got, 0, rows + 1);
            long[] want = new long[rows + 1];
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int j = 0; j < n; j++) {
                    double v = x[r * n + j];
                    double b = x[r * n + best];
                    if (Double.isNaN(b)) break;
                    if (Double.isNaN(v) || (op == KernelOps.ArgOp.ARGMAX ? v > b : v < b)) best = j;
                }
                want[r] = best;
            }
            assertArrayEquals(want, got, op + " " + t);
        }
        long one = checks.put(new double[] {nan}, t);
        long out = checks.putLongs(new long[] {-1});
        device.launch(Kernels.name("argreduce_last", t), 1, 32, 0, KernelArgs.of().i32(KernelOps.ArgOp.ARGMIN.code()).i64(1).i64(1).ptr(one).ptr(out));
        long[] got = new long[1];
        device.download(out, got, 0, 1);
        assertEquals(0, got[0], "a one-element row");
    }

    @Test
    void argOpCodesMatchTheHeader() throws IOException {
        String header = Files.readString(Path.of("src/main/cuda/common.cuh"));
        Matcher m = Pattern.compile("enum\\s+PolyArgOp\\s*\\{([^}]*)}").matcher(header);
        assertEquals(true, m.find(), "common.cuh declares PolyArgOp");
        for (KernelOps.ArgOp op : KernelOps.ArgOp.values()) {
            Matcher c = Pattern.compile("POLY_" + op.name() + "\\s*=\\s*(\\d+)").matcher(m.group(1));
            assertEquals(true, c.find(), op + " in PolyArgOp");
            assertEquals(op.code(), Integer.parseInt(c.group(1)), op + " code");
        }
    }
}
