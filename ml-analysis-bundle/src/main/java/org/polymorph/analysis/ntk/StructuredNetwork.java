package org.polymorph.analysis.ntk;

import org.polymorph.autodiff.AD;

/** The structured-derivatives rules of a network whose layers are known (arXiv 2206.08720 §3.3). */
interface StructuredNetwork {
    double forwardFlopsPerRow();

    /** Y: the sum of every layer's output size for one row. */
    double activationsPerRow();

    /** Multiply-adds per (x1 row, x2 row) pair of the structured contraction. */
    double contractionFlopsPerPair(KernelLayout layout);

    BlockKernel kernel(AD ad, Object params, KernelLayout layout);
}
