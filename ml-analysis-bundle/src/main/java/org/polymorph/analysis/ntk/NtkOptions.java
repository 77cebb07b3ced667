package org.polymorph.analysis.ntk;

import java.util.Arrays;

/**
 * Options of an {@link Ntk}, as neural-tangents' {@code empirical_ntk_fn}.
 *
 * @param implementation the algorithm
 * @param traceAxes output axes summed over (the kernel keeps Σ_i Θ[.., i, i]); axes index f's output (n, o1, ..., ok),
 *        negative from the end, never the batch axis 0. Default {-1}: the last axis, giving (n1, n2) for (n, outputs).
 * @param diagonalAxes output axes whose off-diagonal entries are dropped (the kernel keeps Θ[.., i, i] once)
 * @param batchSize rows of x1 and x2 per tile (0: no tiling); kernels are assembled from (tile1, tile2) blocks
 * @param rowwise whether row a of f's output depends on row a of x only (true for networks without batch statistics):
 *        then Jacobians are taken per row (vmapped over x, as neural-tangents' {@code vmap_axes=0}), O VJPs per row
 *        instead of N·O VJPs over the whole tile
 */
public record NtkOptions(NtkImplementation implementation, int[] traceAxes, int[] diagonalAxes, int batchSize, boolean rowwise) {
    public NtkOptions {
        if (implementation == null) throw new IllegalArgumentException("implementation is null");
        traceAxes = traceAxes == null ? new int[0] : traceAxes.clone();
        diagonalAxes = diagonalAxes == null ? new int[0] : diagonalAxes.clone();
        if (batchSize < 0) {
            throw new org.polymorph.core.method.BadInputException("batch_size must be 0 (no tiling) or positive, got " + batchSize,
                    "batch_size", Integer.toString(batchSize), "give 0 or a positive number of rows per tile");
        }
    }

    /** Automatic implementation, trace over the last output axis, no diagonal axes, no tiling, row-wise f. */
    public static NtkOptions defaults() { return new NtkOptions(NtkImplementation.AUTO, new int[] {-1}, new int[0], 0, true); }

    public NtkOptions withImplementation(NtkImplementation i) { return new NtkOptions(i, traceAxes, diagonalAxes, batchSize, rowwise); }

    public NtkOptions withTraceAxes(int... axes) { return new NtkOptions(implementation, axes, diagonalAxes, batchSize, rowwise); }

    public NtkOptions withDiagonalAxes(int... axes) { return new NtkOptions(implementation, traceAxes, axes, batchSize, rowwise); }

    public NtkOptions withBatchSize(int rows) { return new NtkOptions(implementation, traceAxes, diagonalAxes, rows, rowwise); }

    public NtkOptions withRowwise(boolean r) { return new NtkOptions(implementation, traceAxes, diagonalAxes, batchSize, r); }

    @Override public int[] traceAxes() { return traceAxes.clone(); }

    @Override public int[] diagonalAxes() { return diagonalAxes.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof NtkOptions n && n.implementation == implementation && Arrays.equals(n.traceAxes, traceAxes)
                && Arrays.equals(n.diagonalAxes, diagonalAxes) && n.batchSize == batchSize && n.rowwise == rowwise;
    }

    @Override public int hashCode() {
        return java.util.Objects.hash(implementation, Arrays.hashCode(traceAxes), Arrays.hashCode(diagonalAxes), batchSize, rowwise);
    }

    @Override public String toString() {
        return "NtkOptions[" + implementation.id() + ", trace_axes=" + Arrays.toString(traceAxes) + ", diagonal_axes="
                + Arrays.toString(diagonalAxes) + ", batch_size=" + batchSize + ", rowwise=" + rowwise + "]";
    }
}
