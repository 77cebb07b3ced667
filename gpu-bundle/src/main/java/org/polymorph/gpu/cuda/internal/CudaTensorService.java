package org.polymorph.gpu.cuda.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.polymorph.gpu.cuda.internal.KernelLauncher.Scratch;

/**
 * The CUDA TensorService: FLOAT32 and FLOAT64 tensors live on a {@link Device} as contiguous
 * row-major arrays and the ops listed under {@code device_ops} by {@link #describe} run there as
 * the bundle's kernels; values come back to the host only when read. Everything else (INT32, INT64
 * and BOOL tensors, which live on the host, and the ops under {@code host_ops}) runs on the host
 * service given to the constructor through one path, {@link HostBridge}: download, host op, upload.
 * Where NVIDIA's libraries load ({@link CudaLibraries}) on a CUDA driver device, matmul and dot
 * run on cuBLAS, linear algebra on cuSOLVER and FFTs on cuFFT, on the same streams
 * ({@link LibraryRoutes}; {@code library_paths} in {@link #describe} says which path each family takes and why).
 *
 * <p>A native op whose arguments it cannot take as they are (an invalid axis or shape, mixed
 * dtypes, a rank above {@link KernelLauncher#MAX_RANK}) goes down the host path too, so invalid
 * input gets the host service's message and the same exception type. Each op waits for its device
 * work before returning (so memory released by the Cleaner on any thread is idle); the device
 * runs each calling thread's work on that thread's stream.
 */
public final class CudaTensorService implements TensorService {
    /** The backend id, the value of {@link TensorService#BACKEND_PROPERTY}. */
    public static final String NAME = "cuda";

    /** Default cap on device memory kept in the allocator's free lists: 1 GiB. */
    public static final long DEFAULT_CACHE_BYTES = 1L << 30;

    private static final Map<UnaryOp, KernelOps.UnaryOp> UNARY = new EnumMap<>(UnaryOp.class);
    private static final Map<BinaryOp, KernelOps.BinaryOp> BINARY = new EnumMap<>(BinaryOp.class);
    private static final Map<ReduceOp, KernelOps.ReduceOp> REDUCE = new EnumMap<>(ReduceOp.class);

    static {
        for (UnaryOp op : UnaryOp.values()) {
            try {
                UNARY.put(op, KernelOps.UnaryOp.valueOf(op.name()));
            } catch (IllegalArgumentException notInKernel) {
                // runs on the host
            }
        }
        BINARY.put(BinaryOp.ADD, KernelOps.BinaryOp.ADD);
        BINARY.put(BinaryOp.SUB, KernelOps.BinaryOp.SUB);
        BINARY.put(BinaryOp.MUL, KernelOps.BinaryOp.MUL);
        BINARY.put(BinaryOp.DIV, KernelOps.BinaryOp.DIV);
        BINARY.put(BinaryOp.POW, KernelOps.BinaryOp.POW);
        BINARY.put(BinaryOp.MAXIMUM, KernelOps.BinaryOp.MAX);
        BINARY.put(BinaryOp.MINIMUM, KernelOps.BinaryOp.MIN);
        BINARY.put(BinaryOp.EQ, KernelOps.BinaryOp.EQ);
        BINARY.put(BinaryOp.NE, KernelOps.BinaryOp.NE);
        BINARY.put(BinaryOp.LT, KernelOps.BinaryOp.LT);
        BINARY.put(BinaryOp.LE, KernelOps.BinaryOp.LE);
        BINARY.put(BinaryOp.GT, KernelOps.BinaryOp.GT);
        BINARY.put(BinaryOp.GE, KernelOps.BinaryOp.GE);
        BINARY.put(BinaryOp.ATAN2, KernelOps.BinaryOp.ATAN2);
        BINARY.put(BinaryOp.MOD, KernelOps.BinaryOp.MOD);
        REDUCE.put(ReduceOp.SUM, KernelOps.ReduceOp.SUM);
        REDUCE.put(ReduceOp.MEAN, KernelOps.ReduceOp.SUM);
        REDUCE.put(ReduceOp.MAX, KernelOps.ReduceOp.MAX);
        REDUCE.put(ReduceOp.MIN, KernelOps.ReduceOp.MIN);
        REDUCE.put(ReduceOp.PROD, KernelOps.ReduceOp.PROD);
        REDUCE.put(ReduceOp.LOGSUMEXP, KernelOps.ReduceOp.SUM);
    }

    private final Device device;
    private final DeviceAllocator allocator;
    private final KernelLauncher k;
    private final HostBridge bridge;
    private final TensorService host;
    private final LibraryRoutes libraries;
    private final CudaMdKernels md;

    /** On {@code device} with 256-thread blocks, at most 4096 blocks a launch and a 1 GiB cache; {@code host} runs the rest. */
    public CudaTensorService(Device device, TensorService host) {
        this(device, host, 256, 4096, DEFAULT_CACHE_BYTES);
    }

    /** With an explicit launch shape (threads per block, most blocks per launch) and allocator cache cap in bytes. */
    public CudaTensorService(Device device, TensorService host, int block, int maxGrid, long cacheBytes) {
        if (host == null) throw new IllegalArgumentException("host=null: give the CPU TensorService that runs the ops the device does not");
        this.device = device;
        this.allocator = new DeviceAllocator(device, cacheBytes);
        this.k = new KernelLauncher(device, allocator, block, maxGrid);
        this.bridge = new HostBridge(host, device, allocator);
        this.host = host;
        this.libraries = new LibraryRoutes(this, k, bridge);
        this.md = new CudaMdKernels(device, allocator, maxGrid);
    }

    @Override public String name() { return NAME; }

    /** Device-resident NVE trajectories of lj/cut and sw ({@link CudaMdKernels}). */
    @Override public java.util.Optional<org.polymorph.core.tensor.MdKernels> mdKernels() { return java.util.Optional.of(md); }

    /** The allocator (for its statistics and {@link DeviceAllocator#trim}). */
    public DeviceAllocator allocator() { return allocator; }

    // ---- helpers ----

    private static CudaTensor own(String op, Tensor t) { return HostBridge.own(op, t); }

    /** A device tensor of a float dtype with a rank the strided kernels take. */
    private static boolean dev(Tensor t) {
        return t instanceof CudaTensor c && c.onDevice() && c.rank() <= KernelLauncher.MAX_RANK;
    }

    private static boolean dev(Tensor a, Tensor b) {
        return dev(a) && dev(b) && a.dtype() == b.dtype();
    }

    /** Row-major element strides of {@code shape}. */
    static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** Strides that read a contiguous array of {@code shape} broadcast to {@code out} (right-aligned; length-1 axes repeat). */
    static long[] broadcastStrides(int[] shape, int[] out) {
        long[] src = strides(shape);
        long[] s = new long[out.length];
        int off = out.length - shape.length;
        for (int d = 0; d < shape.length; d++) s[off + d] = shape[d] == 1 ? 0 : src[d];
        return s;
    }

