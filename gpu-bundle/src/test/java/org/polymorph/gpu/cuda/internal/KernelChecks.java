package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.polymorph.core.tensor.DType;
import org.polymorph.gpu.cuda.internal.KernelOps.BinaryOp;
import org.polymorph.gpu.cuda.internal.KernelOps.ReduceOp;
import org.polymorph.gpu.cuda.internal.KernelOps.UnaryOp;

/**
 * Every kernel of the bundle run on a {@link Device} and compared with a plain Java reference, on
 * fresh random inputs, odd sizes and strided or broadcast operands, for float32 and float64. Outputs
 * are poisoned with {@link #POISON} first, so an element the kernel does not write fails the
 * comparison. The reference is computed in double on the (rounded) inputs; float32 results must lie
 * within a few float32 roundings of it, float64 ones within a few float64 roundings.
 * Shared by the emulated device's test and the GPU's.
 */
final class KernelChecks {
    static final double POISON = 31337.25;

    private final Device device;
    private final List<Long> live = new ArrayList<>();

    KernelChecks(Device device) { this.device = device; }

    /**
     * Runs {@code check} on fresh checks of {@code device} with a random generator seeded from the clock, the dtype and
     * the seed named in a failure's message; frees what it allocated either way.
     */
    static void seeded(Device device, DType t, BiConsumer<KernelChecks, Random> check) {
        KernelChecks checks = new KernelChecks(device);
        long seed = System.nanoTime();
        try {
            check.accept(checks, new Random(seed));
        } catch (AssertionError e) {
            throw new AssertionError(t + ", seed " + seed + ": " + e.getMessage(), e);
        } finally {
            checks.release();
        }
    }

    /** Frees what the checks allocated. */
    void release() {
        for (long p : live) device.free(p);
        live.clear();
    }

    // ---- memory helpers ------------------------------------------------------------------------

    private long alloc(long bytes) {
        long p = device.allocate(Math.max(8, bytes));
        live.add(p);
        return p;
    }

    /** Device copy of {@code values} in {@code dtype}. */
    long put(double[] values, DType dtype) {
        long p = alloc((long) values.length * dtype.byteSize());
        if (dtype == DType.FLOAT64) {
            device.upload(values, 0, values.length, p);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            device.upload(f, 0, f.length, p);
        }
        return p;
    }

    long putLongs(long[] values) {
        long p = alloc(8L * values.length);
        device.upload(values, 0, values.length, p);
        return p;
    }

