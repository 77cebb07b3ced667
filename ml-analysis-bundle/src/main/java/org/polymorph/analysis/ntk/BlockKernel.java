package org.polymorph.analysis.ntk;

import org.polymorph.core.tensor.Tensor;

/** One algorithm's NTK block for a tile of x1 rows and a tile of x2 rows, in the layout of {@link KernelLayout#shape}. */
interface BlockKernel {
    /** x1 (n1, ...), x2 (n2, ...); the block, C order. Called with the same x1 tile for consecutive x2 tiles. */
    double[] block(Tensor x1, Tensor x2);
}
