package org.polymorph.materials.internal.crystal;

import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Relaxation;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Relaxes one subcell, positions and cell together, by FIRE with the cell filter at zero pressure (jax-md's demo relaxes
 * positions by FIRE and the cell by gradient descent on the stress; the filter does both in one descent). A subcell the
 * potential cannot relax (two atoms fused, a non-finite energy) is an {@link Outcome} with its failure, not an error:
 * the workflow goes on with the others. Each call builds its own force field, so calls may run on several threads.
 */
final class SubcellRelaxer {
    /**
     * Energies (eV) before and after, the relaxed structure (the start when it failed), FIRE iterations, whether the
     * criteria were met, and why it failed (empty when it did not).
     */
    record Outcome(double initialEnergy, double energy, Atoms atoms, int steps, boolean converged, String failure) {
        boolean failed() { return !failure.isEmpty(); }

        double energyPerAtom() { return energy / atoms.size(); }
    }

    private final Potential potential;
    private final Criteria criteria;

    SubcellRelaxer(Potential potential, Criteria criteria) {
        this.potential = potential;
        this.criteria = criteria;
    }

    Outcome relax(Atoms subcell) {
        double e0 = Double.NaN;
        try {
            e0 = potential.compute(subcell, new NeighborListBuilder(potential.cutoff(), 0, !potential.needsFullList()).build(subcell)).energy();
            if (!Double.isFinite(e0)) return new Outcome(e0, e0, subcell, 0, false, "energy " + e0 + " eV before relaxing");
            Relaxation r = Minimizers.fire(PotentialForceField.of(potential, 0.5), criteria, CellFilter.zeroPressure(UnitSystem.METAL)).minimize(subcell);
            return new Outcome(e0, r.energy(), r.atoms(), r.steps(), r.converged(), "");
        } catch (ArithmeticException | IllegalStateException | IllegalArgumentException e) {
            return new Outcome(e0, Double.NaN, subcell, 0, false, String.valueOf(e.getMessage()));
        }
    }
}
