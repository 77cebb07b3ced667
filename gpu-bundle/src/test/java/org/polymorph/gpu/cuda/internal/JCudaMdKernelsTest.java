package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * {@link MdKernelChecks} on a real GPU through {@link JCudaDevice} (the service's default launch shape); skipped
 * unless the CUDA probe finds a device that passes {@link CudaSelfCheck}.
 */
class JCudaMdKernelsTest extends MdKernelChecks {
    private static JCudaDevice device;
    private static CudaTensorService service;
    private static String whyNot;

    @BeforeAll
    static void open() {
        Map<String, Object> probe = CudaProbe.probe();
        if (!Boolean.TRUE.equals(probe.get("available"))) {
            whyNot = "no CUDA device: " + probe.get("detail");
            return;
        }
        device = new JCudaDevice();
        whyNot = CudaSelfCheck.run(device);
        if (whyNot == null) service = new CudaTensorService(device, new ReferenceTensorService());
    }

    @BeforeEach
    void needsGpu() { assumeTrue(service != null, whyNot); }

    @AfterAll
    static void close() { if (device != null) device.close(); }

    @Override CudaTensorService service() { return service; }
}
