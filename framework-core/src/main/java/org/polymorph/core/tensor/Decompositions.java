package org.polymorph.core.tensor;

/** Results of matrix decompositions. Shapes are for input [..., m, n]; k = min(m, n). */
public final class Decompositions {
    private Decompositions() { }

    /** Symmetric eigendecomposition: values [..., n] ascending, vectors [..., n, n] in columns. */
    public record Eigh(Tensor values, Tensor vectors) { }

    /** Reduced QR: q [..., m, k] with orthonormal columns, r [..., k, n] upper triangular. */
    public record QR(Tensor q, Tensor r) { }

    /** Reduced SVD: u [..., m, k], s [..., k] descending, vt [..., k, n]; a = u·diag(s)·vt. */
    public record SVD(Tensor u, Tensor s, Tensor vt) { }

    /** A complex tensor as two real tensors of one shape and dtype. */
    public record Complex(Tensor re, Tensor im) { }
}
