package org.polymorph.gpu.cpu.internal.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One malloc'ed native block holding {@code doubles} doubles followed by {@code ints} ints, freed by
 * {@link #close()}. Uses raw {@link Pointer#malloc} (about 0.1 µs) instead of JavaCPP's tracked
 * allocations (about 1.6 µs each, measured), because small-matrix calls are dominated by overhead.
 * Offsets are in elements. Not thread-safe; one block per call.
 */
final class NativeBlock implements AutoCloseable {
    private final Pointer raw;
    private final long doubles;

    NativeBlock(long doubles, long ints) {
        long bytes = Math.max(8, doubles * Double.BYTES + ints * Integer.BYTES);
        this.raw = Pointer.malloc(bytes);
        if (raw == null || raw.isNull()) {
            throw new OutOfMemoryError("native malloc of " + bytes + " bytes failed");
        }
        this.doubles = doubles;
    }

    /** A double view starting at element {@code offset}. */
    DoublePointer doubles(long offset) {
        return new DoublePointer(raw).position(offset);
    }

    /** An int view starting at int element {@code offset} of the int region. */
    IntPointer ints(long offset) {
        return new IntPointer(raw).position(doubles * 2 + offset);
    }

    void put(long offset, double[] src) {
        doubles(offset).put(src, 0, src.length);
    }

    double[] get(long offset, int count) {
        double[] out = new double[count];
        doubles(offset).get(out, 0, count);
        return out;
    }

    int[] getInts(long offset, int count) {
        int[] out = new int[count];
        ints(offset).get(out, 0, count);
        return out;
    }

    @Override
    public void close() {
        Pointer.free(raw);
    }
}
