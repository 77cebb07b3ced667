package org.polymorph.example.custompotential.internal;

import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/**
 * The pair style {@code born} as a service: {@code potential=born:A=...,rho=...,sigma=...,C=...,D=...,cutoff=...}.
 * Each of A, ρ, σ, C, D is one value for every type pair, or one per pair in pair_coeff order (1-1, 1-2, …,
 * 1-T, 2-2, …, T-T) separated by '/' (LAMMPS has no mixing rule for born).
 *
 * <p>{@code configurationPolicy = IGNORE}: the component takes no configuration, so SCR never gets Configuration
 * Admin through this bundle's context; Felix would keep a record of that use, and with it this bundle, after the
 * bundle is removed from deploy/.
 */
@Component(service = PotentialProvider.class, property = PotentialProvider.STYLE_PROPERTY + "=" + Born.STYLE,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class BornStyle implements PotentialProvider {
    @Override public String style() { return Born.STYLE; }

    @Override public String description() {
        return "Born–Mayer–Huggins A e^((σ−r)/ρ) − C/r^6 + D/r^8 for r < cutoff, optionally shifted to 0 there (LAMMPS pair_born)";
    }

    @Override public List<PotentialParameter> parameters() {
        String perPair = "; one value, or one per type pair (1-1/1-2/.../T-T)";
        return List.of(PotentialParameter.required("A", "eV", "repulsion prefactor" + perPair),
                PotentialParameter.required("rho", "Å", "repulsion length" + perPair),
                PotentialParameter.required("sigma", "Å", "ionic size" + perPair),
                PotentialParameter.required("C", "eV·Å^6", "dipole–dipole dispersion" + perPair),
                PotentialParameter.required("D", "eV·Å^8", "dipole–quadrupole dispersion" + perPair),
                PotentialParameter.required("cutoff", "Å", "interaction range"),
                PotentialParameter.optional("shift", "false", "", "shift the energy to 0 at the cutoff (pair_modify shift yes)"));
    }

    @Override public ListKind listKind() { return ListKind.HALF; }
    @Override public boolean rowDecomposable() { return true; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        int t = elements.size();
        return new Born(pairs(v, "A", t), pairs(v, "rho", t), pairs(v, "sigma", t), pairs(v, "C", t), pairs(v, "D", t), v.real("cutoff"), v.bool("shift"));
    }

    /** A symmetric [T, T] table from one value or T(T+1)/2 values in pair_coeff order. */
    static double[] pairs(PotentialValues v, String name, int types) {
        int n = types * (types + 1) / 2;
        double[] given = v.values(name);
        if (given.length == 1) return v.table(name, types);
        if (given.length != n) {
            throw new IllegalArgumentException(name + "=" + v.text(name) + ": " + given.length + " values for " + types + " types; give one value, or "
                    + n + " (one per type pair, 1-1/1-2/.../" + types + "-" + types + ")");
        }
        double[] out = new double[types * types];
        for (int i = 0, k = 0; i < types; i++) {
            for (int j = i; j < types; j++, k++) {
                out[i * types + j] = given[k];
                out[j * types + i] = given[k];
            }
        }
        return out;
    }
}
