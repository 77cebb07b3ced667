package org.polymorph.materials.internal.m3gnet;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.GatedMlp;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * Plain-array dense layers for {@link M3gnetKernel}: row-major activations x [rows, in], y = x·W + b, and their
 * reverse mode with respect to the input only (the weights are fixed). Rows split into blocks over a fork-join pool
 * when one is given; each row is computed by one thread in a fixed order, so results do not depend on the threads.
 * Both directions run as one product (the reverse one with Wᵀ [out, in], transposed once per layer) that adds every
 * element's terms in ascending order, as the plain dot product does, by fused multiply-adds: in SIMD lanes
 * ({@link VectorLanes}) where the JVM has the Vector API, else as the scalar loops here; the two agree bit for bit.
 * The products run in float64, or in float32 ({@code single}: inputs rounded, float32 sums, as matgl computes), the
 * activations and everything else in float64.
 */
final class Dense {
    /** Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}) and {@link VectorLanes} runs. */
    static final boolean LANES = lanesAvailable();

    private final ForkJoinPool pool;
    private final boolean single;
    private final boolean lanes;
    private final Map<Linear, Matrix> forward = new IdentityHashMap<>();    // W [in, out] and b
    private final Map<Linear, Matrix> transposed = new IdentityHashMap<>(); // Wᵀ [out, in], no bias

    /** {@code pool}: where blocks of rows run, null on the calling thread; float64 products, in lanes where the JVM has them. */
    Dense(ForkJoinPool pool) { this(pool, false, LANES); }

    /**
     * @param single products in float32 (inputs rounded to float32, float32 sums, widened to float64)
     * @param lanes  run in {@link VectorLanes} (requires {@link #LANES}); false runs the scalar loops
     */
    Dense(ForkJoinPool pool, boolean single, boolean lanes) {
        if (lanes && !LANES) throw new IllegalStateException("the Vector API is not in this JVM: start it with --add-modules jdk.incubator.vector");
        this.pool = pool;
        this.single = single;
        this.lanes = lanes;
    }

    private static boolean lanesAvailable() {
        try {
            return VectorLanes.usable();
        } catch (LinkageError e) {                   // jdk.incubator.vector not in the boot layer
            return false;
        }
    }

    /**
     * A layer's matrix [in, out] in the forms the products read: rows as arrays of their own (the scalar loop),
     * row-major and transposed row-major [out, in] (the lanes' wide and narrow products), the same in float32 with
     * the bias (single precision); b [out] or null.
     */
    private record Matrix(double[][] rows, double[] flat, double[] flatT, double[] b, float[] flat32, float[] flatT32, float[] b32, int in, int out) {
        static Matrix of(double[] w, double[] b, int in, int out) {
            double[] t = new double[in * out];
            for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) t[o * in + i] = w[i * out + o];
            return new Matrix(rowsOf(w, in, out), w, t, b, single(w), single(t), b == null ? null : single(b), in, out);
        }

