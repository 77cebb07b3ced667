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
}
