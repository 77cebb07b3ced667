package org.polymorph.materials.internal.crystal;

import java.util.OptionalDouble;
import org.polymorph.materials.structure.Atoms;

/** Whether two structures are the same crystal (as pymatgen's StructureMatcher decides): the seam to the bundle's matcher. */
@FunctionalInterface
interface SameStructure {
    /** The normalised RMS displacement when {@code a} and {@code b} match; empty when they do not. */
    OptionalDouble rms(Atoms a, Atoms b);
}
