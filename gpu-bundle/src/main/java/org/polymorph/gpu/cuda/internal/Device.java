package org.polymorph.gpu.cuda.internal;

import java.util.OptionalLong;

/**
 * One compute device as the CUDA tensor backend sees it: device memory behind opaque handles, copies
 * between host arrays and device memory, and launches of the bundle's kernels ({@code src/main/cuda})
 * by their {@code extern "C"} names. {@link JCudaDevice} runs them on a GPU through the CUDA driver;
 * the tests' {@code EmulatedDevice} runs the same kernel sources compiled for the CPU.
 *
 * <p>Handles are device addresses: a handle plus a byte offset inside its allocation addresses the
 * rest of that allocation, and may be passed wherever a handle is taken (except to {@link #free}).
 * Host copies return when the host array may be reused (uploads) or holds the data (downloads).
 * Device-to-device copies, memsets and launches are queued in order on the calling thread's stream
 * and may run after the call returns; {@link #synchronize()} waits for them. Work queued by one
 * thread is not ordered with work queued by another: the producer synchronises before handing
 * device memory to another thread.
 *
 * <p>Launches are one-dimensional: {@code grid} blocks of {@code block} threads along x, which is
 * all the bundle's kernels use (they loop grid-stride, see {@code common.cuh}).
 *
 * <p>Every failure of the underlying API throws {@link DeviceException}, which names the call, the
 * kernel (if any) and the result code.
 */
public interface Device extends AutoCloseable {
    /** Allocates {@code bytes} (> 0) of device memory; the contents are undefined. */
    long allocate(long bytes);

    /** Frees an allocation made by {@link #allocate} (the handle it returned, not an offset one). */
    void free(long handle);

    /** Copies {@code src[offset, offset + count)} to device memory at {@code dst}. */
    void upload(double[] src, int offset, int count, long dst);

    /** Copies {@code src[offset, offset + count)} to device memory at {@code dst}. */
    void upload(float[] src, int offset, int count, long dst);

    /** Copies {@code src[offset, offset + count)} to device memory at {@code dst}. */
    void upload(int[] src, int offset, int count, long dst);

    /** Copies {@code src[offset, offset + count)} to device memory at {@code dst}. */
    void upload(long[] src, int offset, int count, long dst);

    /** Copies {@code count} elements at device address {@code src} into {@code dst[offset, offset + count)}, after the calling thread's queued work. */
    void download(long src, double[] dst, int offset, int count);

    /** Copies {@code count} elements at device address {@code src} into {@code dst[offset, offset + count)}, after the calling thread's queued work. */
    void download(long src, float[] dst, int offset, int count);

    /** Copies {@code count} elements at device address {@code src} into {@code dst[offset, offset + count)}, after the calling thread's queued work. */
    void download(long src, int[] dst, int offset, int count);

    /** Copies {@code count} elements at device address {@code src} into {@code dst[offset, offset + count)}, after the calling thread's queued work. */
    void download(long src, long[] dst, int offset, int count);

    /** Queues a copy of {@code bytes} from device address {@code src} to {@code dst} (the ranges must not overlap). */
    void copy(long src, long dst, long bytes);

    /** Queues setting {@code bytes} at device address {@code dst} to zero. */
    void zero(long dst, long bytes);

    /**
     * Queues kernel {@code kernel} (an {@code extern "C"} name such as {@code binary_f64}) on
     * {@code grid} x {@code block} threads (1-D), with {@code sharedBytes} of dynamic shared memory
     * (0 for the bundle's kernels, whose shared arrays are static) and the arguments in order.
     */
    void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args);

    /** Waits until the calling thread's queued work has finished, and reports a failure of it. */
    void synchronize();

    /**
     * The calling thread's stream as a raw CUDA driver handle ({@code CUstream}), with the device's
     * context made current on this thread, for CUDA libraries (cuBLAS, cuSOLVER, cuFFT) that queue
     * their work on it; empty when the device runs no CUDA driver (the tests' CPU emulation).
     */
    default OptionalLong driverStream() { return OptionalLong.empty(); }

    /** Name, compute capability and memory of the device. */
    DeviceInfo describe();

    /** Releases the device's resources; the device is unusable afterwards. Idempotent. */
    @Override
    void close();
}
