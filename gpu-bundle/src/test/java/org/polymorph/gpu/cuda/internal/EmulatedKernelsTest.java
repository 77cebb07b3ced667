package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;

/**
 * Every kernel of the bundle, compiled for the CPU by g++ and run by {@link EmulatedDevice}, against
 * plain Java references (see {@link KernelChecks}); skipped without g++. Also the emulator's own
 * checks of launches: argument types against the signature, pointers against the allocations.
 * A kernel that deadlocks at a barrier fails the test by the timeout rather than hanging the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmulatedKernelsTest {
    private static EmulatedDevice device;

    private static String unavailable;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    /** Each test reports itself skipped (rather than the class vanishing from the counts) without g++. */
    @BeforeEach
    void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }


    /** Runs a check on fresh random inputs; the seed is in the failure message. */
    private static void run(DType t, BiConsumer<KernelChecks, Random> check) { KernelChecks.seeded(device, t, check); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fillAndArange(DType t) {
        run(t, (c, r) -> c.fill(t, r));
        run(t, (c, r) -> c.arange(t, r));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryOpsOverBroadcastAndStridedViews(DType t) { run(t, (c, r) -> c.binary(t, r)); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unaryOps(DType t) { run(t, (c, r) -> c.unary(t, r)); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void stridedCopy(DType t) { run(t, (c, r) -> c.copyStrided(t, r)); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void lastAxisReductions(DType t) { run(t, (c, r) -> c.reduceLast(t, r)); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void tiledBatchedMatmul(DType t) { run(t, (c, r) -> c.matmul(t, r)); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void gatherAndScatterAdd(DType t) {
        run(t, (c, r) -> c.gather(t, r));
        run(t, (c, r) -> c.scatterAdd(t, r));
    }

    @Test
    void copiesZeroingAndIntegerRoundTrips() { run(DType.FLOAT64, KernelChecks::memory); }

    @Test
    void everyKernelFamilyExistsForBothDtypes() {
        List<String> want = new ArrayList<>();
        for (String family : List.of("fill", "arange", "binary", "unary", "copy_strided", "reduce_last", "matmul", "gather", "scatter_add", "where", "cumsum_last", "argreduce_last",
                "random_uniform", "random_normal", "sort_rows")) {
            want.add(Kernels.name(family, DType.FLOAT32));
            want.add(Kernels.name(family, DType.FLOAT64));
        }
        want.add("cast_f32_f64");
        want.add("cast_f64_f32");
        // the MD kernels (float64 only)
        want.addAll(List.of("md_bin", "md_cell_starts", "md_cell_fill", "md_cell_sort", "md_neighbors", "md_lj_cut", "md_sw_legs", "md_sw",
                "md_kick_drift", "md_kick_check", "md_sums"));
        assertEquals(new TreeSet<>(want), new TreeSet<>(device.kernels().keySet()));
    }

    @Test
    void launchesWithWrongArgumentsAreRefusedWithTheParameterNamed() {
        long out = device.allocate(64);
        try {
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> device.launch("fill_f64", 1, 32, 0, KernelArgs.of().ptr(out).i32(8).f64(1)));
            assertTrue(type.getMessage().contains("argument 1 (long long n) is i64, got i32"), type.getMessage());
            IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                    () -> device.launch("fill_f64", 1, 32, 0, KernelArgs.of().ptr(out).i64(8)));
            assertTrue(arity.getMessage().contains("takes 3 arguments"), arity.getMessage());
            IndexOutOfBoundsException pointer = assertThrows(IndexOutOfBoundsException.class,
                    () -> device.launch("fill_f64", 1, 32, 0, KernelArgs.of().ptr(out + 4096).i64(8).f64(1)));
            assertTrue(pointer.getMessage().contains("argument 0 (out)"), pointer.getMessage());
            DeviceException missing = assertThrows(DeviceException.class,
                    () -> device.launch("fill_f16", 1, 32, 0, KernelArgs.of().ptr(out)));
            assertEquals(500, missing.code());
            assertTrue(missing.getMessage().contains("fill_f16") && missing.getMessage().contains("CUDA_ERROR_NOT_FOUND"), missing.getMessage());
            DeviceException block = assertThrows(DeviceException.class,
                    () -> device.launch("fill_f64", 1, 2048, 0, KernelArgs.of().ptr(out).i64(8).f64(1)));
            assertTrue(block.getMessage().contains("CUDA_ERROR_INVALID_VALUE"), block.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> device.upload(new double[9], 0, 9, out));
            assertThrows(IndexOutOfBoundsException.class, () -> device.download(out + 8, new double[8], 0, 8));
        } finally {
            device.free(out);
        }
        assertThrows(IllegalArgumentException.class, () -> device.free(out), "a second free is refused");
    }
}
