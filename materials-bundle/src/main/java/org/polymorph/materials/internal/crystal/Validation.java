package org.polymorph.materials.internal.crystal;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.polymorph.materials.structure.Atoms;

/**
 * Whether a relaxed subcell is a sound candidate (jax-md's {@code crystallizer_utils.valid_subcell}, with its energy
 * test the right way round): the relaxation did not fail, the energy did not rise by more than {@code eTol} (eV), with
 * element reference energies the formation energy per atom lies within [{@code feLower}, {@code feUpper}] (eV/atom, each
 * end widened by eTol above), and no two atoms (images included) are closer than {@code fusion} (Å).
 * {@code references}: energy per atom (eV) of each element's reference phase; empty: no formation-energy window.
 */
record Validation(double eTol, double feLower, double feUpper, double fusion, Map<String, Double> references) {
    Validation {
        references = Map.copyOf(references);
    }

    /** jax-md's defaults: e_tol 0.001 eV, formation energy in [−5, 0] eV/atom, fusion distance 1.5 Å. */
    static Validation defaults(Map<String, Double> references) { return new Validation(0.001, -5.0, 0.0, 1.5, references); }

    /** Formation energy per atom (eV/atom): (E − Σ_i μ_{el(i)}) / N; empty without references. */
    OptionalDouble formationEnergy(Atoms atoms, double energy) {
        if (references.isEmpty()) return OptionalDouble.empty();
        double e = energy;
        for (int i = 0; i < atoms.size(); i++) e -= references.get(atoms.typeNames().get(atoms.type(i)));
        return OptionalDouble.of(e / atoms.size());
    }

    /** Why {@code o} is rejected, or empty when it is valid. */
    Optional<String> reject(SubcellRelaxer.Outcome o) {
        if (o.failed()) return Optional.of("relaxation failed: " + o.failure());
        if (!(o.energy() <= o.initialEnergy() + eTol)) return Optional.of("energy rose from " + o.initialEnergy() + " to " + o.energy() + " eV");
        OptionalDouble fe = formationEnergy(o.atoms(), o.energy());
        if (fe.isPresent() && (fe.getAsDouble() < feLower || fe.getAsDouble() > feUpper + eTol)) {
            return Optional.of("formation energy " + fe.getAsDouble() + " eV/atom outside [" + feLower + ", " + feUpper + "]");
        }
        double d = Distances.closest(o.atoms(), fusion);
        if (d < fusion) return Optional.of("atoms fused: " + d + " Å apart (fusion distance " + fusion + " Å)");
        return Optional.empty();
    }
}
