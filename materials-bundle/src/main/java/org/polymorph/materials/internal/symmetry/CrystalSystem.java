package org.polymorph.materials.internal.symmetry;

/** The seven crystal systems, with the space-group numbers each spans (International Tables A). */
enum CrystalSystem {
    TRICLINIC(2), MONOCLINIC(15), ORTHORHOMBIC(74), TETRAGONAL(142), TRIGONAL(167), HEXAGONAL(194), CUBIC(230);

    private final int lastNumber;

    CrystalSystem(int lastNumber) { this.lastNumber = lastNumber; }

    static CrystalSystem of(int number) {
        for (CrystalSystem s : values()) if (number <= s.lastNumber) return s;
        throw new IllegalArgumentException("space-group number " + number + " outside 1-230");
    }
}
