package org.polymorph.materials.internal.crystal;

import org.polymorph.materials.structure.Atoms;

/** The space group of a structure (as spglib finds it at tolerance {@code symprec}, Å): the seam to the bundle's finder. */
@FunctionalInterface
interface SpaceGroupOf {
    /** International number (1–230) and Hermann–Mauguin symbol, e.g. 227 and Fd-3m. */
    record Classified(int number, String symbol) { }

    Classified classify(Atoms atoms, double symprec);
}
