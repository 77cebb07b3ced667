package org.polymorph.gpu.cpu.internal.linalg;

/** A precomputed forward DFT of one length n; immutable and shareable across threads. */
interface FftPlan {
    /** Transform length. */
    int length();

    /** Doubles of scratch space {@link #forward} needs (0 if none). */
    int scratchLength();

    /**
     * In-place forward DFT X[k] = sum_t x[t] exp(-2 pi i k t / n) of re/im[off, off + n).
     * @param scratch at least {@link #scratchLength()} doubles, contents ignored
     */
    void forward(double[] re, double[] im, int off, double[] scratch);
}
