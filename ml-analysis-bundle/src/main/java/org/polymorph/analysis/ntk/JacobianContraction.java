package org.polymorph.analysis.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;

/**
 * Jacobian contraction (arXiv 2206.08720 §3.1, neural-tangents {@code NtkImplementation.JACOBIAN_CONTRACTION}):
 * per parameter leaf, J(x) (n, outputs, P_leaf) by reverse mode (VJPs of the standard basis of the outputs, vmapped),
 * then Θ = Σ_leaves J(x1)·J(x2)ᵀ over the axes of the {@link KernelLayout}.
 */
final class JacobianContraction extends RowStateKernel<List<Tensor>> {
    private final ParamsFunction pf;
    private final KernelLayout layout;
    private final boolean rowwise;

    JacobianContraction(ParamsFunction pf, KernelLayout layout, boolean rowwise) {
        this.pf = pf;
        this.layout = layout;
        this.rowwise = rowwise;
    }

    @Override
    double[] block(List<Tensor> j1, List<Tensor> j2, int n1, int n2) {
        return layout.contractTensors(pf.o.tensors(), j1, j2, n1, n2);
    }

    /** Per leaf, J (n, outSize, leaf shape...). */
    @Override
    List<Tensor> state(Tensor x) {
        int n = x.shape().dim(0);
        Var xv = pf.constant(x);
        List<Var> rows;
        if (rowwise) {
            // One row at a time under vmap (neural-tangents' vmap_axes=0): outSize VJPs of a 1-row forward pass per row.
            Var eye = pf.basis(pf.outSize);
            Function<Var, List<Var>> perRow = xi -> {
                VjpResult<List<Var>, Var> r = pf.ad.vjp(pf.flatOutput(pf.o.expandDims(xi, 0), 1), pf.leaves);
                return pf.ad.vmap(r.pullback()).apply(eye);
            };
            rows = pf.ad.vmap(perRow).apply(xv);
        } else {
            VjpResult<List<Var>, Var> r = pf.ad.vjp(pf.flatOutput(xv, n), pf.leaves);
            rows = pf.ad.vmap(r.pullback()).apply(pf.basis(n * pf.outSize));
        }
        List<Tensor> out = new ArrayList<>(rows.size());
        for (Var v : rows) out.add(v.value());
        return out;
    }
}
