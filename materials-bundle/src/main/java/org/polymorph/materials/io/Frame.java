package org.polymorph.materials.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.polymorph.materials.structure.Atoms;

/**
 * One frame of a structure file or trajectory: the atoms, optional per-atom velocities and forces
 * ([3N] in the file's units: Å/ps and eV/Å for LAMMPS metal units; null when the file has none)
 * and the frame's key=value info (extxyz comment keys such as {@code energy}; "timestep" for
 * LAMMPS dumps), in file order.
 */
public record Frame(Atoms atoms, double[] velocities, double[] forces, Map<String, String> info) {
    public Frame {
        if (atoms == null) throw new IllegalArgumentException("Frame: atoms is null");
        int n3 = 3 * atoms.size();
        if (velocities != null && velocities.length != n3) {
            throw new IllegalArgumentException("Frame: velocities need " + n3 + " numbers (3 per atom), got " + velocities.length);
        }
        if (forces != null && forces.length != n3) {
            throw new IllegalArgumentException("Frame: forces need " + n3 + " numbers (3 per atom), got " + forces.length);
        }
        velocities = velocities == null ? null : velocities.clone();
        forces = forces == null ? null : forces.clone();
        info = info == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** Atoms only: no velocities, forces or info. */
    public static Frame of(Atoms atoms) { return new Frame(atoms, null, null, Map.of()); }

    @Override public double[] velocities() { return velocities == null ? null : velocities.clone(); }

    @Override public double[] forces() { return forces == null ? null : forces.clone(); }

    /** The info value {@code energy} (eV) as a number, if present. */
    public OptionalDouble energy() {
        String e = info.get("energy");
        return e == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(e));
    }
}
