package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A kernel whose parameter row can be limited to some parameters: {@link SecondOrder#hessianProduct} with outP's entries p
 * filled where {@code rows[p]} holds (the others get an unspecified finite share or none); for a caller that contracts the
 * row with a Jacobian whose other rows are zero, skipping the terms only they need.
 */
public interface PartialRow {
    void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean[] rows);

    /**
     * A {@link PartialRow} that also takes its tangent on the atoms of a fixed cell and folds its product onto them, for a caller
     * that would otherwise spread dR to the extended atoms and reduce the product back ({@link ExtendedTangents}).
     */
    interface OnAtoms extends PartialRow {
        /**
         * rowR [3N] (set) = reduce(H·spread(dR) + (∂²E/∂X∂p)·dp) for dR [3N] (Å), and outP [parameters] (or null) += the parameter
         * row as {@link PartialRow#hessianProduct} fills it for {@code rows} (null: every row); the numbers of spread, the product
         * on the extended atoms and reduce, to rounding (a kernel may regroup the sums, e.g. sw's adjoint walk).
         */
        void hessianProductOnAtoms(Atoms atoms, NeighborList nl, double[] dR, double[] dp, double[] rowR, double[] outP, boolean[] rows);
    }
}
