package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code lj/cut}: 12-6 Lennard-Jones with per-type ε, σ mixed geometrically (LAMMPS pair_lj_cut, pair_modify mix geometric). */
public final class LjCutStyle implements PotentialProvider {
    @Override public String style() { return "lj/cut"; }

    @Override public String description() {
        return "4ε[(σ/r)^12 − (σ/r)^6] for r < cutoff, optionally shifted to 0 there; per-type ε, σ mixed as √(ε_i ε_j), √(σ_i σ_j)";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.required("epsilon", "eV", "well depth; one value, or one per type separated by '/'"),
                PotentialParameter.required("sigma", "Å", "zero-crossing distance; one value, or one per type separated by '/'"),
                PotentialParameter.required("cutoff", "Å", "interaction range"),
                PotentialParameter.optional("shift", "false", "", "shift the energy to 0 at the cutoff (pair_modify shift yes)"));
    }

    @Override public ListKind listKind() { return ListKind.HALF; }
    @Override public boolean rowDecomposable() { return true; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        return new LjCut(v.perType("epsilon", elements.size()), v.perType("sigma", elements.size()), v.real("cutoff"), v.bool("shift"));
    }
}
