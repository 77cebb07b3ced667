package org.polymorph.core.tensor.testing;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/**
 * A tensor of the {@link ReferenceTensorService}: its own contiguous row-major copy of the values,
 * held as doubles that are already exact for the dtype (float32 values rounded to float, integers
 * integral and wrapped, bool 0 or 1). Never mutated after construction.
 */
final class RefTensor implements Tensor {
    private final DType dtype;
    private final Shape shape;
    private final double[] data;

    RefTensor(DType dtype, Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalStateException("data length " + data.length + " does not match shape " + shape);
        }
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** Rounds/wraps every value to {@code dtype} (see {@link Values#store}). */
    static RefTensor stored(DType dtype, int[] dims, double[] data) {
        for (int i = 0; i < data.length; i++) data[i] = Values.store(dtype, data[i]);
        return new RefTensor(dtype, Shape.of(dims), data);
    }

    /** The reference tensor behind {@code t}, or an exception naming the op. */
    static RefTensor of(String op, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": tensor argument is null");
        if (!(t instanceof RefTensor)) {
            throw new IllegalArgumentException(op + ": tensor of type " + t.getClass().getName()
                    + " does not belong to the reference service; create it with this service's fromArray");
        }
        return (RefTensor) t;
    }

    @Override public Shape shape() { return shape; }

    @Override public DType dtype() { return dtype; }

    int[] dims() { return shape.toArray(); }

    /** Element at row-major position {@code i}. */
    double get(int i) { return data[i]; }

    /** The backing array; callers must not modify it. */
    double[] values() { return data; }

    int length() { return data.length; }

    @Override public String toString() { return "RefTensor" + shape + " " + dtype; }
}
