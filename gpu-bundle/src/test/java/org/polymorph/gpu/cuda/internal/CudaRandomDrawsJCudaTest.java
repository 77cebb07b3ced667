package org.polymorph.gpu.cuda.internal;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CudaRandomDrawsChecks} on a real GPU through {@link JCudaDevice} (the CUDA math library's log
 * and cos, within 1 and 2 ulp: normal draws are held to 1e-14 relative only); skipped unless the CUDA
 * probe finds a device.
 */
class CudaRandomDrawsJCudaTest extends CudaRandomDrawsChecks {
    private static Map<String, Object> probe;
    private static JCudaDevice device;

    @BeforeAll
    static void open() {
        probe = CudaProbe.probe();
        if (Boolean.TRUE.equals(probe.get("available"))) device = new JCudaDevice();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    @Override Device device() { return device; }

    @Override String unavailable() { return "no CUDA device: " + probe.get("detail"); }

    @Override boolean mostNormalsBitIdentical() { return false; }
}
