package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.Morse;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code morse}: LAMMPS pair_morse with one D0, α, r0 for every type pair. */
public final class MorseStyle implements PotentialProvider {
    @Override public String style() { return "morse"; }

    @Override public String description() {
        return "D0 [e^(−2α(r−r0)) − 2 e^(−α(r−r0))] for r < cutoff, optionally shifted to 0 there (LAMMPS pair_morse)";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.required("d0", "eV", "well depth"),
                PotentialParameter.required("alpha", "1/Å", "width"),
                PotentialParameter.required("r0", "Å", "equilibrium distance"),
                PotentialParameter.required("cutoff", "Å", "interaction range"),
                PotentialParameter.optional("shift", "false", "", "shift the energy to 0 at the cutoff"));
    }

    @Override public ListKind listKind() { return ListKind.HALF; }
    @Override public boolean rowDecomposable() { return true; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        int t = elements.size();
        return new Morse(v.table("d0", t), v.table("alpha", t), v.table("r0", t), v.real("cutoff"), v.bool("shift"));
    }
}
