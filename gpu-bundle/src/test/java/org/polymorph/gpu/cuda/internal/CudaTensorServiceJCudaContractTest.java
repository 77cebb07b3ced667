package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.TensorServiceContract;
import org.polymorph.gpu.cpu.internal.TestServices;

/**
 * The full TensorService contract against the CUDA TensorService on a real GPU through
 * {@link JCudaDevice} (the service's default launch shape), with the nd4j-cpu service as its host;
 * every test skips unless the CUDA probe finds a device that passes {@link CudaSelfCheck}.
 */
class CudaTensorServiceJCudaContractTest extends TensorServiceContract {
    private static final Map<String, Object> PROBE = CudaProbe.probe();
    private static final String WHY_NOT;
    private static final TensorService SERVICE;

    static {
        String why = null;
        TensorService service = null;
        if (Boolean.TRUE.equals(PROBE.get("available"))) {
            JCudaDevice device = new JCudaDevice();
            why = CudaSelfCheck.run(device);
            if (why == null) service = new CudaTensorService(device, TestServices.service());
            else device.close();
        } else {
            why = "no CUDA device: " + PROBE.get("detail");
        }
        WHY_NOT = why;
        SERVICE = service;
    }

    @BeforeEach
    void needsGpu() {
        assumeTrue(SERVICE != null, WHY_NOT);
    }

    @Override protected TensorService service() { return SERVICE; }
}
