package org.polymorph.analysis.ntk;

import java.util.List;
import java.util.function.Function;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * NTK-vector products (arXiv 2206.08720 §3.2, neural-tangents {@code NtkImplementation.NTK_VECTOR_PRODUCTS}):
 * column (b, j) of Θ is J(x1)·(J(x2)ᵀ·e_(b,j)), the JVP at x1 of the VJP at x2, so no Jacobian is stored; columns are
 * vmapped in chunks whose parameter-sized tangents fit {@link #CHUNK_ELEMENTS}. The full kernel is then reduced over
 * the trace and diagonal axes.
 */
final class NtkVectorProducts implements BlockKernel {
    /** Elements of parameter-space tangents held at once (columns per chunk × parameters). */
    static final long CHUNK_ELEMENTS = 1L << 24;
    private final ParamsFunction pf;
    private final KernelLayout layout;

    NtkVectorProducts(ParamsFunction pf, KernelLayout layout) {
        this.pf = pf;
        this.layout = layout;
    }

    /** Columns per vmapped chunk for P parameters. */
    static long chunk(long parameters) { return Math.max(1, CHUNK_ELEMENTS / Math.max(1, parameters)); }

    @Override
    public double[] block(Tensor x1, Tensor x2) {
        TensorService ts = pf.o.tensors();
        int n1 = x1.shape().dim(0);
        int n2 = x2.shape().dim(0);
        int m1 = n1 * pf.outSize;
        int m2 = n2 * pf.outSize;
        Var x1v = pf.constant(x1);
        VjpResult<List<Var>, Var> r2 = pf.ad.vjp(pf.flatOutput(pf.constant(x2), n2), pf.leaves);
        Function<List<Var>, Var> f1 = pf.flatOutput(x1v, n1);
        Function<Var, Var> column = v -> pf.ad.jvp(f1, pf.leaves, r2.pullback().apply(v)).tangent();
        int chunk = (int) Math.min(m2, chunk(pf.parameterCount()));
        Tensor eye = ts.eye(org.polymorph.core.tensor.DType.FLOAT64, m2);
        double[] full = new double[m1 * m2];                      // (n1, out, n2, out)
        for (int c0 = 0; c0 < m2; c0 += chunk) {
            int c1 = Math.min(m2, c0 + chunk);
            Tensor rows = ts.slice(eye, new int[] {c0, 0}, new int[] {c1, m2}, new int[] {1, 1});
            double[] cols = ts.toDoubleArray(pf.ad.vmap(column).apply(pf.constant(rows)).value());   // (c1-c0, m1)
            for (int c = c0; c < c1; c++) {
                for (int r = 0; r < m1; r++) full[r * m2 + c] = cols[(c - c0) * m1 + r];
            }
        }
        return layout.reduce(full, n1, n2);
    }
}
