package org.polymorph.analysis.ntk;

import java.util.Locale;

/**
 * How the empirical NTK is computed (neural-tangents' {@code NtkImplementation}; costs from Table 1 of
 * arXiv 2206.08720, with N the rows, O the outputs per row, P the parameters and FP the forward-pass cost of one row).
 */
public enum NtkImplementation {
    /**
     * Jacobian contraction: J(x1) and J(x2) by reverse mode (one VJP per output), then Σ_leaves J1·J2ᵀ.
     * Time ~ N·O·FP + N²·O²·P, memory ~ N·O·P. Best for few parameters or many outputs per parameter.
     */
    JC,
    /**
     * NTK-vector products: Θ·v = J1·(J2ᵀ·v), a VJP followed by a JVP, one per column of Θ; no Jacobian is stored.
     * Time ~ N²·O·FP, memory ~ N·O + P. Best when the network is cheap to evaluate but has many parameters.
     */
    VP,
    /**
     * Structured derivatives: the contraction is formed from the structure of each layer's Jacobian (a dense layer's
     * ∂y/∂W = x ⊗ I gives Θ_W = (x1·x2ᵀ) ⊙ (G1·G2ᵀ), G the cotangents at its output) without materialising J.
     * Only for networks whose layers are known ({@link Ntk#of(org.polymorph.autodiff.AD, org.polymorph.analysis.network.Network, NtkOptions)});
     * for a generic f it falls back to {@link #JC}.
     */
    SD,
    /** The implementation with the fewest estimated FLOPs for the given sizes. */
    AUTO;

    /** The lower-case id used on the command line ({@code jc}, {@code vp}, {@code sd}, {@code auto}). */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Parses an id, case-insensitively; null when unknown. */
    public static NtkImplementation parse(String id) {
        for (NtkImplementation i : values()) if (i.id().equalsIgnoreCase(id.trim())) return i;
        return null;
    }
}
