package org.polymorph.core.tensor;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;

/**
 * Every tensor op that autodiff and physics need, with NumPy semantics: broadcasting, negative
 * axes, row-major logical order. Ops never mutate their inputs. Invalid arguments (shapes, dtypes,
 * axes) throw {@link IllegalArgumentException} naming the op, the shapes or dtypes, and the fix.
 * Numerical failures (a singular matrix in solve/inverse, a matrix that is not positive definite
 * in cholesky, no convergence) throw {@link ArithmeticException} naming the op and batch index.
 *
 * <p>Integer semantics: DIV on INT32/INT64 truncates toward zero (Java); MOD is floored with the
 * sign of the divisor (numpy.mod); INT32 arithmetic wraps. Float32 results are rounded to float
 * after each op. Linear algebra, FFT and einsum accept FLOAT32 and FLOAT64 only.
 *
 * <p>Tensors from one service are only valid in that service. Registered as an OSGi service with
 * property {@link #BACKEND_PROPERTY}; the highest {@code service.ranking} is the active backend.
 *
 * <p>Further rules, checked by the contract suite in the test-jar ({@code TensorServiceContract}):
 * float32 ops may accumulate in more precision, but every result is a float; INT64 wraps too; MOD
 * is floored for every dtype; BOOL takes part only in comparisons, AND/OR/NOT, where, casts and
 * data movement (arithmetic, reductions and cumsum reject it: cast first); NaN propagates through
 * MAXIMUM/MINIMUM and the MAX/MIN/SUM/LOGSUMEXP reductions. Value-dependent failures also throw
 * {@link ArithmeticException}: integer DIV/MOD by zero and POW with a negative integer exponent;
 * "singular" means an exactly zero pivot in LU with partial pivoting. Float division by zero
 * gives inf/NaN.
 */
@ProviderType
public interface TensorService {
    /** Service property naming the backend, e.g. {@code nd4j-cpu}. */
    String BACKEND_PROPERTY = "polymorph.backend";

    /** Short backend id, e.g. {@code nd4j-cpu} or {@code reference}. */
    String name();

    /**
     * The fused molecular-dynamics kernels this service runs in its own memory (a GPU service's
     * device-resident trajectories), or empty: the default, for services whose tensors are host
     * arrays that a host loop reads directly.
     */
    default java.util.Optional<MdKernels> mdKernels() { return java.util.Optional.empty(); }

