package org.polymorph.gpu.cuda.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.KernelLauncher.Scratch;
import org.polymorph.gpu.einsum.internal.EinsumPairing;
import org.polymorph.gpu.einsum.internal.EinsumSpec;

/**
 * numpy.einsum on the device for FLOAT32/FLOAT64 operands that live there. The spec is parsed by
 * {@link EinsumSpec}, the parser the host backend uses, and evaluated in the host's order:
 * size-1 broadcast ("...") axes that stretch are dropped (a reshape), an index repeated within one
 * operand becomes its diagonal (one strided copy, the equal axes' strides added), indices private
 * to one operand are summed out ({@code reduce SUM}), then the operands are contracted pairwise
 * left to right, each pair permuted to a [batch, free_a, contracted] x [batch, contracted, free_b]
 * batched matmul (cuBLAS where it loads), and the result is permuted to the output order.
 *
 * <p>Every step is a device op of the given service or a strided-copy kernel, so no value crosses
 * to the host. float32 operands multiply in float32 as {@code matmul} does (the host multiplies in
 * float64 and rounds once), sums over private indices accumulate in float64 as {@code reduce} does.
 */
final class DeviceEinsum {
    private final TensorService ops;
    private final KernelLauncher k;
    private final HostBridge bridge;

    /** An intermediate on the device with one label per axis. */
    private record Term(CudaTensor t, int[] labels, boolean fresh) {
        int[] dims() { return t.shape().toArray(); }
    }

    /**
     * @param ops    the CUDA service whose device ops (reshape, transpose, reduce, matmul, full) run the steps
     * @param k      the kernels, for the diagonal's strided copy
     * @param bridge the allocator path for new device tensors
     */
    DeviceEinsum(TensorService ops, KernelLauncher k, HostBridge bridge) {
        this.ops = ops;
        this.k = k;
        this.bridge = bridge;
    }

    /**
     * The einsum of the operands on the device, or null when they are not all device tensors of one
     * float dtype, the spec does not parse for their shapes, or more distinct indices are used than
     * the strided kernels take ({@link KernelLauncher#MAX_RANK}); the caller then runs the host op,
     * whose message names the problem.
     */
    CudaTensor evaluate(String spec, Tensor... operands) {
        if (spec == null || operands == null || operands.length == 0) return null;
        int[][] shapes = new int[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            if (!(operands[i] instanceof CudaTensor c) || !c.onDevice() || c.rank() > KernelLauncher.MAX_RANK
                    || c.dtype() != operands[0].dtype()) {
                return null;
            }
            shapes[i] = c.shape().toArray();
        }
        EinsumSpec p;
        try {
            p = EinsumSpec.parse(spec, shapes);
        } catch (IllegalArgumentException invalid) {
            return null;
        }
        if (Arrays.stream(p.sizes()).filter(n -> n >= 0).count() > KernelLauncher.MAX_RANK) return null;
        return compute(p, operands);
    }

