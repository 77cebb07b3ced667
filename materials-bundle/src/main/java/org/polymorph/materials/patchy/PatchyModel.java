package org.polymorph.materials.patchy;

import java.util.List;

/**
 * A patchy-particle model: body types (core spheres plus patches, {@link BodyType}) in 2D or 3D, the number of patch
 * species S and the Morse {@link Cutoff}. The numbers (patch positions, energies, ranges, core repulsion) are
 * {@link PatchyParams}; energies are {@link PatchyEnergy}.
 *
 * <p>Pairs of points on the same body are excluded (as HOOMD and LAMMPS; jax-md's {@code smap.pair} includes them,
 * which shifts reported energies by a constant per body and changes no force).
 *
 * @param dimension    2 or 3
 * @param types        the body types
 * @param patchSpecies S, the size of the Morse matrices
 * @param cutoff       the Morse cut-off
 */
public record PatchyModel(int dimension, List<BodyType> types, int patchSpecies, Cutoff cutoff) {
    public PatchyModel {
        if (dimension != 2 && dimension != 3) throw new IllegalArgumentException("dimension " + dimension + "; give 2 or 3");
        types = List.copyOf(types);
        if (types.isEmpty()) throw new IllegalArgumentException("no body type; give at least one");
        for (BodyType t : types) {
            if (t.dimension() != dimension) throw new IllegalArgumentException("body type " + t.name() + " has " + t.dimension()
                    + "-D cores in a " + dimension + "-D model; give " + dimension + " coordinates per core");
            for (int s : t.patchSpecies()) if (s < 0 || s >= patchSpecies) throw new IllegalArgumentException("body type " + t.name()
                    + " has patch species " + s + "; give 0.." + (patchSpecies - 1));
        }
    }

    /** Coordinates per body: 3 in 2D (x, y, θ), 6 in 3D (x, y, z, ω), see {@link PatchyEnergy}. */
    public int coordinatesPerBody() { return dimension == 2 ? 3 : 6; }
}
