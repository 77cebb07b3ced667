package org.polymorph.materials.internal.potential.provider;

import org.polymorph.materials.internal.potential.StillingerWeber;

/** {@code sw}: Stillinger–Weber from a LAMMPS .sw file; tol stays fixed in fits. */
public final class SwStyle extends ThreeBodyStyle {
    public SwStyle() { super("sw", StillingerWeber.FILE_PARAMETERS, "tol", StillingerWeber::new, StillingerWeber.Params::of); }

    @Override public String description() {
        return "Stillinger & Weber PRB 31, 5262 (1985) as LAMMPS pair_sw: two-body A ε [B (σ/r)^p − (σ/r)^q] e^(σ/(r−aσ)) + three-body λε (cos θ − cos θ0)² terms";
    }
}
