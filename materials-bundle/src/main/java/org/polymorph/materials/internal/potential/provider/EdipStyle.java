package org.polymorph.materials.internal.potential.provider;

import org.polymorph.materials.internal.potential.Edip;

/** {@code edip}: environment-dependent interatomic potential from a LAMMPS .edip file. */
public final class EdipStyle extends ThreeBodyStyle {
    public EdipStyle() { super("edip", Edip.FILE_PARAMETERS, null, Edip::new, Edip.Params::of); }

    @Override public String description() {
        return "EDIP of Justo et al. PRB 58, 2539 (1998) as LAMMPS pair_edip: V2(r, Z) + V3(r_ij, r_ik, Z) with the coordination Z of each atom";
    }
}
