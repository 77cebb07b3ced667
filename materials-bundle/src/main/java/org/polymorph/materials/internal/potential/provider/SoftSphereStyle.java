package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.SoftSphere;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code soft/sphere} (alias jax-md's {@code soft_sphere}): harmonic or Hertzian contacts. */
public final class SoftSphereStyle implements PotentialProvider {
    @Override public String style() { return "soft/sphere"; }
    @Override public List<String> aliases() { return List.of("soft_sphere"); }

    @Override public String description() {
        return "ε/α (1 − r/σ)^α for r < σ, 0 beyond (jax-md's soft_sphere; α = 2 harmonic, 2.5 Hertzian)";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.required("epsilon", "eV", "contact stiffness"),
                PotentialParameter.required("sigma", "Å", "contact distance (the range)"),
                PotentialParameter.optional("alpha", "2", "", "exponent, > 1"));
    }

    @Override public ListKind listKind() { return ListKind.HALF; }
    @Override public boolean rowDecomposable() { return true; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        int t = elements.size();
        return new SoftSphere(v.table("epsilon", t), v.table("sigma", t), v.real("alpha"));
    }
}
