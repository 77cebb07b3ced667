package org.polymorph.gpu.cpu.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.polymorph.core.tensor.DType;

/**
 * The immutable element buffer behind one or more tensors: a Java primitive array
 * (double[], float[], int[], long[] or boolean[] by dtype) and, for float dtypes, a native copy for
 * BLAS. Either side is created lazily from the other and then cached; neither is ever mutated
 * after publication, so views and threads may share a storage freely.
 */
final class Storage {
    final DType dtype;
    final int length;
    private volatile Object heap;
    private volatile Pointer nativeData;

    private Storage(DType dtype, int length, Object heap, Pointer nativeData) {
        this.dtype = dtype;
        this.length = length;
        this.heap = heap;
        this.nativeData = nativeData;
    }

    /** Wraps {@code array} (taken over, not copied: the caller must not touch it again). */
    static Storage ofHeap(DType dtype, Object array) {
        return new Storage(dtype, java.lang.reflect.Array.getLength(array), array, null);
    }

    /**
     * Wraps a native result (DoublePointer for FLOAT64, FloatPointer for FLOAT32) of {@code length}
     * elements that {@code pool} allocated; the buffer goes back to the pool when the storage dies.
     */
    static Storage ofNative(DType dtype, Pointer data, int length, NativePool pool) {
        Storage s = new Storage(dtype, length, null, data);
        pool.own(s, data, dtype, length);
        return s;
    }

    /** The heap array; copied out of native memory on first use when the data came from BLAS. */
    Object heap() {
        Object h = heap;
        return h != null ? h : heapSlow();
    }

    double[] doubles() { return (double[]) heap(); }

    float[] floats() { return (float[]) heap(); }

    /** True when the heap array exists (no native-to-heap copy would be needed). */
    boolean hasHeap() { return heap != null; }

    private synchronized Object heapSlow() {
        if (heap == null) {
            Pointer p = nativeData;
            if (dtype == DType.FLOAT64) {
                double[] d = new double[length];
                ((DoublePointer) p).get(d);
                heap = d;
            } else {
                float[] f = new float[length];
                ((FloatPointer) p).get(f);
                heap = f;
            }
        }
        return heap;
    }

    /** The native copy for BLAS (float dtypes only); made from the heap array on first use. Call inside the guard. */
    Pointer nativeData() {
        Pointer p = nativeData;
        return p != null ? p : nativeSlow();
    }

    private synchronized Pointer nativeSlow() {
        if (nativeData == null) {
            Object h = heap;
            NativePool pool = NativePool.shared();
            Pointer p = pool.allocate(dtype, length);
            if (dtype == DType.FLOAT64) ((DoublePointer) p).put((double[]) h, 0, length);
            else ((FloatPointer) p).put((float[]) h, 0, length);
            pool.own(this, p, dtype, length);
            nativeData = p;
        }
        return nativeData;
    }
}
