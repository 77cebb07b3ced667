package org.polymorph.materials.internal.potential;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Work arrays a kernel reuses from call to call instead of allocating them: a fresh array of a few
 * hundred kB is written to memory outside the caches, which costs as much as a fifth of a 32,000-atom
 * lj/cut step per array; a reused one stays cached. Each {@link #take} hands one set to one caller
 * (concurrent callers, e.g. row-parallel threads, get different sets); {@link #give} returns it.
 */
final class ScratchPool {
    private final int arrays;
    private final ConcurrentLinkedDeque<double[][]> free = new ConcurrentLinkedDeque<>();

    ScratchPool(int arrays) { this.arrays = arrays; }

    /** {@code arrays} arrays of at least {@code length} doubles each, contents undefined. */
    double[][] take(int length) {
        double[][] s = free.pollFirst();
        if (s == null || s[0].length < length) s = new double[arrays][length];
        return s;
    }

    /** {@code arrays} arrays of exactly {@code length} doubles each, contents undefined. */
    double[][] takeExact(int length) {
        double[][] s = free.pollFirst();
        if (s == null || s[0].length != length) s = new double[arrays][length];
        return s;
    }

    /** Returns a set from {@link #take}; the caller no longer uses it. */
    void give(double[][] s) {
        if (free.size() < 8) free.addFirst(s);
    }
}
