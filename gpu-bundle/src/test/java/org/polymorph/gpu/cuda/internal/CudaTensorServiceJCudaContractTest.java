package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.TensorServiceContract;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * The full TensorService contract against the CUDA TensorService on a real GPU through
 * {@link JCudaDevice} (the service's default launch shape), with the pure-Java reference service as its host (so the
 * test carries to the GPU machine without ND4J's native libraries);
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
            if (why == null) service = new CudaTensorService(device, new ReferenceTensorService());
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
