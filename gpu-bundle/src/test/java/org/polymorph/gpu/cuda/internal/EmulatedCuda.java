package org.polymorph.gpu.cuda.internal;

import java.nio.file.Path;
import org.polymorph.core.tensor.TensorService;

/**
 * For other modules' tests (in the gpu-bundle test-jar): the CUDA TensorService over the bundle's kernels
 * compiled for the CPU ({@link EmulatedDevice}), with {@code host} running the ops the device does not.
 */
public final class EmulatedCuda {
    private EmulatedCuda() { }

    /** Why the emulation cannot run here (no g++), or null when it can. */
    public static String unavailableReason(Path gpuBundle) {
        return EmulatedDevice.unavailableReason(gpuBundle);
    }

    /**
     * The service on a new emulated device; {@code gpuBundle} is the gpu-bundle folder (from another module's
     * tests, {@code Path.of("../gpu-bundle")}). Blocks of 64 threads, at most 64 blocks a launch.
     */
    public static TensorService service(Path gpuBundle, TensorService host) throws Exception {
        return new CudaTensorService(EmulatedDevice.open(gpuBundle), host, 64, 64, CudaTensorService.DEFAULT_CACHE_BYTES);
    }
}
