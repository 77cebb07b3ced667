package org.polymorph.analysis.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.polymorph.analysis.network.Network;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The empirical (finite-width) neural tangent kernel of f(params, x), Θ(x1, x2) = Σ_leaves ∂f(x1)/∂θ · ∂f(x2)/∂θᵀ,
 * as neural-tangents' {@code empirical_ntk_fn(f, trace_axes, diagonal_axes, vmap_axes, implementation)}.
 * f maps a pytree of parameter Vars and x (n, ...) to outputs (n, o_1, ..., o_k); the kernel has the shape of
 * {@link #shape}: (n1, n2) then, per output axis, nothing (traced), o (diagonal) or (o, o).
 */
public final class Ntk {
    private final AD ad;
    private final BiFunction<Object, Var, Var> f;
    private final NtkOptions options;
    private final StructuredNetwork structured;

    private Ntk(AD ad, BiFunction<Object, Var, Var> f, NtkOptions options, StructuredNetwork structured) {
        if (ad == null || f == null || options == null) throw new IllegalArgumentException("ad, f and options must not be null");
        this.ad = ad;
        this.f = f;
        this.options = options;
        this.structured = structured;
    }

    /** The NTK of any differentiable f(params, x); {@link NtkImplementation#SD} falls back to Jacobian contraction. */
    public static Ntk of(AD ad, BiFunction<Object, Var, Var> f, NtkOptions options) {
        return new Ntk(ad, f, options, null);
    }

    /**
     * The NTK of a {@link Network} with parameters {@code List<Map<String, Tensor>>} (its {@code init} layout): every
     * implementation including {@link NtkImplementation#SD}, whose per-layer rules this network's layers select.
     */
    @SuppressWarnings("unchecked")
    public static Ntk of(AD ad, Network network, NtkOptions options) {
        return new Ntk(ad, (p, x) -> network.apply(ad, (List<Map<String, Var>>) p, x), options, new NetworkStructure(network));
    }

    public NtkOptions options() { return options; }

    /** The kernel's shape for x1 (n1, ...) and x2 (n2, ...) under these options. */
    public int[] shape(Object params, Tensor x1, Tensor x2) {
        return layout(params, x1).shape(x1.shape().dim(0), (x2 == null ? x1 : x2).shape().dim(0));
    }

    /**
     * Estimated FLOPs of each implementation for one block of tiles of these inputs (the whole kernel without tiling);
     * what {@link NtkImplementation#AUTO} compares.
     */
    public Map<NtkImplementation, Double> estimatedFlops(Object params, Tensor x1, Tensor x2) {
        KernelLayout layout = layout(params, x1);
        Tensor y = x2 == null ? x1 : x2;
        int n1 = tile(x1.shape().dim(0));
        int n2 = tile(y.shape().dim(0));
        long p = new ParamsFunction(ad, f, params, layout.outSize()).parameterCount();
        double fp = structured == null ? 2.0 * p : structured.forwardFlopsPerRow();
        double sd = structured == null ? -1 : structured.contractionFlopsPerPair(layout);
        return CostModel.estimate(layout, n1, n2, p, fp, sd);
    }

    /**
     * Estimated dominant memory (bytes) of each implementation for one block of these inputs (after the paper's
     * Table 1; for a generic f the activations per row are taken as its outputs, a lower bound).
     */
    public Map<NtkImplementation, Double> estimatedBytes(Object params, Tensor x1, Tensor x2) {
        KernelLayout layout = layout(params, x1);
        Tensor y = x2 == null ? x1 : x2;
        long rows = tile(x1.shape().dim(0)) + (y == x1 ? 0 : tile(y.shape().dim(0)));
        long p = new ParamsFunction(ad, f, params, layout.outSize()).parameterCount();
        double acts = structured == null ? layout.outSize() : structured.activationsPerRow();
        return CostModel.bytes(layout, rows, p, acts, Math.min((long) tile(y.shape().dim(0)) * layout.outSize(), NtkVectorProducts.chunk(p)));
    }

    /** The implementation that runs: the configured one, or for AUTO the one with the fewest estimated FLOPs. */
    public NtkImplementation resolve(Object params, Tensor x1, Tensor x2) {
        NtkImplementation i = options.implementation();
        if (i == NtkImplementation.AUTO) return CostModel.cheapest(estimatedFlops(params, x1, x2));
        return i == NtkImplementation.SD && structured == null ? NtkImplementation.JC : i;
    }

    /** Θ(x1, x2) (x2 null: x1), float64. */
    public Tensor compute(Object params, Tensor x1, Tensor x2) { return compute(params, x1, x2, (done, total) -> { }); }

    /**
     * Θ(x1, x2) (x2 null: x1), float64, tile by tile; {@code onBlock(done, total)} is called after each (x1 tile, x2 tile)
     * block and may throw to stop (cancellation).
     */
    public Tensor compute(Object params, Tensor x1, Tensor x2, BiConsumer<Integer, Integer> onBlock) {
        Tensor y = x2 == null ? x1 : x2;
        checkInputs(x1, y);
        TensorService ts = ad.ops().tensors();
        KernelLayout layout = layout(params, x1);
        BlockKernel kernel = kernel(resolve(params, x1, y), params, layout);
        int n1 = x1.shape().dim(0);
        int n2 = y.shape().dim(0);
        List<Tensor> tiles1 = tiles(ts, x1);
        List<Tensor> tiles2 = y == x1 ? tiles1 : tiles(ts, y);
        int[] shape = layout.shape(n1, n2);
        long total = layout.blockSize(n1, n2);
        if (total > Integer.MAX_VALUE - 8) {
            throw BadInputException.forParam("x1", Arrays.toString(x1.shape().toArray()), "the kernel " + Arrays.toString(shape)
                    + " has more than 2^31 entries", "use fewer rows, or trace or diagonalise output axes");
        }
        double[] out = new double[(int) total];
        int rest = (int) (total / ((long) n1 * n2));
        int done = 0;
        int blocks = tiles1.size() * tiles2.size();
        int a0 = 0;
        for (Tensor t1 : tiles1) {
            int b0 = 0;
            int r1 = t1.shape().dim(0);
            for (Tensor t2 : tiles2) {
                int r2 = t2.shape().dim(0);
                double[] block = kernel.block(t1, t2);
                for (int a = 0; a < r1; a++) {
                    for (int b = 0; b < r2; b++) {
                        System.arraycopy(block, (a * r2 + b) * rest, out, ((a0 + a) * n2 + b0 + b) * rest, rest);
                    }
                }
                b0 += r2;
                onBlock.accept(++done, blocks);
            }
            a0 += r1;
        }
        return ts.fromArray(out, shape);
    }

    private BlockKernel kernel(NtkImplementation impl, Object params, KernelLayout layout) {
        ParamsFunction pf = new ParamsFunction(ad, f, params, layout.outSize());
        return switch (impl) {
            case VP -> new NtkVectorProducts(pf, layout);
            case SD -> structured.kernel(ad, params, layout);
            default -> new JacobianContraction(pf, layout, options.rowwise());
        };
    }

    private KernelLayout layout(Object params, Tensor x1) {
        TensorService ts = ad.ops().tensors();
        int[] xs = x1.shape().toArray();
        if (xs.length < 1 || xs[0] < 1) {
            throw BadInputException.forParam("x1", Arrays.toString(xs), "inputs need a leading batch axis with at least one row",
                    "give x1 of shape (n, ...) with n >= 1");
        }
        int[] stop = xs.clone();
        stop[0] = 1;
        int[] step = new int[xs.length];
        Arrays.fill(step, 1);
        Tensor row = ts.slice(x1, new int[xs.length], stop, step);
        int[] os = f.apply(ParamsFunction.asVars(params, ad.ops()), ad.ops().constant(row)).shape().toArray();
        if (os.length < 1 || os[0] != 1) {
            throw new IllegalArgumentException("f must map x (n, ...) to outputs (n, ...); one row gave " + Arrays.toString(os));
        }
        return new KernelLayout(Arrays.copyOfRange(os, 1, os.length), options.traceAxes(), options.diagonalAxes());
    }

    private static void checkInputs(Tensor x1, Tensor x2) {
        int[] a = x1.shape().toArray();
        int[] b = x2.shape().toArray();
        if (a.length != b.length || !Arrays.equals(Arrays.copyOfRange(a, 1, a.length), Arrays.copyOfRange(b, 1, b.length))) {
            throw BadInputException.forParam("x2", Arrays.toString(b), "rows of x2 differ in shape from those of x1 " + Arrays.toString(a),
                    "give x2 with the same shape as x1 after the batch axis");
        }
    }

    private int tile(int n) { return options.batchSize() == 0 ? n : Math.min(n, options.batchSize()); }

    private List<Tensor> tiles(TensorService ts, Tensor x) {
        int n = x.shape().dim(0);
        int size = tile(n);
        List<Tensor> out = new ArrayList<>();
        if (size == n) {
            out.add(x);
            return out;
        }
        int[] xs = x.shape().toArray();
        int[] step = new int[xs.length];
        Arrays.fill(step, 1);
        for (int s = 0; s < n; s += size) {
            int[] start = new int[xs.length];
            int[] stop = xs.clone();
            start[0] = s;
            stop[0] = Math.min(n, s + size);
            out.add(ts.slice(x, start, stop, step));
        }
        return out;
    }
}
