package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.Gupta;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code gupta}: second-moment tight binding of Cleri and Rosato, truncated or smoothly switched off. */
public final class GuptaStyle implements PotentialProvider {
    @Override public String style() { return "gupta"; }

    @Override public String description() {
        return "Cleri & Rosato PRB 48, 22 (1993): Σ_i [Σ_j A e^(−p(r/r0−1)) − √(Σ_j ξ² e^(−2q(r/r0−1)))]; cut at cutoff, or switched off from r_on";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.required("A", "eV", "repulsive prefactor"),
                PotentialParameter.required("xi", "eV", "band-energy prefactor"),
                PotentialParameter.required("p", "", "repulsive exponent"),
                PotentialParameter.required("q", "", "band exponent"),
                PotentialParameter.required("r0", "Å", "first-neighbour distance"),
                PotentialParameter.required("cutoff", "Å", "range"),
                PotentialParameter.optional("r_on", "", "Å", "start of the quintic switch (absent: plain truncation at cutoff)"));
    }

    @Override public ListKind listKind() { return ListKind.HALF; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        int t = elements.size();
        double rc = v.real("cutoff");
        double rOn = v.given("r_on") ? v.real("r_on") : rc;
        return rOn == rc ? Gupta.truncated(v.table("A", t), v.table("xi", t), v.table("p", t), v.table("q", t), v.table("r0", t), rc)
                : Gupta.smooth(v.table("A", t), v.table("xi", t), v.table("p", t), v.table("q", t), v.table("r0", t), rOn, rc);
    }
}
