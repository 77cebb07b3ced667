package org.polymorph.gpu.cpu.internal.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.gpu.einsum.internal.EinsumPairing;
import org.polymorph.gpu.einsum.internal.EinsumSpec;

/**
 * numpy.einsum in float64 over row-major {@code double[]} operands, contracting through a
 * caller-supplied batched GEMM.
 *
 * <p>Spec syntax as numpy: letters a-z, A-Z; explicit output {@code "bij,bjk->bik"} or implicit
 * output (the broadcast axes, then the letters that occur exactly once, in character order:
 * uppercase before lowercase); {@code "..."} broadcast axes with numpy broadcasting (size 1
 * stretches; an explicit output must then contain "..." too); an index repeated within one operand
 * takes its diagonal; whitespace is ignored; any number of operands (at least one). Sizes of a
 * letter must agree exactly across operands (no size-1 stretching for letters).
 *
 * <p>Strategy: take diagonals, sum out indices private to one operand, contract operands pairwise
 * left to right (each pair permuted to [batch, free, contracted] and multiplied with {@link Gemm}),
 * then permute to the output order. Products with a zero-size axis skip the GEMM.
 */
public final class Einsum {
    private Einsum() { }

    /** Row-major batched matrix product: a [batch, m, k] x b [batch, k, n] -> new [batch, m, n]. */
    @FunctionalInterface
    public interface Gemm {
        double[] batchedMatmul(double[] a, double[] b, int batch, int m, int k, int n);

        /** A plain-Java loop GEMM: no native calls; good for small products and tests. */
        static Gemm plainJava() {
            return JavaGemm::multiply;
        }
    }

    /** Output data (row-major) and its shape. */
    public record Result(double[] data, int[] shape) { }

    /** An intermediate: data with one label per axis. */
    private record Term(double[] data, int[] labels, int[] dims) { }

