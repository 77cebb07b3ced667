package org.polymorph.materials.patchy;

import java.util.Arrays;

/**
 * One species of patchy particle, in its body frame (origin at the body centre): core spheres at {@code cores}
 * [k][d] (one sphere at the origin for the King–Du particles, three for the self-assembly toolbox's building block)
 * and patches whose species are {@code patchSpecies} [m]; the patch positions themselves are parameters
 * ({@link PatchyParams#patches()}) so that they can be differentiated.
 *
 * @param name         a label for reports
 * @param cores        body-frame core-sphere centres [k][d], length units
 * @param patchSpecies patch species [m], indices into the Morse parameter matrices
 */
public record BodyType(String name, double[][] cores, int[] patchSpecies) {
    public BodyType {
        if (cores.length == 0) throw new IllegalArgumentException("body type " + name + ": no core sphere; give at least one");
        cores = Arrays.stream(cores).map(double[]::clone).toArray(double[][]::new);
        patchSpecies = patchSpecies.clone();
    }

    /** Dimension of the body frame (2 or 3). */
    public int dimension() { return cores[0].length; }

    public int patchCount() { return patchSpecies.length; }

    @Override public double[][] cores() { return Arrays.stream(cores).map(double[]::clone).toArray(double[][]::new); }

    @Override public int[] patchSpecies() { return patchSpecies.clone(); }
}
