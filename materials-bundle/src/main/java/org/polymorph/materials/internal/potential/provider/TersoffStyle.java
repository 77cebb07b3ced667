package org.polymorph.materials.internal.potential.provider;

import org.polymorph.materials.internal.potential.Tersoff;

/** {@code tersoff}: Tersoff from a LAMMPS .tersoff file; m stays fixed in fits. */
public final class TersoffStyle extends ThreeBodyStyle {
    public TersoffStyle() { super("tersoff", Tersoff.FILE_PARAMETERS, "m", Tersoff::new, Tersoff.Params::of); }

    @Override public String description() {
        return "Tersoff PRB 37, 6991 (1988) as LAMMPS pair_tersoff: f_c(r) [A e^(−λ1 r) − b_ij B e^(−λ2 r)] with the bond order b_ij of ζ_ij";
    }
}
