package org.polymorph.gpu.cuda.internal;

/**
 * The column-major cuBLAS call ({@code cublas<t>gemmStridedBatched}) that computes a batch of
 * row-major products C = op(A) op(B), C [m, n], op(A) [m, k], op(B) [k, n], each operand a
 * contiguous row-major matrix (stored transposed when its {@code trans} flag is set).
 *
 * <p>A row-major [r, c] matrix is, read column-major, the [c, r] matrix that is its transpose. So
 * C^T = op(B)^T op(A)^T is computed: cuBLAS's first operand is B and its second A, its (m, n, k)
 * are (n, m, k), and every leading dimension is the row length of the matrix as stored. An operand
 * stored transposed becomes cuBLAS's 'T' operation. Batch strides are in elements; 0 repeats one
 * matrix over the batch (a broadcast operand).
 *
 * @param transFirst  cuBLAS's transa (CUBLAS_OP_T when set): op of the first operand, B
 * @param transSecond cuBLAS's transb: op of the second operand, A
 * @param rows        cuBLAS's m: rows of the column-major C^T, = n
 * @param cols        cuBLAS's n: columns of C^T, = m
 * @param depth       cuBLAS's k, = k
 * @param ldFirst     lda: n for B [k, n], k for B stored as [n, k]
 * @param ldSecond    ldb: k for A [m, k], m for A stored as [k, m]
 * @param ldOut       ldc: n
 */
record GemmCall(boolean transFirst, boolean transSecond, int rows, int cols, int depth, int ldFirst, int ldSecond, int ldOut,
                long strideFirst, long strideSecond, long strideOut, int batch) {

    /**
     * The call for row-major C [m, n] = op(A) op(B) over {@code batch} matrices; A's batch stride
     * {@code strideA}, B's {@code strideB}, C's {@code strideC} (elements). Sizes must be >= 1:
     * an empty product is no call (the caller fills zeros or does nothing).
     */
    static GemmCall rowMajor(boolean transA, boolean transB, int m, int n, int k, long strideA, long strideB, long strideC, int batch) {
        if (m < 1 || n < 1 || k < 1 || batch < 1) {
            throw new IllegalArgumentException("gemm sizes m=" + m + ", n=" + n + ", k=" + k + ", batch=" + batch
                    + ": each must be >= 1 (an empty product needs no cuBLAS call)");
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("gemm batch strides " + strideA + ", " + strideB + ", " + strideC + ": give strides >= 0");
        }
        return new GemmCall(transB, transA, n, m, k, transB ? k : n, transA ? m : k, n, strideB, strideA, strideC, batch);
    }
}
