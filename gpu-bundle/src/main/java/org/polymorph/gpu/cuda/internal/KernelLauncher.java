package org.polymorph.gpu.cuda.internal;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.DType;

/**
 * Typed launches of the bundle's kernels for the CUDA TensorService: picks the kernel for the dtype,
 * sizes the 1-D grid ({@code block} threads, at most {@code maxGrid} blocks; the kernels loop
 * grid-stride, so the cap changes speed, not results) and uploads the int64 shape/stride tables the
 * strided kernels read. Every launch goes through a {@link Scratch} that holds those tables until
 * the op's work has finished. Counts and offsets are in elements.
 */
final class KernelLauncher {
    /** Largest rank the strided kernels take ({@code POLY_MAX_RANK} in common.cuh). */
    static final int MAX_RANK = 8;

    private final Device device;
    private final DeviceAllocator allocator;
    private final int block;
    private final int maxGrid;

    KernelLauncher(Device device, DeviceAllocator allocator, int block, int maxGrid) {
        if (block < 32 || block > 1024) throw new IllegalArgumentException("block=" + block + ": give 32..1024 threads per block");
        if (maxGrid < 1) throw new IllegalArgumentException("maxGrid=" + maxGrid + ": give at least 1 block");
        this.device = device;
        this.allocator = allocator;
        this.block = block;
        this.maxGrid = maxGrid;
    }

    Device device() { return device; }

    DeviceAllocator allocator() { return allocator; }

    int block() { return block; }

    int maxGrid() { return maxGrid; }

    /**
     * The device work of one op: temporary blocks live until {@link #close}, which waits for the
     * calling thread's queued work and then releases them (so they are idle when another thread
     * gets them from the allocator).
     */
    final class Scratch implements AutoCloseable {
        private final List<DeviceAllocator.Block> temps = new ArrayList<>();

        /** A temporary block of {@code bytes}. */
        long temp(long bytes) {
            DeviceAllocator.Block b = allocator.allocate(bytes);
            temps.add(b);
            return b.handle();
        }

        /** Uploads an int64 table (shapes, strides, indices) into a temporary block; its address. */
        long table(long[] values) {
            long at = temp(Math.max(8L, 8L * values.length));
            if (values.length > 0) device.upload(values, 0, values.length, at);
            return at;
        }

        @Override public void close() {
            device.synchronize();
            for (DeviceAllocator.Block b : temps) b.release();
            temps.clear();
        }
    }

    Scratch scratch() { return new Scratch(); }

    private int grid(long work) {
        return (int) Math.max(1, Math.min(maxGrid, (work + block - 1) / block));
    }

