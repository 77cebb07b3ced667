package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A failed CUDA call is reported with the call, the kernel and the code's number and name; no GPU needed. */
class DeviceErrorsTest {
    @Test
    void aFailedCallNamesCallKernelAndCode() {
        DeviceException e = assertThrows(DeviceException.class, () -> JCudaDevice.check("cuLaunchKernel", "matmul_f64", 700));
        assertEquals("cuLaunchKernel (kernel matmul_f64) failed: 700 CUDA_ERROR_ILLEGAL_ADDRESS", e.getMessage());
        assertEquals("cuLaunchKernel", e.call());
        assertEquals("matmul_f64", e.kernel());
        assertEquals(700, e.code());
        DeviceException alloc = assertThrows(DeviceException.class, () -> JCudaDevice.check("cuMemAlloc", null, 2));
        assertEquals("cuMemAlloc failed: 2 CUDA_ERROR_OUT_OF_MEMORY", alloc.getMessage());
        assertDoesNotThrow(() -> JCudaDevice.check("cuStreamSynchronize", null, 0));
    }
}
