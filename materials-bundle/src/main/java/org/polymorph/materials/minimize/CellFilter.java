package org.polymorph.materials.minimize;

import org.polymorph.materials.dynamics.UnitSystem;

/**
 * Relax the cell as well as the positions, towards the hydrostatic {@code pressure} (the unit
 * system's pressure unit: GPa for metal, ε/σ³ for LJ). The cell variables are the deformation
 * gradient scaled by √N (ASE's cell_factor, whose default there is N): their curvature V·B/c² is
 * then Ω·B (volume per atom times bulk modulus), of the order of an atom's, whatever N.
 */
public record CellFilter(UnitSystem units, double pressure) {
    public CellFilter {
        if (units == null) throw new IllegalArgumentException("cell filter: units is null; give UnitSystem.METAL or LJ");
        if (!Double.isFinite(pressure)) throw new IllegalArgumentException("cell filter: pressure = " + pressure + "; give a finite value");
    }

    public static CellFilter zeroPressure(UnitSystem units) { return new CellFilter(units, 0); }
}