        private static float[] single(double[] a) {
            float[] f = new float[a.length];
            for (int k = 0; k < a.length; k++) f[k] = (float) a[k];
            return f;
        }
    }

    /**
     * What the reverse pass of one gated MLP evaluation needs, and nothing more: the derivatives of the hidden layers'
     * and gates' SiLU at their pre-activations, [depth − 1][rows·out_k] each, and the two factors of the last
     * product out = y ⊙ z, ∂out/∂a = z ⊙ φ'(a) and ∂out/∂g = y ⊙ σ'(g) [rows, out] (a, g the last layer's and
     * gate's pre-activations, φ SiLU or the identity). 2·depth arrays the size of one layer's output, where keeping
     * every activation took 2·depth + 3.
     */
    record Tape(double[][] layerSlope, double[][] gateSlope, double[] lastLayer, double[] lastGate) { }

    interface RowBlock { void run(int lo, int hi); }

    /** Runs {@code body} over rows [0, rows) in blocks. */
    void rows(int rows, RowBlock body) {
        if (pool == null || rows < 64) {
            body.run(0, rows);
            return;
        }
        int blocks = Math.min(rows / 32, 4 * pool.getParallelism());
        pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> body.run((int) ((long) rows * b / blocks), (int) ((long) rows * (b + 1) / blocks))))
                .join();
    }

    /** x·W + b [rows, out]. */
    double[] linear(double[] x, int rows, Linear l) {
        double[] y = new double[rows * l.out()];
        linearInto(x, rows, l, y);
        return y;
    }

    /** y = x·W + b [rows, out], written into {@code y}. */
    void linearInto(double[] x, int rows, Linear l, double[] y) {
        Matrix w = weights(l);
        rows(rows, (lo, hi) -> product(x, lo, w, y, lo, hi - lo, false));
    }

    /** dx = dy·Wᵀ [rows, in]. */
    double[] linearBack(double[] dy, int rows, Linear l) {
        double[] dx = new double[rows * l.in()];
        linearBackAdd(dy, rows, l, dx);
        return dx;
    }

    /** acc += dy·Wᵀ [rows, in] (each element's terms added to it one by one, in ascending order). */
    void linearBackAdd(double[] dy, int rows, Linear l, double[] acc) {
        Matrix wt = transpose(l);
        rows(rows, (lo, hi) -> product(dy, lo, wt, acc, lo, hi - lo, true));
    }

    /**
     * y[yr + i, :] = b + x[xr + i, :]·m (with {@code add}, y[yr + i, :] + x[xr + i, :]·m) for i in [0, count): in
     * float32 when {@code single}, in the lanes where they run and take m's width, else by the scalar loops.
     */
    private void product(double[] x, int xr, Matrix m, double[] y, int yr, int count, boolean add) {
        int in = m.in();
        int out = m.out();
        if (single) {
            if (!lanes) productSingle(x, xr, m.flat32(), m.b32(), y, yr, count, in, out, add);
            else if (VectorLanes.fitsSingle(out)) VectorLanes.productSingle(x, xr, m.flat32(), m.b32(), y, yr, count, in, out, add);
            else VectorLanes.productNarrowSingle(x, xr, m.flatT32(), m.b32(), y, yr, count, in, out, add);
        } else {
            if (!lanes) product(x, xr, m.rows(), m.b(), y, yr, count, in, out, add);
            else if (VectorLanes.fits(out)) VectorLanes.product(x, xr, m.flat(), m.b(), y, yr, count, in, out, add);
            else VectorLanes.productNarrow(x, xr, m.flatT(), m.b(), y, yr, count, in, out, add);
        }
    }

    /**
     * y[yr + i, :] = b + Σ_k x[xr + i, k] m[k, :] for i in [0, count) (x [·, in], y [·, out] row-major, m as its
     * {@code in} rows of length out, b [out] or null; with {@code add}, y[yr + i, :] + Σ_k … instead); each element's terms are added in ascending k after the
     * bias, one at a time as the plain dot product does, each as one fused multiply-add (Math.fma: one rounding per term instead of two; 8% faster than
     * a separate multiply and add here). The loop runs i-k-j: per row, four k at a time, acc += x[r, k]·m[k] + … +
     * x[r, k+3]·m[k+3] over the output columns into a separate accumulator row, loads and multiply-adds along
     * contiguous arrays that the JIT turns into vector instructions. With m's rows and the accumulator as
     * arrays of their own the JIT needs no aliasing checks: 17–19 GFlop/s for [1,516 × 64]·[64 × 64] on an AVX-512 Xeon (12–14 on an AVX2 EPYC),
     * against 4.6 for a 4 × 4 register tile on one array and 9.6 for ND4J's OpenBLAS dgemm on one thread counting the
     * copies to and from its buffers (47 without them).
     */
    private static void product(double[] x, int xr, double[][] m, double[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        double[] acc = new double[out];
        for (int i = 0; i < count; i++) {
            if (add) System.arraycopy(y, (yr + i) * out, acc, 0, out);
            else if (b != null) System.arraycopy(b, 0, acc, 0, out);
            else Arrays.fill(acc, 0);
            int xo = (xr + i) * in;
            int k = 0;
            for (; k + 4 <= in; k += 4) {
                double a0 = x[xo + k];
                double a1 = x[xo + k + 1];
                double a2 = x[xo + k + 2];
                double a3 = x[xo + k + 3];
                double[] m0 = m[k];
                double[] m1 = m[k + 1];
                double[] m2 = m[k + 2];
                double[] m3 = m[k + 3];
                for (int o = 0; o < out; o++) acc[o] = Math.fma(a3, m3[o], Math.fma(a2, m2[o], Math.fma(a1, m1[o], Math.fma(a0, m0[o], acc[o]))));
            }
            for (; k < in; k++) {
                double a = x[xo + k];
                double[] mk = m[k];
                for (int o = 0; o < out; o++) acc[o] = Math.fma(a, mk[o], acc[o]);
            }
            System.arraycopy(acc, 0, y, (yr + i) * out, out);
        }
    }

    /** As {@link VectorLanes#productSingle} by scalar loops: float32 sums from b32 (or 0), widened into y (added with {@code add}). */
    private static void productSingle(double[] x, int xr, float[] w, float[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        float[] acc = new float[out];
        for (int i = 0; i < count; i++) {
            if (b != null) System.arraycopy(b, 0, acc, 0, out);
            else Arrays.fill(acc, 0);
            int xo = (xr + i) * in;
            for (int k = 0; k < in; k++) {
                float a = (float) x[xo + k];
                int wo = k * out;
                for (int o = 0; o < out; o++) acc[o] = Math.fma(a, w[wo + o], acc[o]);
            }
            int yo = (yr + i) * out;
            if (add) for (int o = 0; o < out; o++) y[yo + o] += acc[o];
            else for (int o = 0; o < out; o++) y[yo + o] = acc[o];
        }
    }

    /** The rows of a row-major [rows, cols] matrix as arrays of their own. */
    private static double[][] rowsOf(double[] a, int rows, int cols) {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) out[r] = Arrays.copyOfRange(a, r * cols, (r + 1) * cols);
        return out;
    }

    /** W [in, out] and b of a layer, made on first use. */
    private Matrix weights(Linear l) {
        synchronized (forward) {
            return forward.computeIfAbsent(l, k -> Matrix.of(k.w(), k.b(), k.in(), k.out()));
        }
    }

    /** Wᵀ [out, in] of a layer (no bias), made on first use. */
    private Matrix transpose(Linear l) {
        synchronized (transposed) {
            return transposed.computeIfAbsent(l, k -> Matrix.of(weights(k).flatT(), null, k.out(), k.in()));
        }
    }

    /**
     * matgl's GatedMLP: layers(x) ⊙ gates(x) with SiLU inside, σ on the last gate, SiLU on the last layer if asked;
     * writes the output [rows, out] to {@code out}.
     */
    Tape gated(double[] x, int rows, GatedMlp mlp, double[] out) {
        return gatedFrom(linear(x, rows, mlp.layers().get(0)), linear(x, rows, mlp.gates().get(0)), rows, mlp, out);
    }

    /**
     * As {@link #gated} given the first layer's and the first gate's pre-activations [rows, out_0], which it
     * overwrites with their slopes (they become the tape's first arrays). Rows run through all the layers
     * {@link #CHUNK} at a time, so activations and later pre-activations live only in small per-chunk arrays that
     * stay in cache.
     */
    Tape gatedFrom(double[] layerPre0, double[] gatePre0, int rows, GatedMlp mlp, double[] out) {
        int depth = mlp.layers().size();
        double[][] ls = new double[depth - 1][];
        double[][] gs = new double[depth - 1][];
        for (int k = 0; k < depth - 1; k++) {
            ls[k] = k == 0 ? layerPre0 : new double[rows * mlp.layers().get(k).out()];
            gs[k] = k == 0 ? gatePre0 : new double[rows * mlp.layers().get(k).out()];
        }
        int wl = mlp.layers().get(depth - 1).out();
        double[] dl = depth == 1 ? layerPre0 : new double[rows * wl];
        double[] dg = depth == 1 ? gatePre0 : new double[rows * wl];
        boolean act = mlp.activateLast();
        Matrix[] wa = later(mlp.layers(), false);
        Matrix[] wg = later(mlp.gates(), false);
        rows(rows, (lo, hi) -> {
            int width = widest(mlp);
            double[][] tmp = new double[6][CHUNK * width];
            for (int c0 = lo; c0 < hi; c0 += CHUNK) {
                int count = Math.min(CHUNK, hi - c0);
                double[] a = layerPre0;
                double[] g = gatePre0;
                int row = c0;                                              // row of a and g holding row c0
                for (int k = 0; k < depth - 1; k++) {
                    int w = mlp.layers().get(k).out();
                    silu(a, row * w, tmp[4], ls[k], c0 * w, count * w);
                    silu(g, row * w, tmp[5], gs[k], c0 * w, count * w);
                    double[] na = tmp[2 * (k % 2)];
                    double[] nga = tmp[2 * (k % 2) + 1];
                    product(tmp[4], 0, wa[k + 1], na, 0, count, false);
                    product(tmp[5], 0, wg[k + 1], nga, 0, count, false);
                    a = na;
                    g = nga;
                    row = 0;
                }
                if (lanes) VectorLanes.gate(a, row * wl, g, row * wl, act, out, dl, dg, c0 * wl, count * wl);
                else for (int i = 0; i < count * wl; i++) gateOne(a[row * wl + i], g[row * wl + i], act, out, dl, dg, c0 * wl + i);
            }
        });
        return new Tape(ls, gs, dl, dg);
    }

    /** Rows per pass through all the layers of a gated MLP: 36 rows (6 lane tiles) × 64 features = 18 KB per temporary. */
    private static final int CHUNK = 36;

    /**
     * The last step of a gated MLP at one element: y = SiLU(a) (or a when not {@code act}), z = σ(g); out = y z,
     * ∂out/∂a = z y'(a) to dl[q], ∂out/∂g = y z(1 − z) to dg[q].
     */
    private static void gateOne(double a, double g, boolean act, double[] out, double[] dl, double[] dg, int q) {
        double y = a;
        double yPrime = 1;
        if (act) {
            double s = sigmoid(a);
            y = a * s;
            yPrime = s * (1 + a * (1 - s));
        }
        double z = sigmoid(g);
        out[q] = y * z;
        dl[q] = act ? z * yPrime : z;
        dg[q] = y * (z * (1 - z));
    }

    /** W (or Wᵀ) of layers 1.. of a stack, indexed by layer (index 0 left null). */
    private Matrix[] later(java.util.List<Linear> stack, boolean transposed) {
        Matrix[] w = new Matrix[stack.size()];
        for (int k = 1; k < w.length; k++) w[k] = transposed ? transpose(stack.get(k)) : weights(stack.get(k));
        return w;
    }

    private static int widest(GatedMlp mlp) {
        int w = 0;
        for (Linear l : mlp.layers()) w = Math.max(w, Math.max(l.in(), l.out()));
        return w;
    }

    /**
     * SiLU of pre[off, off + n): x σ(x) to act[0, n) and its derivative σ(x)(1 + x(1 − σ(x))) to slope[to, to + n)
     * ({@code slope} may be {@code pre} itself with to = off).
     */
    private void silu(double[] pre, int off, double[] act, double[] slope, int to, int n) {
        if (lanes) {
            VectorLanes.silu(pre, off, act, slope, to, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double x = pre[off + i];
            double s = sigmoid(x);
            act[i] = x * s;
            slope[to + i] = s * (1 + x * (1 - s));
        }
    }

    /** ∂(Σ dOut ⊙ out)/∂x [rows, in] of a {@link #gated} evaluation. */
    double[] gatedBack(double[] dOut, int rows, GatedMlp mlp, Tape t) {
        double[][] d = gatedBackToFirst(dOut, rows, mlp, t);
        double[] dx = linearBack(d[0], rows, mlp.layers().get(0));
        linearBackAdd(d[1], rows, mlp.gates().get(0), dx);
        return dx;
    }

    /**
     * ∂(Σ dOut ⊙ out)/∂ of the first layer's and the first gate's pre-activations, {[rows, out_0], [rows, out_0]};
     * rows run back through all the layers {@link #CHUNK} at a time.
     */
    double[][] gatedBackToFirst(double[] dOut, int rows, GatedMlp mlp, Tape t) {
        int depth = mlp.layers().size();
        int w0 = mlp.layers().get(0).out();
        int wl = mlp.layers().get(depth - 1).out();
        double[] dy0 = new double[rows * w0];
        double[] dz0 = new double[rows * w0];
        Matrix[] wa = later(mlp.layers(), true);
        Matrix[] wg = later(mlp.gates(), true);
        rows(rows, (lo, hi) -> {
            int width = widest(mlp);
            double[][] tmp = new double[4][CHUNK * width];
            for (int c0 = lo; c0 < hi; c0 += CHUNK) {
                int count = Math.min(CHUNK, hi - c0);
                double[] dy = depth == 1 ? dy0 : tmp[0];
                double[] dz = depth == 1 ? dz0 : tmp[1];
                int row = depth == 1 ? c0 : 0;                              // row of dy and dz holding row c0
                for (int i = 0; i < count * wl; i++) {
                    double x = dOut[c0 * wl + i];
                    dy[row * wl + i] = x * t.lastLayer()[c0 * wl + i];
                    dz[row * wl + i] = x * t.lastGate()[c0 * wl + i];
                }
                for (int k = depth - 2; k >= 0; k--) {
                    int j = (depth - 2 - k) % 2 == 0 ? 2 : 0;                   // the other pair of temporaries
                    double[] ny = k == 0 ? dy0 : tmp[j];
                    double[] nz = k == 0 ? dz0 : tmp[j + 1];
                    int nrow = k == 0 ? c0 : 0;
                    product(dy, row, wa[k + 1], ny, nrow, count, false);
                    product(dz, row, wg[k + 1], nz, nrow, count, false);
                    int w = mlp.layers().get(k + 1).in();
                    double[] ls = t.layerSlope()[k];
                    double[] gsl = t.gateSlope()[k];
                    for (int i = 0; i < count * w; i++) {
                        ny[nrow * w + i] *= ls[c0 * w + i];
                        nz[nrow * w + i] *= gsl[c0 * w + i];
                    }
                    dy = ny;
                    dz = nz;
                    row = nrow;
                }
            }
        });
        return new double[][] {dy0, dz0};
    }

    /** 1/(1 + e^−a) with {@link Exp#exp} (the lanes' sigmoid, bit for bit). */
    static double sigmoid(double a) { return 1 / (1 + Exp.exp(-a)); }

    /** d/da [a σ(a)] = σ(a)(1 + a(1 − σ(a))). */
    static double siluPrime(double a) {
        double s = sigmoid(a);
        return s * (1 + a * (1 - s));
    }

    static double[] silu(double[] a) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = a[k] * sigmoid(a[k]);
        return out;
    }

    static double[] sigmoid(double[] a) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = sigmoid(a[k]);
        return out;
    }

}
