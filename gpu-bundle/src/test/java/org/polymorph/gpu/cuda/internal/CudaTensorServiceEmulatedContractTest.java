package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.TensorServiceContract;
import org.polymorph.gpu.cpu.internal.TestServices;

/**
 * The full TensorService contract (framework-core test-jar) against the CUDA TensorService on the
 * emulated device (the bundle's kernels compiled for the CPU by g++), with the nd4j-cpu service as
 * its host; every test skips without g++. Small launches (64-thread blocks, at most 8 blocks) keep
 * the emulator, which runs blocks one after another with a pthread per thread, fast; the kernels
 * loop grid-stride, so results do not depend on it.
 */
class CudaTensorServiceEmulatedContractTest extends TensorServiceContract {
    private static final String UNAVAILABLE = EmulatedDevice.unavailableReason();
    private static final EmulatedDevice DEVICE = open();
    private static final TensorService SERVICE = DEVICE == null ? null
            : new CudaTensorService(DEVICE, TestServices.service(), 64, 8, CudaTensorService.DEFAULT_CACHE_BYTES);

    private static EmulatedDevice open() {
        if (UNAVAILABLE != null) return null;
        try {
            return EmulatedDevice.open();
        } catch (Exception e) {
            throw new IllegalStateException("the CUDA emulation could not be built: " + e, e);
        }
    }

    @BeforeEach
    void needsGpp() {
        assumeTrue(SERVICE != null, "the CUDA emulation needs g++: " + UNAVAILABLE);
    }

    /** Which ops the contract sent down the host path, and how often (the float ops on the device do not appear). */
    @AfterAll
    static void reportHostRuns() {
        if (SERVICE != null) System.out.println("cuda service after the contract: host_runs " + SERVICE.describe().get("host_runs"));
    }

    @Override protected TensorService service() { return SERVICE; }
}
