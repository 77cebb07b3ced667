package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The pure-Java reference {@link TensorService} (backend id {@code reference}): naive, obviously
 * correct loops over contiguous row-major copies, for checking optimised services in the
 * {@link TensorServiceContract}. Clarity over speed: every op copies. Stateless and thread-safe.
 */
public final class ReferenceTensorService implements TensorService {

    private static RefTensor t(String op, Tensor x) { return RefTensor.of(op, x); }

    private static RefTensor[] all(String op, Tensor... xs) {
        if (xs == null) throw new IllegalArgumentException(op + ": tensor array is null");
        RefTensor[] out = new RefTensor[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = t(op, xs[i]);
        return out;
    }

    private static int[] dims(String op, int[] shape) {
        if (shape == null) throw new IllegalArgumentException(op + ": shape is null");
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": negative length in shape " + Arrays.toString(shape) + "; lengths must be >= 0");
        }
        return shape.clone();
    }

    @Override public String name() { return "reference"; }

    // ---- creation and transfer ----

    @Override public Tensor full(DType dtype, double value, int... shape) {
        int[] d = dims("full", shape);
        double[] data = new double[Layout.size(d)];
        Arrays.fill(data, Values.convert(value, DType.FLOAT64, dtype));
        return new RefTensor(dtype, Shape.of(d), data);
    }

    @Override public Tensor arange(DType dtype, double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + " are invalid; give finite values and a non-zero step");
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] data = new double[n];
        for (int i = 0; i < n; i++) data[i] = Values.convert(start + i * step, DType.FLOAT64, dtype);
        return new RefTensor(dtype, Shape.of(n), data);
    }

    @Override public Tensor eye(DType dtype, int n) {
        if (n < 0) throw new IllegalArgumentException("eye: size " + n + " < 0; give n >= 0");
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) data[i * n + i] = 1;
        return new RefTensor(dtype, Shape.of(n, n), data);
    }

    private static Tensor from(DType dtype, double[] values, int dataLength, int[] shape) {
        int[] d = dims("fromArray", shape);
        if (Layout.size(d) != dataLength) {
            throw new IllegalArgumentException("fromArray: " + dataLength + " values do not fill shape "
                    + Arrays.toString(shape) + " (" + Layout.size(d) + " elements); make them agree");
        }
        return RefTensor.stored(dtype, d, values);
    }

    @Override public Tensor fromArray(double[] data, int... shape) {
        return from(DType.FLOAT64, data.clone(), data.length, shape);
    }

    @Override public Tensor fromArray(float[] data, int... shape) {
        double[] v = new double[data.length];
        for (int i = 0; i < v.length; i++) v[i] = data[i];
        return from(DType.FLOAT32, v, data.length, shape);
    }

    @Override public Tensor fromArray(int[] data, int... shape) {
        return from(DType.INT32, Arrays.stream(data).asDoubleStream().toArray(), data.length, shape);
    }

    @Override public Tensor fromArray(long[] data, int... shape) {
        return from(DType.INT64, Arrays.stream(data).asDoubleStream().toArray(), data.length, shape);
    }

    @Override public Tensor fromArray(boolean[] data, int... shape) {
        double[] v = new double[data.length];
        for (int i = 0; i < v.length; i++) v[i] = data[i] ? 1 : 0;
        return from(DType.BOOL, v, data.length, shape);
    }

    @Override public double[] toDoubleArray(Tensor x) { return t("toDoubleArray", x).values().clone(); }

    @Override public float[] toFloatArray(Tensor x) {
        double[] v = t("toFloatArray", x).values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    @Override public int[] toIntArray(Tensor x) {
        RefTensor r = t("toIntArray", x);
        int[] out = new int[r.length()];
        for (int i = 0; i < out.length; i++) out[i] = (int) Values.convert(r.get(i), r.dtype(), DType.INT32);
        return out;
    }

    @Override public long[] toLongArray(Tensor x) {
        RefTensor r = t("toLongArray", x);
        long[] out = new long[r.length()];
        for (int i = 0; i < out.length; i++) out[i] = (long) r.get(i);
        return out;
    }

    @Override public boolean[] toBooleanArray(Tensor x) {
        double[] v = t("toBooleanArray", x).values();
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] != 0;
        return out;
    }

    // ---- elementwise ----

    @Override public Tensor unary(UnaryOp op, Tensor x) { return RefElementwise.unary(op, t("unary " + op, x)); }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return RefElementwise.binary(op, t("binary " + op, a), t("binary " + op, b));
    }

    @Override public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return RefElementwise.where(t("where", cond), t("where", a), t("where", b));
    }

    @Override public Tensor cast(Tensor x, DType dtype) { return RefElementwise.cast(t("cast", x), dtype); }

    // ---- reductions ----

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        return RefReductions.reduce(op, t("reduce " + op, x), keepDims, axes);
    }

    @Override public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return RefReductions.argExtreme(t("argmax", x), axis, keepDims, true);
    }

    @Override public Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return RefReductions.argExtreme(t("argmin", x), axis, keepDims, false);
    }

    // ---- contractions ----

    @Override public Tensor matmul(Tensor a, Tensor b) { return RefContractions.matmul(t("matmul", a), t("matmul", b)); }

    @Override public Tensor dot(Tensor a, Tensor b) { return RefContractions.dot(t("dot", a), t("dot", b)); }

    @Override public Tensor outer(Tensor a, Tensor b) { return RefContractions.outer(t("outer", a), t("outer", b)); }

    @Override public Tensor einsum(String spec, Tensor... operands) { return RefEinsum.einsum(spec, all("einsum", operands)); }

    // ---- shape ----

    @Override public Tensor reshape(Tensor x, int... shape) { return RefShapes.reshape(t("reshape", x), shape); }

    @Override public Tensor transpose(Tensor x, int... perm) { return RefShapes.transpose(t("transpose", x), perm); }

    @Override public Tensor slice(Tensor x, int[] start, int[] stop, int[] step) {
        return RefShapes.slice(t("slice", x), start, stop, step);
    }

    @Override public Tensor concat(int axis, Tensor... xs) { return RefShapes.concat(axis, all("concat", xs)); }

    @Override public Tensor stack(int axis, Tensor... xs) { return RefShapes.stack(axis, all("stack", xs)); }

    @Override public Tensor broadcastTo(Tensor x, int... shape) {
        return RefShapes.broadcastTo(t("broadcastTo", x), dims("broadcastTo", shape));
    }

    @Override public Tensor pad(Tensor x, int[][] padWidths, double value) { return RefShapes.pad(t("pad", x), padWidths, value); }

    // ---- indexing ----

    @Override public Tensor take(Tensor x, Tensor indices, int axis) {
        return RefIndexing.take(t("take", x), t("take", indices), axis);
    }

    @Override public Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
        return RefIndexing.takeAlongAxis(t("takeAlongAxis", x), t("takeAlongAxis", indices), axis);
    }

    @Override public Tensor scatterAdd(Tensor target, Tensor indices, Tensor updates, int axis) {
        return RefIndexing.scatterAdd(t("scatterAdd", target), t("scatterAdd", indices), t("scatterAdd", updates), axis);
    }

    @Override public Tensor segmentSum(Tensor data, Tensor segmentIds, int numSegments) {
        return RefIndexing.segmentSum(t("segmentSum", data), t("segmentSum", segmentIds), numSegments);
    }

    @Override public Tensor cumsum(Tensor x, int axis) { return RefReductions.cumsum(t("cumsum", x), axis); }

    @Override public Tensor sort(Tensor x, int axis) { return RefReductions.sort(t("sort", x), axis, false); }

    @Override public Tensor argsort(Tensor x, int axis) { return RefReductions.sort(t("argsort", x), axis, true); }

    // ---- random ----

    private static void checkRandom(String op, RandomKey key, DType dtype, int[] shape) {
        if (key == null) throw new IllegalArgumentException(op + ": key is null; pass RandomKey.of(seed) or a split of it");
        if (dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype " + dtype + " is not floating; use float64 or float32");
        }
        dims(op, shape);
    }

    @Override public Tensor normal(RandomKey key, DType dtype, int... shape) {
        checkRandom("normal", key, dtype, shape);
        double[] v = new double[Layout.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = key.normal(i);
        return RefTensor.stored(dtype, shape.clone(), v);
    }

    @Override public Tensor uniform(RandomKey key, DType dtype, double low, double high, int... shape) {
        checkRandom("uniform", key, dtype, shape);
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("uniform: bounds [" + low + ", " + high + ") are invalid; give finite low <= high");
        }
        double[] v = new double[Layout.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = low + (high - low) * key.uniform(i);
        return RefTensor.stored(dtype, shape.clone(), v);
    }

    // ---- linear algebra ----

    @Override public Tensor solve(Tensor a, Tensor b) { return RefLinalg.solve(t("solve", a), t("solve", b)); }

    @Override public Tensor inverse(Tensor a) { return RefLinalg.inverse(t("inverse", a)); }

    @Override public Tensor det(Tensor a) { return RefLinalg.det(t("det", a)); }

    @Override public Tensor cholesky(Tensor a) { return RefLinalg.cholesky(t("cholesky", a)); }

    @Override public Eigh eigh(Tensor a) { return RefDecompositions.eigh(t("eigh", a)); }

    @Override public QR qr(Tensor a) { return RefDecompositions.qr(t("qr", a)); }

    @Override public SVD svd(Tensor a) { return RefDecompositions.svd(t("svd", a)); }

    // ---- FFT ----

    @Override public Complex rfft(Tensor x) { return RefFft.rfft(t("rfft", x)); }

    @Override public Tensor irfft(Complex spectrum, int n) { return RefFft.irfft(spectrum, n); }

    @Override public Complex fft(Complex x) { return RefFft.fft(x, false); }

    @Override public Complex ifft(Complex x) { return RefFft.fft(x, true); }

    @Override public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", name());
        m.put("implementation", "pure Java, naive loops over row-major double copies (test oracle)");
        m.put("threads", 1);
        return m;
    }
}
