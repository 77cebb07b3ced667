package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** {@link MdKernelChecks} on {@link EmulatedDevice} (the kernels compiled for the CPU); skipped without g++. */
class EmulatedMdKernelsTest extends MdKernelChecks {
    private static EmulatedDevice device;
    private static CudaTensorService service;
    private static String unavailable;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) {
            device = EmulatedDevice.open();
            service = new CudaTensorService(device, new ReferenceTensorService(), 64, 64, CudaTensorService.DEFAULT_CACHE_BYTES);
        }
    }

    @BeforeEach
    void needsGpp() { assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable); }

    @AfterAll
    static void close() { if (device != null) device.close(); }

    @Override CudaTensorService service() { return service; }
}
