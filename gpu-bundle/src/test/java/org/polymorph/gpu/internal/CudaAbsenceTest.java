package org.polymorph.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line reasons a run asking for backend=cuda is given, from the probe's result and the later steps. */
class CudaAbsenceTest {
    @Test
    void noDriverNamesTheCauseTheProbeFound() {
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("available", false);
        probe.put("device_count", 0);
        probe.put("detail", "CUDA unavailable (UnsatisfiedLinkError: no libcuda; missing libcuda.so.1); staying on nd4j-cpu");
        assertEquals("no CUDA driver (UnsatisfiedLinkError: no libcuda; missing libcuda.so.1)", CudaAbsence.fromProbe(probe));
        probe.put("detail", "something else");
        assertEquals("no CUDA driver (something else)", CudaAbsence.fromProbe(probe));
    }

    @Test
    void aDriverWithoutADeviceSaysSo() {
        Map<String, Object> probe = Map.of("available", false, "driver_version", "12.4", "device_count", 0,
                "detail", "CUDA driver present but no device; staying on nd4j-cpu");
        assertEquals("the CUDA driver 12.4 reports no device", CudaAbsence.fromProbe(probe));
    }

    @Test
    void laterStepsNameTheDeviceAndTheFailure() {
        assertEquals("CUDA device NVIDIA H100 failed its self-check (self-check: binary_f64 ADD gave 0.0 at element 0, expected 11.0)",
                CudaAbsence.selfCheckFailed("NVIDIA H100", "self-check: binary_f64 ADD gave 0.0 at element 0, expected 11.0"));
        assertEquals("a CUDA device answered but could not be opened (java.lang.IllegalStateException: cuCtxCreate failed)",
                CudaAbsence.notOpened(new IllegalStateException("cuCtxCreate failed")));
    }
}
