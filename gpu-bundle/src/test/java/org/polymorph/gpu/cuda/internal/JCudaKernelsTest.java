package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The same kernel checks as {@link EmulatedKernelsTest} on a real GPU through {@link JCudaDevice};
 * skipped unless the CUDA probe finds a device.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JCudaKernelsTest {
    private static Map<String, Object> probe;
    private static JCudaDevice device;

    @BeforeAll
    static void open() {
        probe = CudaProbe.probe();
        if (Boolean.TRUE.equals(probe.get("available"))) device = new JCudaDevice();
    }

    /** Each test reports itself skipped without a GPU. */
    @BeforeEach
    void needsGpu() {
        assumeTrue(device != null, "no CUDA device: " + probe.get("detail"));
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }


    /** Runs a check on fresh random inputs; the seed is in the failure message. */
    private static void run(DType t, BiConsumer<KernelChecks, Random> check) { KernelChecks.seeded(device, t, check); }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void everyKernelMatchesTheJavaReference(DType t) {
        run(t, (c, r) -> c.fill(t, r));
        run(t, (c, r) -> c.arange(t, r));
        run(t, (c, r) -> c.binary(t, r));
        run(t, (c, r) -> c.unary(t, r));
        run(t, (c, r) -> c.copyStrided(t, r));
        run(t, (c, r) -> c.reduceLast(t, r));
        run(t, (c, r) -> c.matmul(t, r));
        run(t, (c, r) -> c.gather(t, r));
        run(t, (c, r) -> c.scatterAdd(t, r));
    }

    @Test
    void memoryCopies() { run(DType.FLOAT64, KernelChecks::memory); }

    @Test
    void describesTheProbedDevice() {
        DeviceInfo info = device.describe();
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) probe.get("devices")).get(0);
        assertEquals(first.get("name"), info.name());
        assertEquals(first.get("compute_capability"), info.computeCapability());
        assertTrue(info.memoryBytes() > 0);
    }

    @Test
    void anUnknownKernelIsReportedByNameAndCode() {
        DeviceException e = assertThrows(DeviceException.class, () -> device.launch("fill_f16", 1, 32, 0, KernelArgs.of().ptr(0)));
        assertEquals("fill_f16", e.kernel());
        assertTrue(e.getMessage().contains("cuModuleGetFunction") && e.getMessage().contains("CUDA_ERROR_NOT_FOUND"), e.getMessage());
    }
}
