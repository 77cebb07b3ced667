package org.polymorph.materials.internal.symmetry;

/**
 * A space-group operation x → W·x + w on fractional coordinates: integer rotation W (row-major) and
 * translation w (fractions of the cell edges).
 */
record Operation(int[] rotation, double[] translation) {
    /** Key of the rotation part, equal for equal matrices. */
    String rotationKey() { return java.util.Arrays.toString(rotation); }
}
