package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/**
 * An immutable tensor of this backend: a strided view (dims, strides in elements, offset) over a
 * {@link Storage}. Transpose, strided slice, broadcastTo and most reshapes are O(1) views.
 */
final class NdTensor implements Tensor {
    final Storage storage;
    final DType dtype;
    final Shape shape;
    final int[] dims;
    final int[] strides;
    final int offset;
    final int size;
    /** Row-major contiguous from {@link #offset}: element i lives at offset + i. */
    final boolean contiguous;

    NdTensor(Storage storage, Shape shape, int[] dims, int[] strides, int offset) {
        this.storage = storage;
        this.dtype = storage.dtype;
        this.shape = shape;
        this.dims = dims;
        this.strides = strides;
        this.offset = offset;
        this.size = Layout.size(dims);
        this.contiguous = Layout.isContiguous(dims, strides);
    }

    /** A contiguous tensor over a fresh array of {@code dtype} (taken over, not copied). */
    static NdTensor of(DType dtype, int[] dims, Object array) {
        return new NdTensor(Storage.ofHeap(dtype, array), Shape.of(dims), dims.clone(), Layout.rowMajorStrides(dims), 0);
    }

    /** Like {@link #of} reusing a known shape object (the hot path of elementwise ops). */
    static NdTensor like(NdTensor template, DType dtype, Object array) {
        int[] strides = template.contiguous && template.offset == 0 ? template.strides : Layout.rowMajorStrides(template.dims);
        return new NdTensor(Storage.ofHeap(dtype, array), template.shape, template.dims, strides, 0);
    }

    /** A view sharing this tensor's storage. */
    NdTensor view(int[] newDims, int[] newStrides, int newOffset) {
        return new NdTensor(storage, Shape.of(newDims), newDims.clone(), newStrides.clone(), newOffset);
    }

    /** True when the elements are exactly the whole storage array in order. */
    boolean isWholeStorage() { return contiguous && offset == 0 && size == storage.length; }

    int rankInt() { return dims.length; }

    @Override public Shape shape() { return shape; }

    @Override public DType dtype() { return dtype; }

    @Override public String toString() {
        return "NdTensor" + shape + " " + dtype + (contiguous ? "" : " strides " + Arrays.toString(strides));
    }
}