    private CudaTensor compute(EinsumSpec p, Tensor[] operands) {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < operands.length; i++) {
            terms.add(diagonal(squeeze(new Term((CudaTensor) operands[i], p.inputs()[i], false), p.sizes())));
        }
        int labels = p.sizes().length;
        Term acc = sumOut(terms.get(0), keep(labels, p.output(), terms, 1));
        for (int i = 1; i < terms.size(); i++) {
            List<Term> rest = new ArrayList<>(terms.subList(i + 1, terms.size()));
            rest.add(acc);
            Term next = sumOut(terms.get(i), keep(labels, p.output(), rest, 0));
            acc = contract(acc, next, keep(labels, p.output(), terms, i + 1));
        }
        Term last = sumOut(acc, keep(labels, p.output(), List.of(), 0));
        int[] perm = Arrays.stream(p.output()).map(l -> EinsumPairing.indexOf(last.labels(), l)).toArray();
        boolean identity = IntStream.range(0, perm.length).allMatch(d -> perm[d] == d);
        // a result that is still (a view of) an operand is copied, so einsum always returns a new tensor as the host does;
        // at rank 0 the empty permutation (transpose's "reverse the axes") is the identity too
        return identity && last.fresh() ? last.t() : (CudaTensor) ops.transpose(last.t(), perm);
    }

    /** Labels needed later: the output's and those of terms[from..]. */
    private static boolean[] keep(int labels, int[] output, List<Term> terms, int from) {
        boolean[] keep = new boolean[labels];
        for (int l : output) keep[l] = true;
        for (int i = from; i < terms.size(); i++) for (int l : terms.get(i).labels()) keep[l] = true;
        return keep;
    }

    /** Drops size-1 broadcast axes that stretch against another size (a reshape: same memory). */
    private Term squeeze(Term t, int[] sizes) {
        int[] dims = t.dims();
        int[] kept = IntStream.range(0, dims.length)
                .filter(d -> t.labels()[d] < EinsumSpec.ELLIPSIS || dims[d] == sizes[t.labels()[d]]).toArray();
        if (kept.length == dims.length) return t;
        int[] shape = Arrays.stream(kept).map(d -> dims[d]).toArray();
        return new Term((CudaTensor) ops.reshape(t.t(), shape), Arrays.stream(kept).map(d -> t.labels()[d]).toArray(), t.fresh());
    }

    /** Merges repeated labels into their diagonal: one strided copy whose stride per label is the sum of its axes' strides. */
    private Term diagonal(Term t) {
        int[] unique = Arrays.stream(t.labels()).distinct().toArray();
        if (unique.length == t.labels().length) return t;
        int[] dims = t.dims();
        long[] st = CudaTensorService.strides(dims);
        int[] shape = new int[unique.length];
        long[] strides = new long[unique.length];
        for (int d = 0; d < dims.length; d++) {
            int u = EinsumPairing.indexOf(unique, t.labels()[d]);
            shape[u] = dims[d];
            strides[u] += st[d];
        }
        DType dtype = t.t().dtype();
        CudaTensor out = bridge.allocate(dtype, Shape.of(shape));
        try (Scratch s = k.scratch()) {
            k.copy(s, dtype, shape, t.t().address(), 0, strides, out.address(), 0, CudaTensorService.strides(shape));
        }
        return new Term(out, unique, true);
    }

    /** Sums over the axes whose labels are not kept; the kept axes stay in their order. */
    private Term sumOut(Term t, boolean[] keep) {
        int rank = t.labels().length;
        int[] summed = IntStream.range(0, rank).filter(d -> !keep[t.labels()[d]]).toArray();
        if (summed.length == 0) return t;
        int[] kept = IntStream.range(0, rank).filter(d -> keep[t.labels()[d]]).map(d -> t.labels()[d]).toArray();
        return new Term((CudaTensor) ops.reduce(ReduceOp.SUM, t.t(), false, summed), kept, true);
    }

    /** One pairwise contraction as a batched matmul; labels private to a or b are kept ones by now. */
    private Term contract(Term a, Term b, boolean[] keep) {
        EinsumPairing q = EinsumPairing.of(a.labels(), a.dims(), b.labels(), b.dims(), keep);
        if ((long) q.bt() * q.m() * q.n() == 0 || q.k() == 0) return new Term((CudaTensor) ops.zeros(a.t().dtype(), q.dims()), q.labels(), true);
        Tensor pa = ops.reshape(arrange(a, q.batch(), q.freeA(), q.inner()), q.bt(), q.m(), q.k());
        Tensor pb = ops.reshape(arrange(b, q.batch(), q.inner(), q.freeB()), q.bt(), q.k(), q.n());
        return new Term((CudaTensor) ops.reshape(ops.matmul(pa, pb), q.dims()), q.labels(), true);
    }

    /** t with its axes in the order of the label groups (a transpose, skipped when already in order). */
    private Tensor arrange(Term t, List<Integer> g1, List<Integer> g2, List<Integer> g3) {
        int[] perm = EinsumPairing.order(t.labels(), g1, g2, g3);
        boolean identity = IntStream.range(0, perm.length).allMatch(d -> perm[d] == d);
        return identity ? t.t() : ops.transpose(t.t(), perm);
    }
}
