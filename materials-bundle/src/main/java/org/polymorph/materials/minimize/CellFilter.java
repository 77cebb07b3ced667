package org.polymorph.materials.minimize;

import org.polymorph.materials.dynamics.UnitSystem;

/**
 * Relax the cell as well as the positions, towards the hydrostatic {@code pressure} (the unit
 * system's pressure unit: GPa for metal, ε/σ³ for LJ). The cell variables are scaled by the
 * number of atoms (ASE's cell_factor) so that their gradients are comparable to forces.
 */
public record CellFilter(UnitSystem units, double pressure) {
    public CellFilter {
        if (units == null) throw new IllegalArgumentException("cell filter: units is null; give UnitSystem.METAL or LJ");
        if (!Double.isFinite(pressure)) throw new IllegalArgumentException("cell filter: pressure = " + pressure + "; give a finite value");
    }

    public static CellFilter zeroPressure(UnitSystem units) { return new CellFilter(units, 0); }
}
