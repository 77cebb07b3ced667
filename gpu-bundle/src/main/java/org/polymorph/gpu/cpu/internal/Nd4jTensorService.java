package org.polymorph.gpu.cpu.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The CPU TensorService ({@code nd4j-cpu}). Small and medium work runs in plain Java loops over
 * immutable primitive arrays (strided views make transpose and slice O(1)); GEMM above
 * {@link #blasMinFlops()} multiply-adds goes to OpenBLAS through JavaCPP on cached native copies;
 * LAPACK-backed linear algebra uses the same OpenBLAS. ND4J itself initialises in the background
 * and serves the direct-ND4J benchmarks; no op of this service waits for it.
 */
public final class Nd4jTensorService implements TensorService {
    /** System property overriding the GEMM size threshold (multiply-adds, batch included). */
    public static final String BLAS_MIN_FLOPS_PROPERTY = "polymorph.nd4j.blas.min.flops";
    /** Default threshold: about a 40x40x40 product; below it the Java loop beats a native call. */
    public static final long DEFAULT_BLAS_MIN_FLOPS = 64_000;

    private final Blas blas;
    private final Nd4jRuntime nd4j;
    private final Supplier<Map<String, Object>> cuda;
    private final Matmul matmul;
    private final LinalgOps linalg;

    /** {@code cuda}: the CUDA probe's facts, reported by {@link #describe} (waits for them). */
    public Nd4jTensorService(Blas blas, Nd4jRuntime nd4j, Supplier<Map<String, Object>> cuda) {
        this(blas, nd4j, cuda, Long.getLong(BLAS_MIN_FLOPS_PROPERTY, DEFAULT_BLAS_MIN_FLOPS));
    }

    public Nd4jTensorService(Blas blas, Nd4jRuntime nd4j, Supplier<Map<String, Object>> cuda, long blasMinFlops) {
        this.blas = blas;
        this.nd4j = nd4j;
        this.cuda = cuda;
        this.matmul = new Matmul(blas, blasMinFlops);
        this.linalg = new LinalgOps(blas, matmul);
    }

    public long blasMinFlops() { return matmul.blasMinFlops(); }

    private static NdTensor t(String op, Tensor x) { return Checks.own(op, x); }

    private static NdTensor[] all(String op, Tensor... xs) {
        if (xs == null) throw new IllegalArgumentException(op + ": tensor array is null; pass tensors");
        NdTensor[] out = new NdTensor[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = Checks.own(op, xs[i]);
        return out;
    }

    @Override public String name() { return "nd4j-cpu"; }

    @Override public Tensor full(DType dtype, double value, int... shape) { return Creation.full(dtype, value, shape); }
    @Override public Tensor arange(DType dtype, double start, double stop, double step) { return Creation.arange(dtype, start, stop, step); }
    @Override public Tensor eye(DType dtype, int n) { return Creation.eye(dtype, n); }
    @Override public Tensor fromArray(double[] data, int... shape) { return Creation.fromArray(DType.FLOAT64, data, data == null ? 0 : data.length, shape); }
    @Override public Tensor fromArray(float[] data, int... shape) { return Creation.fromArray(DType.FLOAT32, data, data == null ? 0 : data.length, shape); }
    @Override public Tensor fromArray(int[] data, int... shape) { return Creation.fromArray(DType.INT32, data, data == null ? 0 : data.length, shape); }
    @Override public Tensor fromArray(long[] data, int... shape) { return Creation.fromArray(DType.INT64, data, data == null ? 0 : data.length, shape); }
    @Override public Tensor fromArray(boolean[] data, int... shape) { return Creation.fromArray(DType.BOOL, data, data == null ? 0 : data.length, shape); }
    @Override public double[] toDoubleArray(Tensor x) { return Creation.toDoubles(t("toDoubleArray", x)); }
    @Override public float[] toFloatArray(Tensor x) { return Creation.toFloats(t("toFloatArray", x)); }
    @Override public int[] toIntArray(Tensor x) { return Creation.toInts(t("toIntArray", x)); }
    @Override public long[] toLongArray(Tensor x) { return Creation.toLongs(t("toLongArray", x)); }
    @Override public boolean[] toBooleanArray(Tensor x) { return Creation.toBools(t("toBooleanArray", x)); }

    @Override public Tensor unary(UnaryOp op, Tensor x) { return Elementwise.unary(op, t("unary " + op, x)); }
    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (a instanceof NdTensor && b instanceof NdTensor) return Elementwise.binary(op, (NdTensor) a, (NdTensor) b);
        return Elementwise.binary(op, t("binary " + op, a), t("binary " + op, b));
    }
    @Override public Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(t("where", cond), t("where", a), t("where", b)); }
    @Override public Tensor cast(Tensor x, DType dtype) { return Elementwise.cast(t("cast", x), dtype); }

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) { return Reductions.reduce(op, t("reduce " + op, x), keepDims, axes); }
    @Override public Tensor argmax(Tensor x, int axis, boolean keepDims) { return Reductions.argExtreme(t("argmax", x), axis, keepDims, true); }
    @Override public Tensor argmin(Tensor x, int axis, boolean keepDims) { return Reductions.argExtreme(t("argmin", x), axis, keepDims, false); }

    @Override public Tensor matmul(Tensor a, Tensor b) { return matmul.matmul(t("matmul", a), t("matmul", b)); }
    @Override public Tensor dot(Tensor a, Tensor b) { return matmul.dot(t("dot", a), t("dot", b)); }
    @Override public Tensor outer(Tensor a, Tensor b) { return matmul.outer(t("outer", a), t("outer", b)); }
    @Override public Tensor einsum(String spec, Tensor... operands) { return linalg.einsum(spec, all("einsum", operands)); }

    @Override public Tensor reshape(Tensor x, int... shape) { return ShapeOps.reshape(t("reshape", x), shape); }
    @Override public Tensor transpose(Tensor x, int... perm) { return ShapeOps.transpose(t("transpose", x), perm); }
    @Override public Tensor slice(Tensor x, int[] start, int[] stop, int[] step) { return ShapeOps.slice(t("slice", x), start, stop, step); }
    @Override public Tensor concat(int axis, Tensor... xs) { return ShapeOps.concat(axis, all("concat", xs)); }
    @Override public Tensor stack(int axis, Tensor... xs) { return ShapeOps.stack(axis, all("stack", xs)); }
    @Override public Tensor broadcastTo(Tensor x, int... shape) { return ShapeOps.broadcastTo(t("broadcastTo", x), shape); }
    @Override public Tensor pad(Tensor x, int[][] padWidths, double value) { return ShapeOps.pad(t("pad", x), padWidths, value); }

    @Override public Tensor take(Tensor x, Tensor indices, int axis) { return Indexing.take(t("take", x), t("take", indices), axis); }
    @Override public Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) { return Indexing.takeAlongAxis(t("takeAlongAxis", x), t("takeAlongAxis", indices), axis); }
    @Override public Tensor scatterAdd(Tensor target, Tensor indices, Tensor updates, int axis) {
        return Indexing.scatterAdd(t("scatterAdd", target), t("scatterAdd", indices), t("scatterAdd", updates), axis);
    }
    @Override public Tensor segmentSum(Tensor data, Tensor segmentIds, int numSegments) {
        return Indexing.segmentSum(t("segmentSum", data), t("segmentSum", segmentIds), numSegments);
    }
    @Override public Tensor cumsum(Tensor x, int axis) { return Reductions.cumsum(t("cumsum", x), axis); }
    @Override public Tensor sort(Tensor x, int axis) { return Sorting.sort(t("sort", x), axis, false); }
    @Override public Tensor argsort(Tensor x, int axis) { return Sorting.sort(t("argsort", x), axis, true); }

    @Override public Tensor normal(RandomKey key, DType dtype, int... shape) { return Creation.normal(key, dtype, shape); }
    @Override public Tensor uniform(RandomKey key, DType dtype, double low, double high, int... shape) {
        return Creation.uniform(key, dtype, low, high, shape);
    }

    @Override public Tensor solve(Tensor a, Tensor b) { return linalg.solve(t("solve", a), t("solve", b)); }
    @Override public Tensor inverse(Tensor a) { return linalg.inverse(t("inverse", a)); }
    @Override public Tensor det(Tensor a) { return linalg.det(t("det", a)); }
    @Override public Tensor cholesky(Tensor a) { return linalg.cholesky(t("cholesky", a)); }
    @Override public Eigh eigh(Tensor a) { return linalg.eigh(t("eigh", a)); }
    @Override public QR qr(Tensor a) { return linalg.qr(t("qr", a)); }
    @Override public SVD svd(Tensor a) { return linalg.svd(t("svd", a)); }

    @Override public Complex rfft(Tensor x) { return linalg.rfft(t("rfft", x)); }
    @Override public Tensor irfft(Complex s, int n) { return linalg.irfft(t("irfft", s.re()), t("irfft", s.im()), n); }
    @Override public Complex fft(Complex x) { return linalg.fft(t("fft", x.re()), t("fft", x.im()), false); }
    @Override public Complex ifft(Complex x) { return linalg.fft(t("ifft", x.re()), t("ifft", x.im()), true); }

    /** Backend, BLAS (vendor, version, core, threads), ND4J, JavaCPP, thresholds and the CUDA probe; waits for the OpenBLAS load and the probe (well under 1 s), never for ND4J. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("backend", name());
        d.put("compute", "Java loops for small/medium tensors; OpenBLAS GEMM (JavaCPP) and LAPACKE above the threshold");
        d.put("dtypes", "float64, float32, int32, int64, bool");
        d.put("nd4j", nd4j.infoNow());
        d.put("blas", blas.info());
        d.put("java_threads", Runtime.getRuntime().availableProcessors());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("blas_min_flops", matmul.blasMinFlops());
        thresholds.put("blas_min_flops_property", BLAS_MIN_FLOPS_PROPERTY);
        d.put("thresholds", thresholds);
        d.put("native_pool", NativePool.shared().stats());
        d.put("cuda", cuda.get());
        return d;
    }
}