    /** A device buffer of n elements, every one POISON. */
    long poisoned(int n, DType dtype) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, POISON);
        return put(v, dtype);
    }

    double[] get(long p, int n, DType dtype) {
        device.synchronize();
        double[] out = new double[n];
        if (dtype == DType.FLOAT64) {
            device.download(p, out, 0, n);
        } else {
            float[] f = new float[n];
            device.download(p, f, 0, n);
            for (int i = 0; i < n; i++) out[i] = f[i];
        }
        return out;
    }

    /** The values as the device holds them: rounded to float for float32. */
    static double[] rounded(double[] v, DType dtype) {
        double[] r = v.clone();
        if (dtype == DType.FLOAT32) for (int i = 0; i < r.length; i++) r[i] = (float) r[i];
        return r;
    }

    static double[] random(Random rnd, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextDouble();
        return v;
    }

    /** Elementwise: same NaN positions, |got - want| <= tol * max(1, |want|), tol a few roundings of the dtype. */
    static void assertClose(double[] want, double[] got, DType dtype, String what) {
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i]) || Double.isNaN(got[i])) {
                assertTrue(Double.isNaN(want[i]) && Double.isNaN(got[i]), what + " [" + i + "]: want " + want[i] + ", got " + got[i]);
            } else if (Double.isInfinite(want[i])) {
                assertEquals(want[i], got[i], what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])),
                        what + " [" + i + "]: want " + want[i] + ", got " + got[i] + (got[i] == POISON ? " (never written)" : ""));
            }
        }
    }

    /** ||got - want|| / ||want|| under 1e-13 (float64) or 1e-5 (float32), and no element left poisoned. */
    static void assertNormClose(double[] want, double[] got, DType dtype, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < want.length; i++) {
            assertTrue(got[i] != POISON || want[i] == POISON, what + " [" + i + "] never written");
            diff += (got[i] - want[i]) * (got[i] - want[i]);
            norm += want[i] * want[i];
        }
        double rel = Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
        assertTrue(rel < (dtype == DType.FLOAT64 ? 1e-13 : 1e-5), what + ": relative error " + rel);
    }

    // ---- strided views -------------------------------------------------------------------------

    /** Row-major strides (in elements) of a contiguous array of {@code shape}. */
    static long[] contiguous(int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    /** Strides that broadcast an operand of shape {@code from} (1s where shape has more) to {@code shape}. */
    static long[] broadcast(int[] from, int[] shape) {
        long[] own = contiguous(from);
        long[] s = new long[shape.length];
        for (int d = 0; d < shape.length; d++) s[d] = from[d] == 1 && shape[d] != 1 ? 0 : own[d];
        return s;
    }

    static int count(int[] shape) {
        int n = 1;
        for (int e : shape) n *= e;
        return n;
    }

    /** Element offset of linear index i of shape under strides, plus offset. */
    static long at(int[] shape, long[] strides, long offset, long i) {
        long o = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            o += (i % shape[d]) * strides[d];
            i /= shape[d];
        }
        return o;
    }

    /** The kernels' meta array [shape, strides_0, strides_1, ...] on the device. */
    long meta(int[] shape, long[]... strides) {
        long[] m = new long[shape.length * (1 + strides.length)];
        for (int d = 0; d < shape.length; d++) m[d] = shape[d];
        for (int k = 0; k < strides.length; k++) System.arraycopy(strides[k], 0, m, shape.length * (k + 1), shape.length);
        return putLongs(m.length == 0 ? new long[1] : m);
    }

    /** The span of elements a view of shape/strides/offset touches (the buffer size it needs). */
    static int span(int[] shape, long[] strides, long offset) {
        long max = offset;
        for (int d = 0; d < shape.length; d++) max += (long) (shape[d] - 1) * Math.max(0, strides[d]);
        return (int) max + 1;
    }

    // ---- references ----------------------------------------------------------------------------

    static DoubleBinaryOperator reference(BinaryOp op) {
        return switch (op) {
            case ADD -> (a, b) -> a + b;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> Math::pow;
            case MAX -> (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MIN -> (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case ATAN2 -> Math::atan2;
            case MOD -> (a, b) -> {
                double r = a % b;
                return r != 0 && (r < 0) != (b < 0) ? r + b : r;
            };
        };
    }

    static DoubleUnaryOperator reference(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case ABS -> Math::abs;
            case TANH -> Math::tanh;
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case RELU -> x -> Double.isNaN(x) ? x : Math.max(0, x);
            case SQUARE -> x -> x * x;
            case RECIPROCAL -> x -> 1 / x;
            case LOG1P -> Math::log1p;
            case EXPM1 -> Math::expm1;
            case SIGN -> Math::signum;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case TAN -> Math::tan;
            case ASIN -> Math::asin;
            case ACOS -> Math::acos;
            case ATAN -> Math::atan;
            case SINH -> Math::sinh;
            case COSH -> Math::cosh;
            case ERF -> KernelChecks::erf;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            case ROUND -> Math::rint;
            case IS_NAN -> x -> Double.isNaN(x) ? 1 : 0;
            case IS_FINITE -> x -> Double.isFinite(x) ? 1 : 0;
        };
    }

    /**
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum_{n>=0} 2^n x^(2n+1) / (1*3*...*(2n+1)) (Abramowitz and Stegun
     * 7.1.6): every term has the sign of x, so nothing cancels; for |x| <= 6 the terms fall below
     * 1e-17 of the sum within a few hundred steps; beyond that erf is +-1 to double precision.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (Math.abs(x) > 6) return Math.signum(x);
        double term = x;
        double sum = x;
        for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    // ---- the checks ----------------------------------------------------------------------------

    /** fill: every element of an odd-sized buffer takes the value; the element past the end keeps its poison. */
    void fill(DType t, Random rnd) {
        int n = 1001;
        double value = rounded(new double[] {rnd.nextGaussian()}, t)[0];
        long out = poisoned(n + 1, t);
        device.launch(Kernels.name("fill", t), 5, 64, 0, KernelArgs.of().ptr(out).i64(n).scalar(t, value));
        double[] want = new double[n + 1];
        java.util.Arrays.fill(want, value);
        want[n] = POISON;
        assertArrayEquals(want, get(out, n + 1, t), "fill");
    }

    /** arange: out[i] = start + i*step, exactly for binary-fraction start and step. */
    void arange(DType t, Random rnd) {
        int n = 517;
        double start = -2.5 + rnd.nextInt(8) * 0.25;
        double step = 0.125;
        long out = poisoned(n, t);
        device.launch(Kernels.name("arange", t), 3, 64, 0, KernelArgs.of().ptr(out).i64(n).scalar(t, start).scalar(t, step));
        double[] want = new double[n];
        for (int i = 0; i < n; i++) want[i] = start + i * step;
        assertArrayEquals(want, get(out, n, t), "arange");
    }

    /** One binary case: out (shape, strides so, offset oo) = op(a view, b view); every op in turn. */
    private void binaryCase(DType t, Random rnd, String name, int[] shape, long[] sa, long oa, long[] sb, long ob, long[] so, long oo) {
        int n = count(shape);
        double[] a = rounded(random(rnd, span(shape, sa, oa), -3, 3), t);
        double[] b = rounded(random(rnd, span(shape, sb, ob), -3, 3), t);
        for (int i = 0; i < b.length; i++) if (rnd.nextInt(4) == 0) b[i] = a[rnd.nextInt(a.length)]; // ties for ==, <=, >=
        a[rnd.nextInt(a.length)] = Double.NaN; // NaN must propagate through max/min
        long da = put(a, t);
        long db = put(b, t);
        long meta = meta(shape, so, sa, sb);
        int outSpan = span(shape, so, oo);
        for (BinaryOp op : BinaryOp.values()) {
            long out = poisoned(outSpan, t);
            device.launch(Kernels.name("binary", t), 3, 64, 0, KernelArgs.of().i32(op.code()).i64(n).i32(shape.length).ptr(meta)
                    .ptr(da).i64(oa).ptr(db).i64(ob).ptr(out).i64(oo));
            double[] want = new double[outSpan];
            java.util.Arrays.fill(want, POISON);
            DoubleBinaryOperator f = reference(op);
            for (long i = 0; i < n; i++) {
                double r = f.applyAsDouble(a[(int) at(shape, sa, oa, i)], b[(int) at(shape, sb, ob, i)]);
                want[(int) at(shape, so, oo, i)] = t == DType.FLOAT32 ? (float) r : r;
            }
            assertClose(want, get(out, outSpan, t), t, name + " " + op);
        }
    }

    /** Binary ops over: equal shapes; two-sided broadcasting; a transposed offset view with a scalar into a transposed output; rank 8; rank 0. */
    void binary(DType t, Random rnd) {
        int[] s2 = {7, 13};
        binaryCase(t, rnd, "contiguous", s2, contiguous(s2), 0, contiguous(s2), 0, contiguous(s2), 0);
        int[] s3 = {5, 6, 7};
        binaryCase(t, rnd, "broadcast [5,1,7] x [1,6,7]", s3, broadcast(new int[] {5, 1, 7}, s3), 0,
                broadcast(new int[] {1, 6, 7}, s3), 0, contiguous(s3), 0);
        int[] tr = {4, 9};
        binaryCase(t, rnd, "transposed a, scalar b, transposed out", tr, new long[] {1, 4}, 3, new long[] {0, 0}, 2,
                new long[] {1, 4}, 1);
        int[] r8 = {2, 1, 2, 3, 1, 2, 3, 2};
        int[] r8b = {1, 1, 2, 1, 1, 2, 3, 1};
        binaryCase(t, rnd, "rank 8", r8, contiguous(r8), 0, broadcast(r8b, r8), 0, contiguous(r8), 0);
        binaryCase(t, rnd, "rank 0", new int[0], new long[0], 0, new long[0], 0, new long[0], 0);
    }

    /** One unary case for every op; inputs in [-3, 3] (NaN from log and sqrt of negatives, matched). */
    private void unaryCase(DType t, Random rnd, String name, int[] shape, long[] sx, long ox, long[] so, long oo) {
        int n = count(shape);
        double[] x = rounded(random(rnd, span(shape, sx, ox), -3, 3), t);
        x[rnd.nextInt(x.length)] = Double.NaN;
        long dx = put(x, t);
        long meta = meta(shape, so, sx);
        int outSpan = span(shape, so, oo);
        for (UnaryOp op : UnaryOp.values()) {
            long out = poisoned(outSpan, t);
            device.launch(Kernels.name("unary", t), 2, 64, 0, KernelArgs.of().i32(op.code()).i64(n).i32(shape.length).ptr(meta)
                    .ptr(dx).i64(ox).ptr(out).i64(oo));
            double[] want = new double[outSpan];
            java.util.Arrays.fill(want, POISON);
            DoubleUnaryOperator f = reference(op);
            for (long i = 0; i < n; i++) {
                double r = f.applyAsDouble(x[(int) at(shape, sx, ox, i)]);
                want[(int) at(shape, so, oo, i)] = t == DType.FLOAT32 ? (float) r : r;
            }
            assertClose(want, get(out, outSpan, t), t, name + " " + op);
        }
    }

    /** Unary ops on a contiguous array and from a permuted [3,5,7] view into a strided output. */
    void unary(DType t, Random rnd) {
        int[] s = {11, 17};
        unaryCase(t, rnd, "contiguous", s, contiguous(s), 0, contiguous(s), 0);
        int[] p = {7, 3, 5}; // x stored [3,5,7], read as permutation (2,0,1); out every other element
        unaryCase(t, rnd, "permuted in, strided out", p, new long[] {1, 35, 7}, 0, new long[] {2, 14 * 5, 14}, 1);
    }

    private void copyCase(DType t, Random rnd, String name, int[] shape, long[] ss, long os, long[] sd, long od) {
        int n = count(shape);
        double[] src = rounded(random(rnd, span(shape, ss, os), -5, 5), t);
        long ds = put(src, t);
        int outSpan = span(shape, sd, od);
        long dst = poisoned(outSpan, t);
        device.launch(Kernels.name("copy_strided", t), 2, 64, 0, KernelArgs.of().i64(n).i32(shape.length).ptr(meta(shape, sd, ss))
                .ptr(ds).i64(os).ptr(dst).i64(od));
        double[] want = new double[outSpan];
        java.util.Arrays.fill(want, POISON);
        for (long i = 0; i < n; i++) want[(int) at(shape, sd, od, i)] = src[(int) at(shape, ss, os, i)];
        assertArrayEquals(want, get(dst, outSpan, t), name);
    }

    /** Strided copy: a permutation, a stepped slice with an offset, a broadcast materialisation, a reversal. */
    void copyStrided(DType t, Random rnd) {
        int[] perm = {4, 2, 3}; // src [2,3,4] permuted (2,0,1)
        copyCase(t, rnd, "permute", perm, new long[] {1, 12, 4}, 0, contiguous(perm), 0);
        int[] slice = {4, 8}; // rows 1,3,5,7 and columns 3..10 of a [10,12] array
        copyCase(t, rnd, "slice", slice, new long[] {24, 1}, 15, contiguous(slice), 0);
        int[] bc = {6, 5}; // a [1,5] row repeated 6 times
        copyCase(t, rnd, "broadcast", bc, new long[] {0, 1}, 0, contiguous(bc), 0);
        int[] rev = {9}; // reversed: negative stride from the last element
        copyCase(t, rnd, "reverse", rev, new long[] {-1}, 8, contiguous(rev), 0);
    }

    private void reduceCase(DType t, Random rnd, int rows, int n, int grid, int block) {
        double[] x = rounded(random(rnd, rows * n, -2, 2), t);
        if (rows * n > 0) x[rnd.nextInt(rows * n)] = Double.NaN; // one row's max and min are NaN
        long dx = put(x, t);
        for (ReduceOp op : ReduceOp.values()) {
            long out = poisoned(rows + 1, t);
            device.launch(Kernels.name("reduce_last", t), grid, block, 0, KernelArgs.of().i32(op.code()).i64(rows).i64(n).ptr(dx).ptr(out));
            double[] want = new double[rows + 1];
            for (int r = 0; r < rows; r++) {
                double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.PROD ? 1 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double v = x[r * n + j];
                    acc = switch (op) {
                        case SUM -> acc + v;
                        case PROD -> acc * v;
                        case MAX -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v);
                        case MIN -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.min(acc, v);
                    };
                }
                want[r] = acc;
            }
            want[rows] = POISON;
            String what = "reduce " + op + " [" + rows + ", " + n + "] grid " + grid + " block " + block;
            double[] got = get(out, rows + 1, t);
            // the sum's rounding depends on the order of the fold; its error grows like sqrt(n) roundings for random terms
            double tol = t == DType.FLOAT64 ? 1e-12 : 1e-5;
            for (int r = 0; r <= rows; r++) {
                if (Double.isNaN(want[r]) || Double.isInfinite(want[r])) {
                    assertEquals(want[r], got[r], what + " row " + r);
                } else {
                    assertTrue(Math.abs(got[r] - want[r]) <= tol * Math.max(1, Math.abs(want[r])) * Math.max(1, Math.sqrt(n)),
                            what + " row " + r + ": want " + want[r] + ", got " + got[r]);
                }
            }
        }
    }

    /** Last-axis sum/max/min: power-of-two and odd blocks, fewer blocks than rows, rows longer than the block, single-column and empty rows. */
    void reduceLast(DType t, Random rnd) {
        reduceCase(t, rnd, 7, 301, 7, 64);
        reduceCase(t, rnd, 9, 157, 4, 48);
        reduceCase(t, rnd, 5, 1, 5, 32);
        reduceCase(t, rnd, 3, 0, 3, 16);
    }

    private void matmulCase(DType t, Random rnd, int batch, int m, int n, int k, boolean shareB, int grid, int block) {
        double[] a = rounded(random(rnd, batch * m * k, -1, 1), t);
        double[] b = rounded(random(rnd, (shareB ? 1 : batch) * k * n, -1, 1), t);
        long da = put(a, t);
        long db = put(b, t);
        long dc = poisoned(batch * m * n, t);
        long sb = shareB ? 0 : (long) k * n;
        device.launch(Kernels.name("matmul", t), grid, block, 0, KernelArgs.of().i64(batch).i32(m).i32(n).i32(k)
                .ptr(da).i64((long) m * k).ptr(db).i64(sb).ptr(dc).i64((long) m * n));
        double[] want = new double[batch * m * n];
        for (int q = 0; q < batch; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[q * m * k + i * k + p] * b[(int) (q * sb) + p * n + j];
                    want[q * m * n + i * n + j] = s;
                }
            }
        }
        String what = "matmul batch " + batch + " [" + m + "x" + k + "]x[" + k + "x" + n + "] grid " + grid + " block " + block;
        double[] got = get(dc, batch * m * n, t);
        if (k == 0) assertArrayEquals(want, got, what);
        else assertNormClose(want, got, t, what);
    }

    /** Batched matmul: sizes that are not tile multiples, a shared B (batch stride 0), blocks of 256 and 64 threads, fewer blocks than tiles, k = 0. */
    void matmul(DType t, Random rnd) {
        matmulCase(t, rnd, 3, 37, 23, 29, false, 7, 256);
        matmulCase(t, rnd, 2, 33, 40, 40, true, 5, 64); // 3 x 3 tiles: a swapped tile row/column order shows
        matmulCase(t, rnd, 1, 5, 3, 0, false, 2, 256);
    }

    /** gather (full index array and a shared index list) and an out-of-range index (NaN, flag set). */
    void gather(DType t, Random rnd) {
        int outer = 3, len = 7, count = 5, inner = 4;
        double[] x = rounded(random(rnd, outer * len * inner, -4, 4), t);
        long dx = put(x, t);
        long[] full = new long[outer * count * inner];
        for (int i = 0; i < full.length; i++) full[i] = rnd.nextInt(len);
        long[] list = new long[count];
        for (int i = 0; i < count; i++) list[i] = rnd.nextInt(len);
        long[][] strides = {{(long) count * inner, inner, 1}, {0, 1, 0}};
        long[][] indices = {full, list};
        for (int c = 0; c < 2; c++) {
            long[] idx = indices[c].clone();
            boolean bad = c == 1;
            if (bad) idx[2] = len; // one index out of range
            long di = putLongs(idx);
            long flag = alloc(4);
            device.zero(flag, 4);
            long out = poisoned(outer * count * inner, t);
            long[] s = strides[c];
            device.launch(Kernels.name("gather", t), 2, 64, 0, KernelArgs.of().i64(outer).i64(len).i64(count).i64(inner).ptr(dx)
                    .ptr(di).i64(s[0]).i64(s[1]).i64(s[2]).ptr(out).ptr(flag));
            double[] want = new double[outer * count * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < count; j++) {
                    for (int i = 0; i < inner; i++) {
                        long at = idx[(int) (o * s[0] + j * s[1] + i * s[2])];
                        want[(o * count + j) * inner + i] = at < 0 || at >= len ? Double.NaN : x[(int) ((o * len + at) * inner + i)];
                    }
                }
            }
            assertClose(want, get(out, want.length, t), t, "gather " + (c == 0 ? "full" : "index list"));
            int[] flagValue = new int[1];
            device.download(flag, flagValue, 0, 1);
            assertEquals(bad ? 1 : 0, flagValue[0], "gather's out-of-range flag");
        }
    }

    /** scatter-add with many repeated indices onto existing contents; an out-of-range index is skipped and flagged. */
    void scatterAdd(DType t, Random rnd) {
        int outer = 3, len = 5, count = 9, inner = 4;
        double[] src = rounded(random(rnd, outer * count * inner, -2, 2), t);
        double[] base = rounded(random(rnd, outer * len * inner, -1, 1), t);
        long[] idx = new long[outer * count * inner];
        for (int i = 0; i < idx.length; i++) idx[i] = rnd.nextInt(len);
        idx[7] = -1;
        long[] s = {(long) count * inner, inner, 1};
        long dsrc = put(src, t);
        long di = putLongs(idx);
        long out = put(base, t);
        long flag = alloc(4);
        device.zero(flag, 4);
        device.launch(Kernels.name("scatter_add", t), 3, 32, 0, KernelArgs.of().i64(outer).i64(len).i64(count).i64(inner).ptr(dsrc)
                .ptr(di).i64(s[0]).i64(s[1]).i64(s[2]).ptr(out).ptr(flag));
        double[] want = base.clone();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < inner; i++) {
                    int e = (o * count + j) * inner + i;
                    long at = idx[e];
                    if (at >= 0 && at < len) want[(int) ((o * len + at) * inner + i)] += src[e];
                }
            }
        }
        assertNormClose(want, get(out, want.length, t), t, "scatter_add");
        int[] flagValue = new int[1];
        device.download(flag, flagValue, 0, 1);
        assertEquals(1, flagValue[0], "scatter_add's out-of-range flag");
    }

    /** Device-to-device copy of a sub-range and zeroing of a sub-range; int and long round trips. */
    void memory(Random rnd) {
        double[] v = random(rnd, 50, -1, 1);
        long a = put(v, DType.FLOAT64);
        long b = poisoned(50, DType.FLOAT64);
        device.copy(a + 8 * 10, b + 8 * 5, 8 * 20);
        device.zero(b + 8 * 30, 8 * 4);
        double[] want = new double[50];
        java.util.Arrays.fill(want, POISON);
        System.arraycopy(v, 10, want, 5, 20);
        java.util.Arrays.fill(want, 30, 34, 0.0);
        assertArrayEquals(want, get(b, 50, DType.FLOAT64), "copy and zero");
        int[] ints = rnd.ints(13).toArray();
        long di = alloc(4L * ints.length);
        device.upload(ints, 2, 11, di);
        int[] backInts = new int[13];
        device.download(di, backInts, 1, 11);
        assertArrayEquals(java.util.Arrays.copyOfRange(ints, 2, 13), java.util.Arrays.copyOfRange(backInts, 1, 12), "int round trip");
        long[] longs = rnd.longs(9).toArray();
        long dl = putLongs(longs);
        long[] backLongs = new long[9];
        device.download(dl, backLongs, 0, 9);
        assertArrayEquals(longs, backLongs, "long round trip");
    }
}
