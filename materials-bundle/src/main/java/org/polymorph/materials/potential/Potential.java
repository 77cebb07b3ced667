package org.polymorph.materials.potential;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * An interatomic potential with validated, immutable parameters (LAMMPS's settings and coeff).
 * Two views of one energy, which tests require to agree: {@link #compute}, a fused loop giving
 * energy, forces and virial for MD, and {@link #energy}, the same energy in differentiable ops of
 * positions, cell and parameters, from which autodiff gives forces, stress, Hessians, elastic
 * constants and parameter gradients to any order. Ids are LAMMPS pair styles ({@code lj/cut},
 * {@code sw}, {@code tersoff}, {@code edip}, {@code eam}, ...).
 */
@ConsumerType
public interface Potential {
    /** The LAMMPS pair style, e.g. {@code lj/cut}. */
    String style();

    /** Interaction range (Å): build neighbour lists with at least this cutoff. */
    double cutoff();

    /** Many-body potentials need full lists (each pair in both directions); pair potentials use half lists. */
    boolean needsFullList();

    /** Energy, forces and virial by the fused kernel; {@code nl} must come from a builder with {@link #cutoff()}. */
    Evaluation compute(Atoms atoms, NeighborList nl);

    /**
     * The energy (a scalar Var, eV) as a differentiable function of positions [N, 3], cell [3, 3]
     * and {@code params} (a pytree shaped like {@link #parameters}); types come from {@code atoms}.
     */
    Var energy(Ops ops, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl);

    /** The current parameters as a pytree of Vars (a record of named scalars or arrays). */
    Object parameters(Ops ops);
}
