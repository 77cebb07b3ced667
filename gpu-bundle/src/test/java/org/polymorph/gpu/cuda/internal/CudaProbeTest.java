package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe never throws; without a CUDA driver it reports "unavailable" with the cause. */
class CudaProbeTest {
    private static boolean driverPresent() {
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/cuda/lib64", "/usr/lib/wsl/lib"}) {
            if (Files.exists(Path.of(dir, "libcuda.so.1"))) return true;
        }
        return false;
    }

    @Test
    void probeReportsCleanlyTwice() {
        Map<String, Object> first = CudaProbe.probe();
        Map<String, Object> second = CudaProbe.probe();
        assertInstanceOf(Boolean.class, first.get("available"));
        assertEquals(first.get("available"), second.get("available"));
        if (!driverPresent()) {
            assertEquals(false, first.get("available"));
            assertEquals(0, first.get("device_count"));
            assertTrue(String.valueOf(first.get("detail")).startsWith("CUDA unavailable"), String.valueOf(first));
            assertTrue(String.valueOf(second.get("detail")).contains("unavailable"), String.valueOf(second));
            assertTrue(String.valueOf(first.get("detail")).contains("libcuda.so.1"), String.valueOf(first));
            assertEquals(1, String.valueOf(first.get("detail")).lines().count(), "the detail is one line");
        }
    }
}
