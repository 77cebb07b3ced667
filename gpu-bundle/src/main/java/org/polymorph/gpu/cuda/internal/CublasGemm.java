package org.polymorph.gpu.cuda.internal;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.polymorph.core.tensor.DType;

/**
 * Batched row-major matrix products through cuBLAS ({@code cublasDgemm}/{@code cublasSgemm}, their
 * strided-batched forms for more than one matrix) on the calling thread's stream, with the argument
 * mapping of {@link GemmCall}. Float32 accumulates in float32 (TF32 only when {@link LibraryHandles#tf32()}).
 */
final class CublasGemm {
    /** alpha = 1 and beta = 0 in host memory (cuBLAS's default pointer mode reads them during the call); made on the first gemm. */
    private static final class Scalars {
        static final DoublePointer ONE_F64 = new DoublePointer(1.0);
        static final DoublePointer ZERO_F64 = new DoublePointer(0.0);
        static final FloatPointer ONE_F32 = new FloatPointer(1f);
        static final FloatPointer ZERO_F32 = new FloatPointer(0f);
    }

    private final LibraryHandles handles;

    CublasGemm(LibraryHandles handles) { this.handles = handles; }

    /**
     * C[i] = A[i] B[i] for i < batch: A [m, k] at {@code a + i * sa}, B [k, n] at {@code b + i * sb},
     * C [m, n] at {@code c + i * sc} (row-major, strides in elements, 0 broadcasting one matrix);
     * queued on the calling thread's stream. Sizes >= 1.
     */
    void gemm(DType t, int batch, int m, int n, int k, long a, long sa, long b, long sb, long c, long sc) {
        GemmCall g = GemmCall.rowMajor(false, false, m, n, k, sa, sb, sc, batch);
        cublasContext h = handles.cublas();
        int opFirst = g.transFirst() ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        int opSecond = g.transSecond() ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        if (t == DType.FLOAT64) {
            DoublePointer first = LibraryHandles.doubles(b);
            DoublePointer second = LibraryHandles.doubles(a);
            DoublePointer out = LibraryHandles.doubles(c);
            int status = g.batch() == 1
                    ? cublas.cublasDgemm_v2(h, opFirst, opSecond, g.rows(), g.cols(), g.depth(), Scalars.ONE_F64, first, g.ldFirst(),
                            second, g.ldSecond(), Scalars.ZERO_F64, out, g.ldOut())
                    : cublas.cublasDgemmStridedBatched(h, opFirst, opSecond, g.rows(), g.cols(), g.depth(), Scalars.ONE_F64, first, g.ldFirst(),
                            g.strideFirst(), second, g.ldSecond(), g.strideSecond(), Scalars.ZERO_F64, out, g.ldOut(), g.strideOut(), g.batch());
            LibraryHandles.blasCheck(g.batch() == 1 ? "cublasDgemm" : "cublasDgemmStridedBatched", status);
        } else if (t == DType.FLOAT32) {
            FloatPointer first = LibraryHandles.floats(b);
            FloatPointer second = LibraryHandles.floats(a);
            FloatPointer out = LibraryHandles.floats(c);
            int status = g.batch() == 1
                    ? cublas.cublasSgemm_v2(h, opFirst, opSecond, g.rows(), g.cols(), g.depth(), Scalars.ONE_F32, first, g.ldFirst(),
                            second, g.ldSecond(), Scalars.ZERO_F32, out, g.ldOut())
                    : cublas.cublasSgemmStridedBatched(h, opFirst, opSecond, g.rows(), g.cols(), g.depth(), Scalars.ONE_F32, first, g.ldFirst(),
                            g.strideFirst(), second, g.ldSecond(), g.strideSecond(), Scalars.ZERO_F32, out, g.ldOut(), g.strideOut(), g.batch());
            LibraryHandles.blasCheck(g.batch() == 1 ? "cublasSgemm" : "cublasSgemmStridedBatched", status);
        } else {
            throw new IllegalArgumentException("gemm: dtype " + t + " is not on the device; give float32 or float64");
        }
    }
}