    /**
     * Evaluates {@code spec} on the operands.
     * @param operands row-major data, one per operand; {@code operands[i].length} must equal the
     *                 product of {@code shapes[i]}
     * @param shapes   the operands' shapes (rank 0 = scalar)
     * @throws IllegalArgumentException naming the spec and the problem: bad syntax, wrong operand
     *         count, rank or dimension-size mismatch, output index missing from the inputs or repeated
     */
    public static Result compute(String spec, double[][] operands, int[][] shapes, Gemm gemm) {
        if (spec == null) throw new IllegalArgumentException("einsum: spec is null; pass e.g. \"ij,jk->ik\"");
        checkOperands(spec, operands, shapes);
        EinsumSpec p = EinsumSpec.parse(spec, shapes);
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < operands.length; i++) {
            terms.add(diagonal(squeeze(new Term(operands[i], p.inputs()[i], shapes[i]), p.sizes())));
        }
        int labels = p.sizes().length;
        Term acc = sumOut(terms.get(0), keep(labels, p.output(), terms, 1));
        for (int i = 1; i < terms.size(); i++) {
            List<Term> rest = new ArrayList<>(terms.subList(i + 1, terms.size()));
            rest.add(acc);
            Term next = sumOut(terms.get(i), keep(labels, p.output(), rest, 0));
            acc = contract(acc, next, keep(labels, p.output(), terms, i + 1), gemm);
        }
        acc = sumOut(acc, keep(labels, p.output(), List.of(), 0));
        int[] perm = new int[p.output().length];
        int[] shape = new int[perm.length];
        for (int d = 0; d < perm.length; d++) {
            perm[d] = EinsumPairing.indexOf(acc.labels(), p.output()[d]);
            shape[d] = acc.dims()[perm[d]];
        }
        return new Result(Strided.permute(acc.data(), acc.dims(), perm), shape);
    }

    private static void checkOperands(String spec, double[][] operands, int[][] shapes) {
        if (operands == null || shapes == null || operands.length != shapes.length || operands.length == 0) {
            throw EinsumSpec.bad(spec, "needs at least one operand and one shape per operand, got "
                    + (operands == null ? "null" : operands.length) + " operand(s) and "
                    + (shapes == null ? "null" : shapes.length) + " shape(s)");
        }
        for (int i = 0; i < operands.length; i++) {
            for (int d : shapes[i]) {
                if (d < 0) throw EinsumSpec.bad(spec, "operand " + i + " has a negative size in shape " + Arrays.toString(shapes[i]));
            }
            if (operands[i] == null || operands[i].length != Strided.size(shapes[i])) {
                throw EinsumSpec.bad(spec, "operand " + i + " holds " + (operands[i] == null ? "null" : operands[i].length)
                        + " values but its shape " + Arrays.toString(shapes[i]) + " needs " + Strided.size(shapes[i]));
            }
        }
    }

    /** Labels needed later: the output's and those of terms[from..]. */
    private static boolean[] keep(int labels, int[] output, List<Term> terms, int from) {
        boolean[] k = new boolean[labels];
        for (int l : output) k[l] = true;
        for (int i = from; i < terms.size(); i++) for (int l : terms.get(i).labels()) k[l] = true;
        return k;
    }

    /** Drops size-1 broadcast axes that stretch against a larger (or zero) size elsewhere. */
    private static Term squeeze(Term t, int[] sizes) {
        int[] keepAxes = java.util.stream.IntStream.range(0, t.labels().length)
                .filter(d -> t.labels()[d] < EinsumSpec.ELLIPSIS || t.dims()[d] == sizes[t.labels()[d]]).toArray();
        if (keepAxes.length == t.labels().length) return t;
        int[] labels = Arrays.stream(keepAxes).map(d -> t.labels()[d]).toArray();
        int[] dims = Arrays.stream(keepAxes).map(d -> t.dims()[d]).toArray();
        return new Term(t.data(), labels, dims);   // removing size-1 axes keeps the row-major data
    }

    /** Merges repeated labels into their diagonal (strides of equal labels add up). */
    private static Term diagonal(Term t) {
        int[] unique = Arrays.stream(t.labels()).distinct().toArray();
        if (unique.length == t.labels().length) return t;
        int[] st = Strided.strides(t.dims());
        int[] dims = new int[unique.length];
        int[] strides = new int[unique.length];
        for (int d = 0; d < t.labels().length; d++) {
            int u = EinsumPairing.indexOf(unique, t.labels()[d]);
            dims[u] = t.dims()[d];
            strides[u] += st[d];
        }
        return new Term(Strided.gather(t.data(), dims, strides), unique, dims);
    }

    /** Sums over the axes whose labels are not kept. */
    private static Term sumOut(Term t, boolean[] keep) {
        int rank = t.labels().length;
        int[] kept = java.util.stream.IntStream.range(0, rank).filter(d -> keep[t.labels()[d]]).toArray();
        if (kept.length == rank) return t;
        int[] summed = java.util.stream.IntStream.range(0, rank).filter(d -> !keep[t.labels()[d]]).toArray();
        int[] perm = java.util.stream.IntStream.concat(Arrays.stream(kept), Arrays.stream(summed)).toArray();
        int[] dims = Arrays.stream(kept).map(d -> t.dims()[d]).toArray();
        int outer = Strided.size(dims);
        int block = Strided.size(Arrays.stream(summed).map(d -> t.dims()[d]).toArray());
        double[] moved = Strided.permute(t.data(), t.dims(), perm);
        return new Term(Strided.sumBlocks(moved, outer, block), Arrays.stream(kept).map(d -> t.labels()[d]).toArray(), dims);
    }

    /** One pairwise contraction; labels private to a or b must already be kept ones. */
    private static Term contract(Term a, Term b, boolean[] keep, Gemm gemm) {
        EinsumPairing q = EinsumPairing.of(a.labels(), a.dims(), b.labels(), b.dims(), keep);
        int bt = q.bt(), m = q.m(), k = q.k(), n = q.n();
        double[] out;
        if ((long) bt * m * n == 0 || k == 0) {
            out = new double[Math.multiplyExact(Math.multiplyExact(bt, m), n)];
        } else {
            double[] pa = arrange(a, q.batch(), q.freeA(), q.inner());
            double[] pb = arrange(b, q.batch(), q.inner(), q.freeB());
            out = gemm.batchedMatmul(pa, pb, bt, m, k, n);
            if (out == null || out.length != (long) bt * m * n) {
                throw new IllegalStateException("einsum: gemm returned " + (out == null ? "null" : out.length)
                        + " values for [" + bt + ", " + m + ", " + n + "]");
            }
        }
        return new Term(out, q.labels(), q.dims());
    }

    /** t's data permuted so its axes follow the label groups in order. */
    private static double[] arrange(Term t, List<Integer> g1, List<Integer> g2, List<Integer> g3) {
        return Strided.permute(t.data(), t.dims(), EinsumPairing.order(t.labels(), g1, g2, g3));
    }
}
