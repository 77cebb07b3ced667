package org.polymorph.analysis.ntk;

import org.polymorph.core.tensor.Tensor;

/**
 * A block kernel built from a per-tile state (Jacobians, or layer inputs and cotangents): the state of the x1 tile is
 * kept while the x2 tiles go by, and reused for x2 when it is the same tile.
 */
abstract class RowStateKernel<S> implements BlockKernel {
    private Tensor cachedX;
    private S cached;

    /** The state of one tile of rows x (n, ...). */
    abstract S state(Tensor x);

    /** The block from the states of the two tiles ({@code s2 == s1} when x2 is x1). */
    abstract double[] block(S s1, S s2, int n1, int n2);

    @Override
    public final double[] block(Tensor x1, Tensor x2) {
        if (x1 != cachedX) {
            cached = state(x1);
            cachedX = x1;
        }
        S s2 = x2 == x1 ? cached : state(x2);
        return block(cached, s2, x1.shape().dim(0), x2.shape().dim(0));
    }
}