    /** numpy broadcasting ({@link Shape#broadcast}), or null when the shapes do not broadcast (the op then takes the host path, whose message names them). */
    private static int[] broadcast(int[] a, int[] b) {
        try {
            return Shape.broadcast(Shape.of(a), Shape.of(b)).toArray();
        } catch (IllegalArgumentException incompatible) {
            return null;
        }
    }

    private static long size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private CudaTensor alloc(DType dtype, int... shape) { return bridge.allocate(dtype, Shape.of(shape)); }

    // ---- creation and transfer ----

    @Override public Tensor full(DType dtype, double value, int... shape) {
        if (dtype == null || !dtype.isFloating() || shape == null || Arrays.stream(shape).anyMatch(d -> d < 0)) {
            return bridge.run("full", h -> host.full(dtype, value, shape));
        }
        CudaTensor out = alloc(dtype, shape);
        try (Scratch s = k.scratch()) {
            k.fill(s, dtype, out.address(), out.size(), value);
        }
        return out;
    }

    @Override public Tensor arange(DType dtype, double start, double stop, double step) {
        if (dtype == null || !dtype.isFloating() || step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            return bridge.run("arange", h -> host.arange(dtype, start, stop, step));
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        CudaTensor out = alloc(dtype, n);
        try (Scratch s = k.scratch()) {
            k.arange(s, dtype, out.address(), n, start, step);
        }
        return out;
    }

    @Override public Tensor eye(DType dtype, int n) {
        if (dtype == null || !dtype.isFloating() || n < 0) return bridge.run("eye", h -> host.eye(dtype, n));
        CudaTensor out = alloc(dtype, n, n);
        try (Scratch s = k.scratch()) {
            k.fill(s, dtype, out.address(), (long) n * n, 0);
            long one = s.temp(dtype.byteSize());
            k.fill(s, dtype, one, 1, 1);
            k.copy(s, dtype, new int[] {n}, one, 0, new long[] {0}, out.address(), 0, new long[] {n + 1L});
        }
        return out;
    }

    @Override public Tensor fromArray(double[] data, int... shape) {
        if (data == null || shape == null || Arrays.stream(shape).anyMatch(d -> d < 0) || data.length != size(shape)) {
            return bridge.run("fromArray", h -> host.fromArray(data, shape));
        }
        return bridge.upload(data, shape);
    }

    @Override public Tensor fromArray(float[] data, int... shape) {
        if (data == null || shape == null || Arrays.stream(shape).anyMatch(d -> d < 0) || data.length != size(shape)) {
            return bridge.run("fromArray", h -> host.fromArray(data, shape));
        }
        return bridge.upload(data, shape);
    }

    @Override public Tensor fromArray(int[] data, int... shape) { return CudaTensor.onHost(host.fromArray(data, shape)); }

    @Override public Tensor fromArray(long[] data, int... shape) { return CudaTensor.onHost(host.fromArray(data, shape)); }

    @Override public Tensor fromArray(boolean[] data, int... shape) { return CudaTensor.onHost(host.fromArray(data, shape)); }

    @Override public double[] toDoubleArray(Tensor x) {
        CudaTensor c = own("toDoubleArray", x);
        return c.onDevice() ? bridge.downloadDouble(c) : host.toDoubleArray(c.host());
    }

    @Override public float[] toFloatArray(Tensor x) {
        CudaTensor c = own("toFloatArray", x);
        return c.onDevice() ? bridge.downloadFloat(c) : host.toFloatArray(c.host());
    }

    @Override public int[] toIntArray(Tensor x) { return host.toIntArray(bridge.toHost("toIntArray", x)); }

    @Override public long[] toLongArray(Tensor x) { return host.toLongArray(bridge.toHost("toLongArray", x)); }

    @Override public boolean[] toBooleanArray(Tensor x) { return host.toBooleanArray(bridge.toHost("toBooleanArray", x)); }

    // ---- elementwise ----

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        KernelOps.UnaryOp kop = op == null ? null : UNARY.get(op);
        if (kop == null || !dev(x)) return bridge.run("unary " + op, h -> host.unary(op, h[0]), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        CudaTensor out = alloc(c.dtype(), shape);
        try (Scratch s = k.scratch()) {
            k.unary(s, c.dtype(), kop, shape, c.address(), strides(shape), out.address(), strides(shape));
        }
        return op == UnaryOp.IS_NAN || op == UnaryOp.IS_FINITE ? toBool(out) : out;
    }

    /** A 1/0 device tensor as a BOOL tensor, which lives on the host. */
    private CudaTensor toBool(CudaTensor ones) {
        double[] v = bridge.downloadDouble(ones);
        boolean[] z = new boolean[v.length];
        for (int i = 0; i < v.length; i++) z[i] = v[i] != 0;
        return CudaTensor.onHost(host.fromArray(z, ones.shape().toArray()));
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        KernelOps.BinaryOp kop = op == null ? null : BINARY.get(op);
        int[] shape = kop != null && dev(a, b) ? broadcast(a.shape().toArray(), b.shape().toArray()) : null;
        if (shape == null || shape.length > KernelLauncher.MAX_RANK) {
            return bridge.run("binary " + op, h -> host.binary(op, h[0], h[1]), a, b);
        }
        CudaTensor ca = (CudaTensor) a;
        CudaTensor cb = (CudaTensor) b;
        CudaTensor out = alloc(ca.dtype(), shape);
        try (Scratch s = k.scratch()) {
            k.binary(s, ca.dtype(), kop, shape, ca.address(), broadcastStrides(ca.shape().toArray(), shape),
                    cb.address(), broadcastStrides(cb.shape().toArray(), shape), out.address(), strides(shape));
        }
        // comparisons give 1/0 in the operands' dtype on the device; BOOL tensors live on the host
        return op.isComparison() ? toBool(out) : out;
    }

    @Override public Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = null;
        if (cond instanceof CudaTensor cc && !cc.onDevice() && cc.dtype() == DType.BOOL && cc.rank() <= KernelLauncher.MAX_RANK && dev(a, b)) {
            int[] ab = broadcast(a.shape().toArray(), b.shape().toArray());
            shape = ab == null ? null : broadcast(cond.shape().toArray(), ab);
        }
        if (shape == null || shape.length > KernelLauncher.MAX_RANK) {
            return bridge.run("where", h -> host.where(h[0], h[1], h[2]), cond, a, b);
        }
        CudaTensor ca = (CudaTensor) a;
        CudaTensor cb = (CudaTensor) b;
        DType t = ca.dtype();
        int[] cshape = cond.shape().toArray();
        boolean[] z = host.toBooleanArray(((CudaTensor) cond).host());
        CudaTensor c;
        if (t == DType.FLOAT64) {
            double[] v = new double[z.length];
            for (int i = 0; i < z.length; i++) v[i] = z[i] ? 1 : 0;
            c = bridge.upload(v, cshape);
        } else {
            float[] v = new float[z.length];
            for (int i = 0; i < z.length; i++) v[i] = z[i] ? 1 : 0;
            c = bridge.upload(v, cshape);
        }
        CudaTensor out = alloc(t, shape);
        try (Scratch s = k.scratch()) {
            k.where(s, t, shape, c.address(), broadcastStrides(cshape, shape), ca.address(), broadcastStrides(ca.shape().toArray(), shape),
                    cb.address(), broadcastStrides(cb.shape().toArray(), shape), out.address());
        }
        return out;
    }

