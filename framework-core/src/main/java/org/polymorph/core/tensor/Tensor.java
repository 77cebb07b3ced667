package org.polymorph.core.tensor;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable handle to memory owned by a {@link TensorService}. Read the values with the
 * service's {@code toDoubleArray} and friends; never mutate what they return into the tensor.
 * A tensor may be a view (transposed, strided slice) of another; that is invisible to callers.
 */
@ProviderType
public interface Tensor {
    Shape shape();

    DType dtype();

    default int rank() { return shape().rank(); }

    default long size() { return shape().size(); }

    /** Length of one axis; negative axes count from the end. */
    default int dim(int axis) { return shape().dim(axis); }
}