    // ---- creation and transfer ----
    Tensor full(DType dtype, double value, int... shape);
    default Tensor zeros(DType dtype, int... shape) { return full(dtype, 0.0, shape); }
    default Tensor ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }
    default Tensor scalar(DType dtype, double value) { return full(dtype, value); }
    /** [start, stop) in steps of step, as numpy.arange; length ceil((stop-start)/step). */
    Tensor arange(DType dtype, double start, double stop, double step);
    /** Identity [n, n]. */
    Tensor eye(DType dtype, int n);
    /** Row-major data of the given shape; the array is copied. */
    Tensor fromArray(double[] data, int... shape);
    Tensor fromArray(float[] data, int... shape);
    Tensor fromArray(int[] data, int... shape);
    Tensor fromArray(long[] data, int... shape);
    Tensor fromArray(boolean[] data, int... shape);
    /** Row-major copies, converting the dtype as a cast would (true is 1). */
    double[] toDoubleArray(Tensor x);
    float[] toFloatArray(Tensor x);
    int[] toIntArray(Tensor x);
    long[] toLongArray(Tensor x);
    boolean[] toBooleanArray(Tensor x);
    /** The value of a size-1 tensor as a double. */
    default double item(Tensor x) {
        if (x.size() != 1) throw new IllegalArgumentException("item() needs a size-1 tensor, got shape " + x.shape());
        return toDoubleArray(x)[0];
    }

    // ---- elementwise ----
    /**
     * NEG, ABS, SIGN, SQUARE, FLOOR, CEIL and ROUND (half to even) also take integers; the other
     * math ops need a float dtype; NOT needs BOOL; IS_NAN and IS_FINITE take any dtype.
     */
    Tensor unary(UnaryOp op, Tensor x);
    /**
     * Both operands must have one dtype; comparisons give BOOL. ATAN2 needs a float dtype; integer
     * DIV truncates toward zero and throws {@link ArithmeticException} on a zero divisor.
     */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);
    /** cond (BOOL) ? a : b, all three broadcast together; a and b share a dtype. */
    Tensor where(Tensor cond, Tensor a, Tensor b);
    /**
     * Float to int truncates toward zero (NaN and out-of-range values are unspecified); int64 to
     * int32 wraps; to BOOL is x != 0 (NaN is true).
     */
    Tensor cast(Tensor x, DType dtype);
    default Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }
    default Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }
    default Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }
    default Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }
    default Tensor pow(Tensor a, Tensor b) { return binary(BinaryOp.POW, a, b); }
    default Tensor maximum(Tensor a, Tensor b) { return binary(BinaryOp.MAXIMUM, a, b); }
    default Tensor minimum(Tensor a, Tensor b) { return binary(BinaryOp.MINIMUM, a, b); }
    default Tensor neg(Tensor x) { return unary(UnaryOp.NEG, x); }
    default Tensor exp(Tensor x) { return unary(UnaryOp.EXP, x); }
    default Tensor log(Tensor x) { return unary(UnaryOp.LOG, x); }
    default Tensor sqrt(Tensor x) { return unary(UnaryOp.SQRT, x); }

    // ---- reductions ----
    /**
     * Reduces over {@code axes} (all axes when empty); keepDims leaves length-1 axes. Over zero
     * elements SUM is 0, PROD 1, MEAN NaN, LOGSUMEXP -inf, and MAX/MIN throw IllegalArgumentException.
     */
    Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes);
    /** Index (INT64) of the first maximum along {@code axis}; a NaN counts as the maximum. */
    Tensor argmax(Tensor x, int axis, boolean keepDims);
    /** Index (INT64) of the first minimum along {@code axis}; a NaN counts as the minimum. */
    Tensor argmin(Tensor x, int axis, boolean keepDims);
    default Tensor sum(Tensor x, int... axes) { return reduce(ReduceOp.SUM, x, false, axes); }
    default Tensor mean(Tensor x, int... axes) { return reduce(ReduceOp.MEAN, x, false, axes); }

    // ---- contractions ----
    /** numpy.matmul: 1-D operands are promoted and the added axis removed; leading axes broadcast. */
    Tensor matmul(Tensor a, Tensor b);
    /** Inner product of two 1-D tensors (a scalar), or matmul for higher ranks. */
    Tensor dot(Tensor a, Tensor b);
    /** [m] x [n] -> [m, n]; higher-rank operands are flattened first (numpy.outer). */
    Tensor outer(Tensor a, Tensor b);
    /**
     * numpy.einsum with explicit output ({@code "bij,bjk->bik"}) or implicit output (sorted
     * indices appearing once). Repeated indices in one operand take its diagonal; "..." is supported.
     */
    Tensor einsum(String spec, Tensor... operands);

    // ---- shape ----
    /** One axis may be -1. Views when possible. */
    Tensor reshape(Tensor x, int... shape);
    /** Permutes axes; an empty permutation reverses them. */
    Tensor transpose(Tensor x, int... perm);
    /**
     * Strided slice per axis: start/stop/step arrays of length rank, numpy clamping, step != 0.
     * With a negative step, a stop of {@link Integer#MIN_VALUE} runs through index 0 (numpy's None).
     */
    Tensor slice(Tensor x, int[] start, int[] stop, int[] step);
    Tensor concat(int axis, Tensor... xs);
    Tensor stack(int axis, Tensor... xs);
    Tensor broadcastTo(Tensor x, int... shape);
    /** Constant padding; padWidths[axis] = {before, after}. */
    Tensor pad(Tensor x, int[][] padWidths, double value);
    default Tensor expandDims(Tensor x, int axis) {
        int r = x.rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) throw new IllegalArgumentException("expandDims axis " + axis + " out of range for shape " + x.shape());
        int[] s = new int[r];
        for (int i = 0, j = 0; i < r; i++) s[i] = i == a ? 1 : x.shape().toArray()[j++];
        return reshape(x, s);
    }

    // ---- indexing ----
    /** numpy.take: out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]; INT32/INT64 indices, negatives wrap. */
    Tensor take(Tensor x, Tensor indices, int axis);
    /** numpy.take_along_axis: indices has x's rank and broadcasts on the other axes. */
    Tensor takeAlongAxis(Tensor x, Tensor indices, int axis);
    /**
     * The adjoint of take: a copy of {@code target} with {@code updates} added at {@code indices}
     * along {@code axis}; repeated indices accumulate. updates.shape = take(target, indices, axis).shape.
     */
    Tensor scatterAdd(Tensor target, Tensor indices, Tensor updates, int axis);
    /** out[s, ...] = sum of data[i, ...] with segmentIds[i] == s, for s in [0, numSegments); ids out of range are dropped. */
    Tensor segmentSum(Tensor data, Tensor segmentIds, int numSegments);
    Tensor cumsum(Tensor x, int axis);
    /** Ascending; NaN sorts last; -0.0 and 0.0 compare equal. */
    Tensor sort(Tensor x, int axis);
    /** Stable ascending sort indices (INT64), in the order of {@link #sort}. */
    Tensor argsort(Tensor x, int axis);

    // ---- random ----
    /** Element i (row-major) is key.normal(i). Floating dtypes only. */
    Tensor normal(RandomKey key, DType dtype, int... shape);
    /** Element i is low + (high - low) * key.uniform(i). */
    Tensor uniform(RandomKey key, DType dtype, double low, double high, int... shape);

    // ---- linear algebra, over the last two axes with leading batch axes ----
    /**
     * Solves a x = b; b is a stack of vectors [..., n] when its rank is 1 or a.rank - 1, otherwise
     * of matrices [..., n, k]; batch axes broadcast. Singular matrices throw {@link ArithmeticException}.
     */
    Tensor solve(Tensor a, Tensor b);
    Tensor inverse(Tensor a);
    Tensor det(Tensor a);
    /**
     * Lower-triangular L with a = L L^T, reading the lower triangle of a; throws
     * {@link ArithmeticException} if a is not positive definite.
     */
    Tensor cholesky(Tensor a);
    /** Uses the lower triangle of a. */
    Eigh eigh(Tensor a);
    QR qr(Tensor a);
    SVD svd(Tensor a);

    // ---- FFT along the last axis ----
    /** Real to half spectrum: [..., n] -> [..., n/2 + 1] complex, unnormalised (numpy.fft.rfft). */
    Complex rfft(Tensor x);
    /** Inverse of rfft with output length n, scaled by 1/n (numpy.fft.irfft). */
    Tensor irfft(Complex spectrum, int n);
    /** Complex to complex, unnormalised forward (numpy.fft.fft). */
    Complex fft(Complex x);
    /** Complex inverse scaled by 1/n (numpy.fft.ifft). */
    Complex ifft(Complex x);

    // ---- description ----
    /** Human-readable facts for the {@code backend} command: versions, BLAS, threads. */
    java.util.Map<String, Object> describe();
}