    @Override public Tensor cast(Tensor x, DType dtype) {
        if (!(dev(x) && dtype != null && dtype.isFloating())) return bridge.run("cast", h -> host.cast(h[0], dtype), x);
        CudaTensor c = (CudaTensor) x;
        if (c.dtype() == dtype) return c;
        CudaTensor out = alloc(dtype, c.shape().toArray());
        try (Scratch s = k.scratch()) {
            k.cast(s, c.dtype(), dtype, c.address(), out.address(), c.size());
        }
        return out;
    }

    // ---- reductions ----

    /** The reduced axes in [0, rank), ascending, or null when an axis is out of range or repeated. */
    private static boolean[] reducedAxes(int rank, int[] axes) {
        boolean[] red = new boolean[rank];
        if (axes == null) return null;
        if (axes.length == 0) {
            Arrays.fill(red, true);
            return red;
        }
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank || red[n]) return null;
            red[n] = true;
        }
        return red;
    }

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        KernelOps.ReduceOp kop = op == null ? null : REDUCE.get(op);
        boolean[] red = kop != null && dev(x) ? reducedAxes(x.rank(), axes) : null;
        int[] shape = x == null ? null : x.shape().toArray();
        long n = 1;
        if (red != null) for (int d = 0; d < shape.length; d++) if (red[d]) n *= shape[d];
        if (red == null || (n == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN))) {
            return bridge.run("reduce " + op, h -> host.reduce(op, h[0], keepDims, axes), x);
        }
        CudaTensor c = (CudaTensor) x;
        DType t = c.dtype();
        if (t == DType.FLOAT32 && op != ReduceOp.MAX && op != ReduceOp.MIN) {
            // float32 sums and products accumulate in float64 and round once, as the contract's reference does
            return cast(reduce(op, cast(c, DType.FLOAT64), keepDims, axes), DType.FLOAT32);
        }
        if (op == ReduceOp.LOGSUMEXP) return logSumExp(c, keepDims, red);
        // permute the kept axes first and the reduced ones last, so each output is one contiguous row
        int r = shape.length;
        int[] perm = new int[r];
        int p = 0;
        for (int d = 0; d < r; d++) if (!red[d]) perm[p++] = d;
        for (int d = 0; d < r; d++) if (red[d]) perm[p++] = d;
        List<Integer> outDims = new ArrayList<>();
        for (int d = 0; d < r; d++) {
            if (!red[d]) outDims.add(shape[d]);
            else if (keepDims) outDims.add(1);
        }
        int[] outShape = outDims.stream().mapToInt(Integer::intValue).toArray();
        long rows = size(outShape);
        CudaTensor out = alloc(t, outShape);
        try (Scratch s = k.scratch()) {
            long src = c.address();
            boolean identity = true;
            for (int d = 0; d < r; d++) identity &= perm[d] == d;
            if (!identity) {
                int[] pshape = new int[r];
                long[] xs = strides(shape);
                long[] ps = new long[r];
                for (int d = 0; d < r; d++) {
                    pshape[d] = shape[perm[d]];
                    ps[d] = xs[perm[d]];
                }
                src = s.temp(c.size() * t.byteSize());
                k.copy(s, t, pshape, c.address(), 0, ps, src, 0, strides(pshape));
            }
            k.reduceLast(s, t, kop, rows, n, src, out.address());
            if (op == ReduceOp.MEAN && rows > 0) {
                long count = s.temp(t.byteSize());
                k.fill(s, t, count, 1, n);
                long[] zero = new long[outShape.length];
                k.binary(s, t, KernelOps.BinaryOp.DIV, outShape, out.address(), strides(outShape), count, zero,
                        out.address(), strides(outShape));
            }
        }
        return out;
    }

    /**
     * log sum exp x over the reduced axes as m + log(sum exp(x - m)), m the maximum where it is finite
     * and 0 otherwise: all -inf gives -inf, a +inf gives +inf, a NaN gives NaN, no elements -inf.
     */
    private Tensor logSumExp(CudaTensor x, boolean keepDims, boolean[] red) {
        int[] axes = java.util.stream.IntStream.range(0, red.length).filter(d -> red[d]).toArray();
        Tensor m = x.size() == 0 ? full(x.dtype(), 0, keepShape(x.shape().toArray(), red))
                : red.length == 0 ? x : reduce(ReduceOp.MAX, x, true, axes);
        Tensor shift = where(unary(UnaryOp.IS_FINITE, m), m, full(x.dtype(), 0));
        Tensor sum = reduce(ReduceOp.SUM, unary(UnaryOp.EXP, binary(BinaryOp.SUB, x, shift)), true, axes);
        Tensor out = binary(BinaryOp.ADD, unary(UnaryOp.LOG, sum), shift);
        return keepDims ? out : reshape(out, dropShape(x.shape().toArray(), red));
    }

    private static int[] keepShape(int[] shape, boolean[] red) {
        int[] out = shape.clone();
        for (int d = 0; d < out.length; d++) if (red[d]) out[d] = 1;
        return out;
    }

    private static int[] dropShape(int[] shape, boolean[] red) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> !red[d]).map(d -> shape[d]).toArray();
    }

    /** {@code axis} in [0, rank) of a device tensor of rank >= 1, or -1. */
    private static int axisOf(Tensor x, int axis) {
        if (!dev(x) || x.rank() == 0) return -1;
        int a = axis < 0 ? axis + x.rank() : axis;
        return a >= 0 && a < x.rank() ? a : -1;
    }

    /** The shape with axis {@code a} moved last. */
    private static int[] axisLast(int[] shape, int a) {
        int[] p = new int[shape.length];
        for (int d = 0, j = 0; d < shape.length; d++) if (d != a) p[j++] = shape[d];
        p[shape.length - 1] = shape[a];
        return p;
    }

    /** Strides of {@code shape}'s contiguous layout, listed in the order of {@link #axisLast}. */
    private static long[] axisLastStrides(int[] shape, int a) {
        long[] st = strides(shape);
        long[] p = new long[shape.length];
        for (int d = 0, j = 0; d < shape.length; d++) if (d != a) p[j++] = st[d];
        p[shape.length - 1] = st[a];
        return p;
    }

    /** The address of x's data with axis {@code a} last and contiguous: x itself when a is already last, else a temporary copy. */
    private long withAxisLast(Scratch s, CudaTensor x, int a) {
        int[] shape = x.shape().toArray();
        if (a == shape.length - 1) return x.address();
        int[] p = axisLast(shape, a);
        long at = s.temp(x.size() * x.dtype().byteSize());
        k.copy(s, x.dtype(), p, x.address(), 0, axisLastStrides(shape, a), at, 0, strides(p));
        return at;
    }

    @Override public Tensor argmax(Tensor x, int axis, boolean keepDims) { return argReduce(KernelOps.ArgOp.ARGMAX, x, axis, keepDims); }

    @Override public Tensor argmin(Tensor x, int axis, boolean keepDims) { return argReduce(KernelOps.ArgOp.ARGMIN, x, axis, keepDims); }

    /** argmax/argmin on the device; the INT64 result lives on the host, as integer tensors do. */
    private Tensor argReduce(KernelOps.ArgOp op, Tensor x, int axis, boolean keepDims) {
        int a = axisOf(x, axis);
        if (a < 0 || x.dim(a) == 0) {
            return op == KernelOps.ArgOp.ARGMAX ? bridge.run("argmax", h -> host.argmax(h[0], axis, keepDims), x)
                    : bridge.run("argmin", h -> host.argmin(h[0], axis, keepDims), x);
        }
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        long n = shape[a];
        long rows = c.size() / n;
        long[] idx = new long[(int) rows];
        try (Scratch s = k.scratch()) {
            long src = withAxisLast(s, c, a);
            long out = s.temp(8 * rows);
            k.argReduceLast(s, c.dtype(), op, rows, n, src, out);
            if (rows > 0) device.download(out, idx, 0, idx.length);
        }
        int[] outShape = keepDims ? keepShape(shape, oneAxis(shape.length, a)) : dropShape(shape, oneAxis(shape.length, a));
        return CudaTensor.onHost(host.fromArray(idx, outShape));
    }

    private static boolean[] oneAxis(int rank, int a) {
        boolean[] r = new boolean[rank];
        r[a] = true;
        return r;
    }

    // ---- contractions ----

    @Override public Tensor matmul(Tensor a, Tensor b) {
        if (!dev(a, b) || a.rank() == 0 || b.rank() == 0) return bridge.run("matmul", h -> host.matmul(h[0], h[1]), a, b);
        int[] as = a.shape().toArray();
        int[] bs = b.shape().toArray();
        int m = a.rank() == 1 ? 1 : as[as.length - 2];
        int kk = as[as.length - 1];
        int kb = b.rank() == 1 ? bs[0] : bs[bs.length - 2];
        int n = b.rank() == 1 ? 1 : bs[bs.length - 1];
        int[] aBatch = a.rank() <= 2 ? new int[0] : Arrays.copyOf(as, as.length - 2);
        int[] bBatch = b.rank() <= 2 ? new int[0] : Arrays.copyOf(bs, bs.length - 2);
        int[] batch = kk == kb ? broadcast(aBatch, bBatch) : null;
        if (batch == null || batch.length + 2 > KernelLauncher.MAX_RANK) return bridge.run("matmul", h -> host.matmul(h[0], h[1]), a, b);
        List<Integer> od = new ArrayList<>();
        for (int d : batch) od.add(d);
        if (a.rank() > 1) od.add(m);
        if (b.rank() > 1) od.add(n);
        int[] outShape = od.stream().mapToInt(Integer::intValue).toArray();
        CudaTensor ca = (CudaTensor) a;
        CudaTensor cb = (CudaTensor) b;
        DType t = ca.dtype();
        CudaTensor out = alloc(t, outShape);
        long nb = size(batch);
        try (Scratch s = k.scratch()) {
            if (kk == 0) {
                k.fill(s, t, out.address(), out.size(), 0);
            } else {
                long[] pa = operand(s, t, ca.address(), aBatch, batch, m, kk);
                long[] pb = operand(s, t, cb.address(), bBatch, batch, kk, n);
                product(s, t, nb, m, n, kk, pa[0], pa[1], pb[0], pb[1], out.address(), (long) m * n);
            }
        }
        return out;
    }

    /** The batched product (see {@link KernelLauncher#matmul}) through cuBLAS when it is usable here, else the bundle's kernel. */
    private void product(Scratch s, DType t, long nb, int m, int n, int kk, long a, long sa, long b, long sb, long c, long sc) {
        CublasGemm gemm = nb > 0 && nb <= Integer.MAX_VALUE && m > 0 && n > 0 ? libraries.gemm() : null;
        if (gemm != null) gemm.gemm(t, (int) nb, m, n, kk, a, sa, b, sb, c, sc);
        else k.matmul(s, t, nb, m, n, kk, a, sa, b, sb, c, sc);
    }

    /**
     * A matmul operand [opBatch..., rows, cols] (contiguous at {@code at}) as (address, batch stride)
     * over the broadcast batch: itself when its batch is the full one or a single matrix (stride 0),
     * else a broadcast copy.
     */
    private long[] operand(Scratch s, DType t, long at, int[] opBatch, int[] batch, int rows, int cols) {
        long mat = (long) rows * cols;
        if (size(opBatch) == 1) return new long[] {at, 0};
        if (Arrays.equals(padLeft(opBatch, batch.length), batch)) return new long[] {at, mat};
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        int[] src = Arrays.copyOf(padLeft(opBatch, batch.length), batch.length + 2);
        src[batch.length] = rows;
        src[batch.length + 1] = cols;
        long dst = s.temp(size(full) * t.byteSize());
        k.copy(s, t, full, at, 0, broadcastStrides(src, full), dst, 0, strides(full));
        return new long[] {dst, mat};
    }

    private static int[] padLeft(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    @Override public Tensor dot(Tensor a, Tensor b) {
        if (dev(a, b) && a.rank() >= 1 && b.rank() >= 1) return matmul(a, b);
        return bridge.run("dot", h -> host.dot(h[0], h[1]), a, b);
    }

    @Override public Tensor outer(Tensor a, Tensor b) {
        if (!dev(a, b)) return bridge.run("outer", h -> host.outer(h[0], h[1]), a, b);
        CudaTensor ca = ((CudaTensor) a).withShape(Shape.of((int) a.size(), 1));
        CudaTensor cb = ((CudaTensor) b).withShape(Shape.of(1, (int) b.size()));
        return binary(BinaryOp.MUL, ca, cb);
    }

    /** On the device ({@link DeviceEinsum}) for float device operands and a spec that parses; else the host, whose message names the problem. */
    @Override public Tensor einsum(String spec, Tensor... operands) {
        Tensor r = new DeviceEinsum(this, k, bridge).evaluate(spec, operands);
        return r != null ? r : bridge.run("einsum", h -> host.einsum(spec, h), operands == null ? new Tensor[0] : operands);
    }

    // ---- shape ----

    /** The shape with its one -1 resolved, or null when it does not fit {@code size}. */
    private static int[] resolve(int[] shape, long size) {
        if (shape == null) return null;
        int free = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (free >= 0) return null;
                free = d;
            } else if (shape[d] < 0) {
                return null;
            } else {
                known *= shape[d];
            }
        }
        int[] out = shape.clone();
        if (free >= 0) {
            if (known == 0 || size % known != 0) return null;
            out[free] = (int) (size / known);
        }
        return size(out) == size ? out : null;
    }

    @Override public Tensor reshape(Tensor x, int... shape) {
        int[] s = x instanceof CudaTensor c && c.onDevice() ? resolve(shape, x.size()) : null;
        if (s == null) return bridge.run("reshape", h -> host.reshape(h[0], shape), x);
        return ((CudaTensor) x).withShape(Shape.of(s));
    }

    @Override public Tensor transpose(Tensor x, int... perm) {
        int[] p = dev(x) ? permutation(x.rank(), perm) : null;
        if (p == null) return bridge.run("transpose", h -> host.transpose(h[0], perm), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        long[] xs = strides(shape);
        int[] os = new int[p.length];
        long[] ss = new long[p.length];
        for (int d = 0; d < p.length; d++) {
            os[d] = shape[p[d]];
            ss[d] = xs[p[d]];
        }
        CudaTensor out = alloc(c.dtype(), os);
        try (Scratch s = k.scratch()) {
            k.copy(s, c.dtype(), os, c.address(), 0, ss, out.address(), 0, strides(os));
        }
        return out;
    }

    /** The permutation (empty: reversed axes; negative axes allowed), or null when it is not one. */
    private static int[] permutation(int rank, int[] perm) {
        if (perm == null) return null;
        int[] p = new int[rank];
        if (perm.length == 0) {
            for (int d = 0; d < rank; d++) p[d] = rank - 1 - d;
            return p;
        }
        if (perm.length != rank) return null;
        boolean[] seen = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            int a = perm[d] < 0 ? perm[d] + rank : perm[d];
            if (a < 0 || a >= rank || seen[a]) return null;
            seen[a] = true;
            p[d] = a;
        }
        return p;
    }

    @Override public Tensor slice(Tensor x, int[] start, int[] stop, int[] step) {
        int r = x == null ? 0 : x.rank();
        boolean ok = dev(x) && start != null && stop != null && step != null
                && start.length == r && stop.length == r && step.length == r && Arrays.stream(step).noneMatch(v -> v == 0);
        if (!ok) return bridge.run("slice", h -> host.slice(h[0], start, stop, step), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        long[] xs = strides(shape);
        int[] os = new int[r];
        long[] ss = new long[r];
        long offset = 0;
        for (int d = 0; d < r; d++) {
            long len = shape[d];
            long st = step[d];
            long b;
            long e;
            long count;
            if (st > 0) {
                b = clamp(start[d] < 0 ? start[d] + len : start[d], 0, len);
                e = clamp(stop[d] < 0 ? stop[d] + len : stop[d], 0, len);
                count = e > b ? (e - b + st - 1) / st : 0;
            } else {
                b = clamp(start[d] < 0 ? start[d] + len : start[d], -1, len - 1);
                e = stop[d] == Integer.MIN_VALUE ? -1 : clamp(stop[d] < 0 ? stop[d] + len : stop[d], -1, len - 1);
                count = b > e ? (b - e + (-st) - 1) / (-st) : 0;
            }
            os[d] = (int) count;
            ss[d] = st * xs[d];
            if (count > 0) offset += b * xs[d];
        }
        CudaTensor out = alloc(c.dtype(), os);
        try (Scratch s = k.scratch()) {
            k.copy(s, c.dtype(), os, c.address(), offset, ss, out.address(), 0, strides(os));
        }
        return out;
    }

    private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }

    @Override public Tensor concat(int axis, Tensor... xs) {
        int a = concatAxis(axis, xs);
        if (a < 0) return bridge.run("concat", h -> host.concat(axis, h), xs == null ? new Tensor[0] : xs);
        DType t = xs[0].dtype();
        int[] shape = xs[0].shape().toArray();
        int total = 0;
        for (Tensor x : xs) total += x.dim(a);
        shape[a] = total;
        CudaTensor out = alloc(t, shape);
        long[] os = strides(shape);
        try (Scratch s = k.scratch()) {
            long at = 0;
            for (Tensor x : xs) {
                int[] xsh = x.shape().toArray();
                k.copy(s, t, xsh, ((CudaTensor) x).address(), 0, strides(xsh), out.address(), at * os[a], os);
                at += xsh[a];
            }
        }
        return out;
    }

    /** The concatenation axis in [0, rank) when every operand is a device tensor of one dtype and matching shapes; else -1. */
    private static int concatAxis(int axis, Tensor[] xs) {
        if (xs == null || xs.length == 0 || !dev(xs[0]) || xs[0].rank() == 0) return -1;
        int r = xs[0].rank();
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) return -1;
        int[] first = xs[0].shape().toArray();
        for (Tensor x : xs) {
            if (!dev(x) || x.dtype() != xs[0].dtype() || x.rank() != r) return -1;
            int[] sh = x.shape().toArray();
            for (int d = 0; d < r; d++) if (d != a && sh[d] != first[d]) return -1;
        }
        return a;
    }

    @Override public Tensor stack(int axis, Tensor... xs) {
        boolean ok = xs != null && xs.length > 0 && dev(xs[0]) && xs[0].rank() < KernelLauncher.MAX_RANK;
        int r = ok ? xs[0].rank() + 1 : 0;
        int a = axis < 0 ? axis + r : axis;
        ok &= a >= 0 && a < r;
        if (ok) for (Tensor x : xs) ok &= dev(x) && x.dtype() == xs[0].dtype() && x.shape().equals(xs[0].shape());
        if (!ok) return bridge.run("stack", h -> host.stack(axis, h), xs == null ? new Tensor[0] : xs);
        Tensor[] expanded = new Tensor[xs.length];
        int[] sh = xs[0].shape().toArray();
        int[] es = new int[r];
        for (int d = 0, j = 0; d < r; d++) es[d] = d == a ? 1 : sh[j++];
        for (int i = 0; i < xs.length; i++) expanded[i] = ((CudaTensor) xs[i]).withShape(Shape.of(es));
        return concat(a, expanded);
    }

    @Override public Tensor broadcastTo(Tensor x, int... shape) {
        boolean ok = dev(x) && shape != null && shape.length >= x.rank() && shape.length <= KernelLauncher.MAX_RANK
                && Arrays.stream(shape).allMatch(d -> d >= 0);
        if (ok) {
            int[] xs = x.shape().toArray();
            int off = shape.length - xs.length;
            for (int d = 0; d < xs.length; d++) ok &= xs[d] == shape[off + d] || xs[d] == 1;
        }
        if (!ok) return bridge.run("broadcastTo", h -> host.broadcastTo(h[0], shape), x);
        CudaTensor c = (CudaTensor) x;
        CudaTensor out = alloc(c.dtype(), shape);
        try (Scratch s = k.scratch()) {
            k.copy(s, c.dtype(), shape, c.address(), 0, broadcastStrides(c.shape().toArray(), shape), out.address(), 0, strides(shape));
        }
        return out;
    }

    @Override public Tensor pad(Tensor x, int[][] padWidths, double value) {
        boolean ok = dev(x) && padWidths != null && padWidths.length == x.rank();
        if (ok) for (int[] w : padWidths) ok &= w != null && w.length == 2 && w[0] >= 0 && w[1] >= 0;
        if (!ok) return bridge.run("pad", h -> host.pad(h[0], padWidths, value), x);
        CudaTensor c = (CudaTensor) x;
        int[] xs = c.shape().toArray();
        int[] shape = new int[xs.length];
        for (int d = 0; d < xs.length; d++) shape[d] = xs[d] + padWidths[d][0] + padWidths[d][1];
        CudaTensor out = alloc(c.dtype(), shape);
        long[] os = strides(shape);
        long offset = 0;
        for (int d = 0; d < xs.length; d++) offset += padWidths[d][0] * os[d];
        try (Scratch s = k.scratch()) {
            k.fill(s, c.dtype(), out.address(), out.size(), value);
            k.copy(s, c.dtype(), xs, c.address(), 0, strides(xs), out.address(), offset, os);
        }
        return out;
    }

    // ---- indexing ----

    /** Host-resident INT32/INT64 indices as longs with negatives wrapped by {@code len}, or null when one is outside [-len, len). */
    private long[] indices(Tensor indices, long len) {
        if (!(indices instanceof CudaTensor c) || c.onDevice() || !c.dtype().isInteger()) return null;
        long[] v = host.toLongArray(c.host());
        for (int i = 0; i < v.length; i++) {
            long w = v[i] < 0 ? v[i] + len : v[i];
            if (w < 0 || w >= len) return null;
            v[i] = w;
        }
        return v;
    }

    @Override public Tensor take(Tensor x, Tensor indices, int axis) {
        int a = dev(x) && x.rank() > 0 ? (axis < 0 ? axis + x.rank() : axis) : -1;
        long[] idx = a >= 0 && a < x.rank() ? indices(indices, x.dim(a)) : null;
        int[] xs = x == null ? null : x.shape().toArray();
        int outRank = idx == null ? 0 : xs.length - 1 + indices.rank();
        if (idx == null || outRank > KernelLauncher.MAX_RANK) return bridge.run("take", h -> host.take(h[0], h[1], axis), x, indices);
        CudaTensor c = (CudaTensor) x;
        int[] is = indices.shape().toArray();
        int[] os = new int[outRank];
        System.arraycopy(xs, 0, os, 0, a);
        System.arraycopy(is, 0, os, a, is.length);
        System.arraycopy(xs, a + 1, os, a + is.length, xs.length - a - 1);
        long outer = size(Arrays.copyOf(xs, a));
        long inner = size(Arrays.copyOfRange(xs, a + 1, xs.length));
        CudaTensor out = alloc(c.dtype(), os);
        try (Scratch s = k.scratch()) {
            long table = s.table(idx);
            k.gather(s, c.dtype(), outer, xs[a], idx.length, inner, c.address(), table, 0, 1, 0, out.address());
        }
        return out;
    }

    @Override public Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
        int r = x == null ? 0 : x.rank();
        boolean ok = dev(x) && r > 0 && indices instanceof CudaTensor ci && !ci.onDevice() && ci.dtype().isInteger() && indices.rank() == r;
        int a = ok ? (axis < 0 ? axis + r : axis) : -1;
        ok &= a >= 0 && a < r;
        int[] os = null;
        if (ok) {
            int[] xo = x.shape().toArray();
            int[] io = indices.shape().toArray();
            xo[a] = 1;
            io[a] = 1;
            os = broadcast(xo, io);
            ok = os != null;
        }
        long[] idx = null;
        if (ok) {
            os[a] = indices.dim(a);
            int[] target = os;
            // the indices broadcast to the output shape, on the host where they live
            Tensor full = host.broadcastTo(((CudaTensor) indices).host(), target);
            idx = indices(CudaTensor.onHost(full), x.dim(a));
        }
        if (idx == null) return bridge.run("takeAlongAxis", h -> host.takeAlongAxis(h[0], h[1], axis), x, indices);
        CudaTensor c = (CudaTensor) x;
        int[] xs = c.shape().toArray();
        DType t = c.dtype();
        // x broadcast on the other axes: [os[:a], xs[a], os[a+1:]]
        int[] bx = os.clone();
        bx[a] = xs[a];
        CudaTensor out = alloc(t, os);
        long outer = size(Arrays.copyOf(os, a));
        long inner = size(Arrays.copyOfRange(os, a + 1, os.length));
        try (Scratch s = k.scratch()) {
            long src = c.address();
            if (!Arrays.equals(bx, xs)) {
                src = s.temp(size(bx) * t.byteSize());
                k.copy(s, t, bx, c.address(), 0, broadcastStrides(xs, bx), src, 0, strides(bx));
            }
            long table = s.table(idx);
            k.gather(s, t, outer, xs[a], os[a], inner, src, table, (long) os[a] * inner, inner, 1, out.address());
        }
        return out;
    }

    @Override public Tensor scatterAdd(Tensor target, Tensor indices, Tensor updates, int axis) {
        int r = target == null ? 0 : target.rank();
        int a = dev(target, updates) && r > 0 ? (axis < 0 ? axis + r : axis) : -1;
        long[] idx = a >= 0 && a < r ? indices(indices, target.dim(a)) : null;
        int[] ts = target == null ? null : target.shape().toArray();
        if (idx != null) {
            int[] is = indices.shape().toArray();
            int[] us = new int[ts.length - 1 + is.length];
            System.arraycopy(ts, 0, us, 0, a);
            System.arraycopy(is, 0, us, a, is.length);
            System.arraycopy(ts, a + 1, us, a + is.length, ts.length - a - 1);
            if (!Arrays.equals(us, updates.shape().toArray())) idx = null;
        }
        if (idx == null) return bridge.run("scatterAdd", h -> host.scatterAdd(h[0], h[1], h[2], axis), target, indices, updates);
        CudaTensor ct = (CudaTensor) target;
        CudaTensor cu = (CudaTensor) updates;
        DType t = ct.dtype();
        CudaTensor out = alloc(t, ts);
        long outer = size(Arrays.copyOf(ts, a));
        long inner = size(Arrays.copyOfRange(ts, a + 1, ts.length));
        try (Scratch s = k.scratch()) {
            if (ct.size() > 0) device.copy(ct.address(), out.address(), ct.size() * t.byteSize());
            long table = s.table(idx);
            k.scatterAdd(s, t, outer, ts[a], idx.length, inner, cu.address(), table, 0, 1, 0, out.address());
        }
        return out;
    }

    @Override public Tensor segmentSum(Tensor data, Tensor segmentIds, int numSegments) {
        boolean ok = dev(data) && data.rank() > 0 && numSegments >= 0 && segmentIds instanceof CudaTensor ci && !ci.onDevice()
                && ci.dtype().isInteger() && ci.rank() == 1 && ci.dim(0) == data.dim(0);
        if (!ok) return bridge.run("segmentSum", h -> host.segmentSum(h[0], h[1], numSegments), data, segmentIds);
        CudaTensor c = (CudaTensor) data;
        DType t = c.dtype();
        long[] ids = host.toLongArray(((CudaTensor) segmentIds).host());
        int[] ds = c.shape().toArray();
        int[] os = ds.clone();
        os[0] = numSegments;
        CudaTensor out = alloc(t, os);
        long inner = size(Arrays.copyOfRange(ds, 1, ds.length));
        try (Scratch s = k.scratch()) {
            k.fill(s, t, out.address(), out.size(), 0);
            // ids outside [0, numSegments) are skipped by the kernel: dropped, as the contract asks
            long table = s.table(ids);
            k.scatterAdd(s, t, 1, numSegments, ids.length, inner, c.address(), table, 0, 1, 0, out.address());
        }
        return out;
    }

    @Override public Tensor cumsum(Tensor x, int axis) {
        int a = axisOf(x, axis);
        if (a < 0) return bridge.run("cumsum", h -> host.cumsum(h[0], axis), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        long n = shape[a];
        long rows = n == 0 ? 0 : c.size() / n;
        CudaTensor out = alloc(c.dtype(), shape);
        try (Scratch s = k.scratch()) {
            long src = withAxisLast(s, c, a);
            if (a == shape.length - 1) {
                k.cumsumLast(s, c.dtype(), rows, n, src, out.address());
            } else {
                // scan in the axis-last layout, then write back through the permuted strides of the output
                int[] p = axisLast(shape, a);
                long tmp = s.temp(c.size() * c.dtype().byteSize());
                k.cumsumLast(s, c.dtype(), rows, n, src, tmp);
                k.copy(s, c.dtype(), p, tmp, 0, strides(p), out.address(), 0, axisLastStrides(shape, a));
            }
        }
        return out;
    }

    /** On the device for rows of 1..{@link KernelLauncher#SORT_CAPACITY} elements along the axis (a bitonic sort per row); else the host. */
    @Override public Tensor sort(Tensor x, int axis) {
        int a = sortAxis(x, axis);
        if (a < 0) return bridge.run("sort", h -> host.sort(h[0], axis), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        long n = shape[a];
        CudaTensor out = alloc(c.dtype(), shape);
        try (Scratch s = k.scratch()) {
            long src = withAxisLast(s, c, a);
            long idx = s.temp(8 * c.size());
            if (a == shape.length - 1) {
                k.sortRows(s, c.dtype(), c.size() / n, n, true, src, out.address(), idx);
            } else {
                long tmp = s.temp(c.size() * c.dtype().byteSize());
                k.sortRows(s, c.dtype(), c.size() / n, n, true, src, tmp, idx);
                k.copy(s, c.dtype(), axisLast(shape, a), tmp, 0, strides(axisLast(shape, a)), out.address(), 0, axisLastStrides(shape, a));
            }
        }
        return out;
    }

    /** As {@link #sort}; the INT64 result lives on the host, as integer tensors do. */
    @Override public Tensor argsort(Tensor x, int axis) {
        int a = sortAxis(x, axis);
        if (a < 0) return bridge.run("argsort", h -> host.argsort(h[0], axis), x);
        CudaTensor c = (CudaTensor) x;
        int[] shape = c.shape().toArray();
        int n = shape[a];
        long[] rows = new long[(int) c.size()];
        try (Scratch s = k.scratch()) {
            long src = withAxisLast(s, c, a);
            long vals = s.temp(c.size() * c.dtype().byteSize());
            long idx = s.temp(8 * c.size());
            k.sortRows(s, c.dtype(), c.size() / n, n, false, src, vals, idx);
            device.download(idx, rows, 0, rows.length);
        }
        // rows is [outer, inner, n] (axis last); the result is [outer, n, inner]
        long inner = size(Arrays.copyOfRange(shape, a + 1, shape.length));
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            long row = i / n;
            long o = row / inner;
            long in = row % inner;
            out[(int) ((o * n + i % n) * inner + in)] = rows[i];
        }
        return CudaTensor.onHost(host.fromArray(out, shape));
    }

    /** The sort axis in [0, rank) of a non-empty device tensor whose rows fit {@link KernelLauncher#sortRows}, or -1. */
    private static int sortAxis(Tensor x, int axis) {
        int a = axisOf(x, axis);
        return a >= 0 && x.size() > 0 && x.size() <= Integer.MAX_VALUE && x.dim(a) <= KernelLauncher.SORT_CAPACITY ? a : -1;
    }

    // ---- random ----

    // element i is a function of the key and i only (RandomKey), so the kernels fill any element range alone

    /** Arguments the random kernels take; anything else goes down the host path for the host's message. */
    private static boolean randomArgs(RandomKey key, DType dtype, int[] shape) {
        return key != null && dtype != null && dtype.isFloating() && shape != null && Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    @Override public Tensor normal(RandomKey key, DType dtype, int... shape) {
        if (!randomArgs(key, dtype, shape)) return bridge.run("normal", h -> host.normal(key, dtype, shape));
        CudaTensor out = alloc(dtype, shape);
        try (Scratch s = k.scratch()) {
            k.normal(s, dtype, key.k0(), key.k1(), out.address(), out.size());
        }
        return out;
    }

    @Override public Tensor uniform(RandomKey key, DType dtype, double low, double high, int... shape) {
        if (!randomArgs(key, dtype, shape) || !Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            return bridge.run("uniform", h -> host.uniform(key, dtype, low, high, shape));
        }
        CudaTensor out = alloc(dtype, shape);
        try (Scratch s = k.scratch()) {
            k.uniform(s, dtype, key.k0(), key.k1(), low, high, out.address(), out.size());
        }
        return out;
    }

    // ---- linear algebra and FFT: cuSOLVER and cuFFT where they are usable and take the operands (see LibraryRoutes), else the host ----

    @Override public Tensor solve(Tensor a, Tensor b) {
        CusolverLinalg l = libraries.solver();
        Tensor r = l == null ? null : l.solve(a, b);
        return r != null ? r : bridge.run("solve", h -> host.solve(h[0], h[1]), a, b);
    }

    @Override public Tensor inverse(Tensor a) {
        CusolverLinalg l = libraries.solver();
        Tensor r = l == null ? null : l.inverse(a);
        return r != null ? r : bridge.run("inverse", h -> host.inverse(h[0]), a);
    }

    @Override public Tensor det(Tensor a) {
        CusolverLinalg l = libraries.solver();
        Tensor r = l == null ? null : l.det(a);
        return r != null ? r : bridge.run("det", h -> host.det(h[0]), a);
    }

    @Override public Tensor cholesky(Tensor a) {
        CusolverLinalg l = libraries.solver();
        Tensor r = l == null ? null : l.cholesky(a);
        return r != null ? r : bridge.run("cholesky", h -> host.cholesky(h[0]), a);
    }

    @Override public Eigh eigh(Tensor a) {
        CusolverLinalg l = libraries.solver();
        Eigh r = l == null ? null : l.eigh(a);
        if (r != null) return r;
        Eigh e = bridge.call("eigh", h -> host.eigh(h[0]), a);
        return new Eigh(bridge.wrap(e.values()), bridge.wrap(e.vectors()));
    }

    @Override public QR qr(Tensor a) {
        CusolverLinalg l = libraries.solver();
        QR r = l == null ? null : l.qr(a);
        if (r != null) return r;
        QR q = bridge.call("qr", h -> host.qr(h[0]), a);
        return new QR(bridge.wrap(q.q()), bridge.wrap(q.r()));
    }

    @Override public SVD svd(Tensor a) {
        CusolverLinalg l = libraries.solver();
        SVD r = l == null ? null : l.svd(a);
        if (r != null) return r;
        SVD s = bridge.call("svd", h -> host.svd(h[0]), a);
        return new SVD(bridge.wrap(s.u()), bridge.wrap(s.s()), bridge.wrap(s.vt()));
    }

    private Complex wrap(Complex c) { return new Complex(bridge.wrap(c.re()), bridge.wrap(c.im())); }

    @Override public Complex rfft(Tensor x) {
        CufftTransforms f = libraries.fft();
        Complex r = f == null ? null : f.rfft(x);
        return r != null ? r : wrap(bridge.call("rfft", h -> host.rfft(h[0]), x));
    }

    @Override public Tensor irfft(Complex spectrum, int n) {
        CufftTransforms f = libraries.fft();
        Tensor r = f == null ? null : f.irfft(spectrum, n);
        return r != null ? r : bridge.run("irfft", h -> host.irfft(new Complex(h[0], h[1]), n), spectrum.re(), spectrum.im());
    }

    @Override public Complex fft(Complex x) {
        CufftTransforms f = libraries.fft();
        Complex r = f == null ? null : f.fft(x, false);
        return r != null ? r : wrap(bridge.call("fft", h -> host.fft(new Complex(h[0], h[1])), x.re(), x.im()));
    }

    @Override public Complex ifft(Complex x) {
        CufftTransforms f = libraries.fft();
        Complex r = f == null ? null : f.fft(x, true);
        return r != null ? r : wrap(bridge.call("ifft", h -> host.ifft(new Complex(h[0], h[1])), x.re(), x.im()));
    }

    // ---- description ----

    /** Ops that run as kernels for FLOAT32/FLOAT64 device tensors (with the conditions noted). */
    static final List<String> DEVICE_OPS = List.of(
            "full", "zeros", "ones", "scalar", "arange", "eye", "fromArray(double[]/float[])", "toDoubleArray", "toFloatArray",
            "unary " + UNARY.keySet(), "binary " + BINARY.keySet() + " (comparisons: 1/0 on the device, BOOL result on the host)",
            "where (BOOL condition uploaded)", "cast float32<->float64",
            "normal", "uniform (RandomKey's counter-based draws: element i from the key and i alone)",
            "reduce " + REDUCE.keySet() + " over any axes, keepDims (permute + last-axis reduce)",
            "argmax", "argmin (INT64 result on the host)", "cumsum (float64 accumulator; one thread per row)",
            "matmul (batched, broadcast batch axes)", "dot (rank >= 1)", "outer",
            "einsum (diagonal copy, reduce, pairwise batched matmul; at most " + KernelLauncher.MAX_RANK + " distinct indices)", "reshape (shares memory)", "transpose", "slice",
            "concat", "stack", "broadcastTo", "pad", "take", "takeAlongAxis", "scatterAdd", "segmentSum",
            "sort and argsort along an axis of <= " + KernelLauncher.SORT_CAPACITY + " (bitonic per row; NaN last; argsort stable; INT64 indices on the host)");

    /** Ops that always run on the host service (and any op on INT32/INT64/BOOL tensors). */
    static final List<String> HOST_OPS = List.of(
            "unary " + Arrays.stream(UnaryOp.values()).filter(o -> !UNARY.containsKey(o)).toList(),
            "binary " + Arrays.stream(BinaryOp.values()).filter(o -> !BINARY.containsKey(o)).toList(),
            "reduce " + Arrays.stream(ReduceOp.values()).filter(o -> !REDUCE.containsKey(o)).toList(),
            "cast to/from int32, int64, bool", "sort and argsort of rows over " + KernelLauncher.SORT_CAPACITY,
            "solve", "inverse", "det", "cholesky", "eigh", "qr", "svd", "rfft", "irfft", "fft", "ifft",
            "every op on int32/int64/bool tensors (they live on the host)",
            "invalid arguments (for the host service's error message)");

    /** {@link #DEVICE_OPS} and the op families that a CUDA library runs (see {@link LibraryRoutes#describe}). */
    private static List<String> deviceOps(Map<String, Object> paths) {
        List<String> ops = new ArrayList<>(DEVICE_OPS);
        paths.forEach((group, e) -> {
            Map<?, ?> entry = (Map<?, ?>) e;
            if (!entry.containsKey("why")) ops.add(entry.get("ops") + " (" + entry.get("path") + ")");
        });
        return ops;
    }

    /** {@link #HOST_OPS} without the ops that a CUDA library runs. */
    private static List<String> hostOps(Map<String, Object> paths) {
        List<String> onLibraries = new ArrayList<>();
        paths.forEach((group, e) -> {
            Map<?, ?> entry = (Map<?, ?>) e;
            if (!entry.containsKey("why")) onLibraries.addAll(Arrays.asList(entry.get("ops").toString().split(", ")));
        });
        return HOST_OPS.stream().filter(op -> !onLibraries.contains(op)).toList();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", NAME);
        m.put("device", device.describe().toMap());
        m.put("dtypes_on_device", List.of("float32", "float64"));
        m.put("launch", Map.of("block", k.block(), "max_grid", k.maxGrid()));
        m.put("allocator", allocator.stats());
        Map<String, Object> paths = libraries.describe();
        m.put("device_ops", deviceOps(paths));
        m.put("host_ops", hostOps(paths));
        m.put("library_paths", paths);
        m.put("host_service", host.name());
        // the keys tensor.info summarises: the host's BLAS (which the host ops use) and the device
        m.put("blas", host.describe().get("blas"));
        m.put("cuda", device.describe().toMap());
        m.put("host_runs", bridge.runs());
        return m;
    }
}
