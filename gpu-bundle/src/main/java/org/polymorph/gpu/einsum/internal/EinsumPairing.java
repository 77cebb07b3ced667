package org.polymorph.gpu.einsum.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How one pairwise contraction of an einsum groups the labels of its operands a and b, shared by the CPU and the
 * CUDA backends: {@code batch} (in both, kept), {@code inner} (in both, summed), {@code freeA} and {@code freeB} (in
 * one only: kept ones by then). The contraction is the batched product [bt, m, k] × [bt, k, n] of a arranged as
 * (batch, freeA, inner) and b as (batch, inner, freeB); its result has the labels batch + freeA + freeB with
 * {@code dims}.
 */
public record EinsumPairing(List<Integer> batch, List<Integer> inner, List<Integer> freeA, List<Integer> freeB,
                            int[] labels, int[] dims, int bt, int m, int k, int n) {

    /** The grouping of a (labels, dims) and b (labels, dims) when the labels {@code keep} are needed later. */
    public static EinsumPairing of(int[] aLabels, int[] aDims, int[] bLabels, int[] bDims, boolean[] keep) {
        List<Integer> batch = new ArrayList<>();
        List<Integer> inner = new ArrayList<>();
        List<Integer> freeA = new ArrayList<>();
        List<Integer> freeB = new ArrayList<>();
        for (int l : aLabels) {
            if (indexOf(bLabels, l) < 0) freeA.add(l);
            else if (keep[l]) batch.add(l);
            else inner.add(l);
        }
        for (int l : bLabels) if (indexOf(aLabels, l) < 0) freeB.add(l);
        int[] labels = Stream.of(batch, freeA, freeB).flatMap(List::stream).mapToInt(Integer::intValue).toArray();
        int[] dims = new int[labels.length];
        for (int d = 0; d < labels.length; d++) {
            int ia = indexOf(aLabels, labels[d]);
            dims[d] = ia >= 0 ? aDims[ia] : bDims[indexOf(bLabels, labels[d])];
        }
        return new EinsumPairing(batch, inner, freeA, freeB, labels, dims, extent(aLabels, aDims, batch), extent(aLabels, aDims, freeA),
                extent(aLabels, aDims, inner), extent(bLabels, bDims, freeB));
    }

    /** The axis permutation of an operand with {@code labels} that puts the label groups g1, g2, g3 in that order. */
    public static int[] order(int[] labels, List<Integer> g1, List<Integer> g2, List<Integer> g3) {
        return Stream.of(g1, g2, g3).flatMap(List::stream).mapToInt(l -> indexOf(labels, l)).toArray();
    }

    /** Where {@code x} stands in {@code xs}, or -1. */
    public static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) if (xs[i] == x) return i;
        return -1;
    }

    private static int extent(int[] labels, int[] dims, List<Integer> group) {
        long s = 1;
        for (int l : group) s *= dims[indexOf(labels, l)];
        return Math.toIntExact(s);
    }
}
