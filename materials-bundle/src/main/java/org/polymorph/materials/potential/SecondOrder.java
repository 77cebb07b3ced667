package org.polymorph.materials.potential;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * Second derivatives of a potential's energy from its fused kernel, the loops of {@link Potential#compute} extended
 * by one order: Hessian-vector products in the positions and the mixed products with the potential's parameters.
 * <p><b>Extended coordinates.</b> A neighbour list's ghost atoms ({@link org.polymorph.materials.partition.Ghosts})
 * make the energy a function Ẽ(X) of the N + G extended positions X (Å), each a copy of one atom shifted by whole
 * cell vectors: x_e = r_{owner(e)} + s_e·h. The products are asked for in X, where a kernel's loops live (as its
 * forces before they are folded onto the owners); the caller maps a tangent (Ṙ, ḣ) to Ẋ_e = ṙ_{owner(e)} + s_e·ḣ
 * and a product back to positions (folding) and to the cell (Σ_e s_e ⊗ ·). So one routine serves positions, the
 * cell (stress-dependent losses) and periodic, triclinic and free systems alike.
 * <p><b>Parameters.</b> p [m] is the potential's parameter vector in an order each style documents; for a style
 * that is a {@link FittableStyle} it is the entry's numbers in file order (a number the formulas do not use, such as
 * sw's tol, has zero mixed products).
 * <p>These products are the autodiff rules of the fused-energy primitive: the reverse pass through an MD trajectory
 * takes one {@link #hessianProduct} per step, so a kernel should cost about as much as its force loop.
 */
@ConsumerType
public interface SecondOrder {
    /** m, the length of the parameter vector p. */
    int parameterCount();

    /**
     * Adds to {@code outX} [3(N + G)] (eV/Å per Å of tangent, xyz of each extended atom interleaved)
     * ∂²Ẽ/∂X² · dX + ∂²Ẽ/∂X∂p · dp, and, when {@code outP} [m] is not null, adds ∂²Ẽ/∂p∂X · dX to it (the θθ block
     * is not part of the product).
     *
     * @param atoms the structure; positions and cell as for {@link Potential#compute}
     * @param nl a list from a builder at this potential's cutoff (half or full as {@link Potential#needsFullList})
     * @param dX [3(N + G)] the tangent of the extended positions (Å), in the list's extended order
     * @param dp [m] the tangent of the parameters, or null for none
     */
    void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP);

    /**
     * Several tangents at once (forward mode along several parameter directions): outX[b] += ∂²Ẽ/∂X²·dX[b] +
     * ∂²Ẽ/∂X∂p·dp[b] for every b ({@code dp} null: none). The default takes one {@link #hessianProduct} per tangent; a
     * kernel overrides it to evaluate its pair or triplet terms once for all tangents.
     */
    default void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        for (int b = 0; b < dX.length; b++) hessianProduct(atoms, nl, dX[b], dp == null ? null : dp[b], outX[b], null);
    }
}