    private static long[] table(int[] shape, long[]... strides) {
        int r = shape.length;
        long[] t = new long[r * (1 + strides.length)];
        for (int d = 0; d < r; d++) t[d] = shape[d];
        for (int k = 0; k < strides.length; k++) System.arraycopy(strides[k], 0, t, r * (k + 1), r);
        return t;
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** out[i] = value for i < n. */
    void fill(Scratch s, DType t, long out, long n, double value) {
        if (n == 0) return;
        device.launch(Kernels.name("fill", t), grid(n), block, 0, KernelArgs.of().ptr(out).i64(n).scalar(t, value));
    }

    /** out[i] = start + i * step for i < n. */
    void arange(Scratch s, DType t, long out, long n, double start, double step) {
        if (n == 0) return;
        device.launch(Kernels.name("arange", t), grid(n), block, 0,
                KernelArgs.of().ptr(out).i64(n).scalar(t, start).scalar(t, step));
    }

    /**
     * Contiguous out[i] = low + (high - low) * u_i for i < n, u_i draw i of the key (k0, k1) in [0, 1)
     * ({@code RandomKey.uniform}); formed in float64, a float32 output rounded once (random.cu).
     */
    void uniform(Scratch s, DType t, long k0, long k1, double low, double high, long out, long n) {
        if (n == 0) return;
        device.launch(Kernels.name("random_uniform", t), grid(n), block, 0,
                KernelArgs.of().ptr(out).i64(n).i64(k0).i64(k1).f64(low).f64(high));
    }

    /** Contiguous out[i] = standard normal draw i of the key (k0, k1) for i < n ({@code RandomKey.normal}; random.cu). */
    void normal(Scratch s, DType t, long k0, long k1, long out, long n) {
        if (n == 0) return;
        device.launch(Kernels.name("random_normal", t), grid(n), block, 0, KernelArgs.of().ptr(out).i64(n).i64(k0).i64(k1));
    }

    /** Strided copy over {@code shape}: dst[od + c.sd] = src[os + c.ss]. */
    void copy(Scratch s, DType t, int[] shape, long src, long os, long[] ss, long dst, long od, long[] sd) {
        long n = count(shape);
        if (n == 0) return;
        long meta = s.table(table(shape, sd, ss));
        device.launch(Kernels.name("copy_strided", t), grid(n), block, 0,
                KernelArgs.of().i64(n).i32(shape.length).ptr(meta).ptr(src).i64(os).ptr(dst).i64(od));
    }

    /** out[c.so] = op(a[c.sa], b[c.sb]) over {@code shape}. */
    void binary(Scratch s, DType t, KernelOps.BinaryOp op, int[] shape, long a, long[] sa, long b, long[] sb, long out, long[] so) {
        long n = count(shape);
        if (n == 0) return;
        long meta = s.table(table(shape, so, sa, sb));
        device.launch(Kernels.name("binary", t), grid(n), block, 0, KernelArgs.of().i32(op.code()).i64(n).i32(shape.length)
                .ptr(meta).ptr(a).i64(0).ptr(b).i64(0).ptr(out).i64(0));
    }

    /** out[c.so] = op(x[c.sx]) over {@code shape}. */
    void unary(Scratch s, DType t, KernelOps.UnaryOp op, int[] shape, long x, long[] sx, long out, long[] so) {
        long n = count(shape);
        if (n == 0) return;
        long meta = s.table(table(shape, so, sx));
        device.launch(Kernels.name("unary", t), grid(n), block, 0, KernelArgs.of().i32(op.code()).i64(n).i32(shape.length)
                .ptr(meta).ptr(x).i64(0).ptr(out).i64(0));
    }

    /** Contiguous out[i] = c[c.sc] != 0 ? a[c.sa] : b[c.sb] over {@code shape}. */
    void where(Scratch s, DType t, int[] shape, long c, long[] sc, long a, long[] sa, long b, long[] sb, long out) {
        long n = count(shape);
        if (n == 0) return;
        long meta = s.table(table(shape, sc, sa, sb));
        device.launch(Kernels.name("where", t), grid(n), block, 0, KernelArgs.of().i64(n).i32(shape.length)
                .ptr(meta).ptr(c).i64(0).ptr(a).i64(0).ptr(b).i64(0).ptr(out).i64(0));
    }

    /** Contiguous out[i] = (to) x[i] for i < n, between float32 and float64. */
    void cast(Scratch s, DType from, DType to, long x, long out, long n) {
        if (n == 0) return;
        String kernel = from == DType.FLOAT32 && to == DType.FLOAT64 ? "cast_f32_f64"
                : from == DType.FLOAT64 && to == DType.FLOAT32 ? "cast_f64_f32" : null;
        if (kernel == null) throw new IllegalArgumentException("cast " + from + " -> " + to + ": the cast kernels convert between float32 and float64 only");
        device.launch(kernel, grid(n), block, 0, KernelArgs.of().i64(n).ptr(x).ptr(out));
    }

    /** out[r] = op over j < n of x[r*n + j], for r < rows (contiguous). */
    void reduceLast(Scratch s, DType t, KernelOps.ReduceOp op, long rows, long n, long x, long out) {
        if (rows == 0) return;
        device.launch(Kernels.name("reduce_last", t), (int) Math.min(rows, maxGrid), block, 0,
                KernelArgs.of().i32(op.code()).i64(rows).i64(n).ptr(x).ptr(out));
    }

    /** Row-wise running sums of contiguous [rows, n]: out[r, j] = sum over q <= j of x[r, q] (one thread per row). */
    void cumsumLast(Scratch s, DType t, long rows, long n, long x, long out) {
        if (rows == 0 || n == 0) return;
        device.launch(Kernels.name("cumsum_last", t), grid(rows), block, 0, KernelArgs.of().i64(rows).i64(n).ptr(x).ptr(out));
    }

    /** out[r] (int64) = index of the first maximum/minimum of row r of contiguous [rows, n], n >= 1 (one thread per row). */
    void argReduceLast(Scratch s, DType t, KernelOps.ArgOp op, long rows, long n, long x, long out) {
        if (rows == 0) return;
        device.launch(Kernels.name("argreduce_last", t), grid(rows), block, 0,
                KernelArgs.of().i32(op.code()).i64(rows).i64(n).ptr(x).ptr(out));
    }

    /** The most elements a row of {@link #sortRows} may have (the shared-memory capacity of sort.cu). */
    static final int SORT_CAPACITY = 1024;

    /**
     * Sorts each row of the contiguous [rows, n] array x ascending (NaN last, ties by index), one
     * block a row: vals gets the sorted values, idx (int64) their indices in the row. 1 <= n <= {@link #SORT_CAPACITY};
     * signedZeros puts -0.0 before 0.0 (the host's sort), else they tie (the host's argsort).
     */
    void sortRows(Scratch s, DType t, long rows, long n, boolean signedZeros, long x, long vals, long idx) {
        if (rows == 0) return;
        if (n < 1 || n > SORT_CAPACITY) throw new IllegalArgumentException("n=" + n + ": sortRows takes rows of 1.." + SORT_CAPACITY);
        device.launch(Kernels.name("sort_rows", t), (int) Math.min(rows, maxGrid), block, 0,
                KernelArgs.of().i64(rows).i64(n).i32(signedZeros ? 1 : 0).ptr(x).ptr(vals).ptr(idx));
    }

    /** C[t] = A[t] B[t], t < batch; [m, k] x [k, n] row-major; batch strides in elements (0 repeats). */
    void matmul(Scratch s, DType t, long batch, int m, int n, int k, long a, long sa, long b, long sb, long c, long sc) {
        if (batch == 0 || m == 0 || n == 0) return;
        long tiles = batch * ((m + 15L) / 16) * ((n + 15L) / 16);
        device.launch(Kernels.name("matmul", t), (int) Math.min(tiles, maxGrid), block, 0,
                KernelArgs.of().i64(batch).i32(m).i32(n).i32(k).ptr(a).i64(sa).ptr(b).i64(sb).ptr(c).i64(sc));
    }

    /**
     * Gather along the middle axis of x [outer, len, inner] into out [outer, count, inner], the index
     * of (o, j, i) at idx[o*si0 + j*si1 + i*si2] (int64, already in [0, len)).
     */
    void gather(Scratch s, DType t, long outer, long len, long count, long inner, long x, long idx,
                long si0, long si1, long si2, long out) {
        indexed("gather", t, outer, len, count, inner, x, idx, si0, si1, si2, out);
    }

    /** out[o, idx(o,j,i), i] += src[o, j, i]; indices outside [0, len) are skipped. */
    void scatterAdd(Scratch s, DType t, long outer, long len, long count, long inner, long src, long idx,
                    long si0, long si1, long si2, long out) {
        indexed("scatter_add", t, outer, len, count, inner, src, idx, si0, si1, si2, out);
    }

    /** One of indexing.cu's kernels (same arguments) over the [outer, count, inner] index space; no error flag. */
    private void indexed(String kernel, DType t, long outer, long len, long count, long inner, long data, long idx,
                         long si0, long si1, long si2, long out) {
        long n = outer * count * inner;
        if (n == 0) return;
        device.launch(Kernels.name(kernel, t), grid(n), block, 0, KernelArgs.of().i64(outer).i64(len).i64(count).i64(inner)
                .ptr(data).ptr(idx).i64(si0).i64(si1).i64(si2).ptr(out).ptr(0));
    }
}
