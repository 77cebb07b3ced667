package org.polymorph.gpu.cuda.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CudaRandomDrawsChecks} on the emulated device (random.cu compiled for the CPU by g++, glibc's
 * log and cos: most normal draws equal Java's bit for bit); skipped without g++.
 */
class CudaRandomDrawsEmulatedTest extends CudaRandomDrawsChecks {
    private static EmulatedDevice device;
    private static String unavailable;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    @Override Device device() { return device; }

    @Override String unavailable() { return "the CUDA emulation needs g++: " + unavailable; }

    @Override boolean mostNormalsBitIdentical() { return true; }
}
