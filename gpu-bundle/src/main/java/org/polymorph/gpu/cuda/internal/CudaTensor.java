package org.polymorph.gpu.cuda.internal;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/**
 * A tensor of the {@link CudaTensorService}. FLOAT32 and FLOAT64 tensors live on the device: a
 * contiguous row-major array at {@code block.handle()} (several tensors may share one block, e.g.
 * a reshape and its source), returned to the allocator when the last of them is unreachable.
 * INT32, INT64 and BOOL tensors, which no kernel takes, live on the host as a tensor of the host
 * service; ops on them run there.
 */
final class CudaTensor implements Tensor {
    private final Shape shape;
    private final DType dtype;
    private final DeviceAllocator.Block block;
    private final Tensor host;

    private CudaTensor(Shape shape, DType dtype, DeviceAllocator.Block block, Tensor host) {
        this.shape = shape;
        this.dtype = dtype;
        this.block = block;
        this.host = host;
    }

    /** A device tensor over {@code block} (at least size * dtype bytes). */
    static CudaTensor onDevice(Shape shape, DType dtype, DeviceAllocator.Block block) {
        return new CudaTensor(shape, dtype, block, null);
    }

    /** A host-resident tensor wrapping a tensor of the host service. */
    static CudaTensor onHost(Tensor host) {
        return new CudaTensor(host.shape(), host.dtype(), null, host);
    }

    @Override public Shape shape() { return shape; }

    @Override public DType dtype() { return dtype; }

    /** Whether the data are in device memory (FLOAT32/FLOAT64). */
    boolean onDevice() { return block != null; }

    /** The device block (device tensors only). */
    DeviceAllocator.Block block() { return block; }

    /** The device address of element 0 (device tensors only). */
    long address() { return block.handle(); }

    /** The host service's tensor (host-resident tensors only). */
    Tensor host() { return host; }

    /** The same data seen with another shape of the same size (device tensors share the block). */
    CudaTensor withShape(Shape s) { return new CudaTensor(s, dtype, block, host); }

    @Override public String toString() {
        return "CudaTensor" + shape + " " + dtype + (onDevice() ? " on device" : " on host");
    }
}
