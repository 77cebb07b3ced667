package org.polymorph.materials.patchy;

import java.util.Arrays;

/**
 * A cluster species for {@link EquilibriumYields}: its bodies' types [n], a seeded geometry near its minimum (rows of
 * body coordinates [n][c] as in {@link PatchyEnergy}; in 3D with reference rotations [n][9], null for the identity)
 * and its symmetry number σ (the number of permutations of identical bodies that a proper rotation reproduces: 1 for
 * a heterodimer, 2 for a symmetric homodimer, n for a planar ring of n identical bodies in 2D, 2n for one in 3D).
 * Mirror-image (chiral) minima are distinct species. Body 0 is held at its seeded pose during minimisation.
 * A symmetry number of 0 asks for σ to be found from the minimum ({@link ClusterSymmetry}), and then a chiral
 * minimum of achiral bodies counts twice (its mirror image).
 */
public record ClusterSpecies(String name, int[] types, double[][] seed, double[][] referenceRotations, int symmetryNumber) {
    public ClusterSpecies {
        if (types.length < 2) throw new IllegalArgumentException("cluster " + name + " has " + types.length
                + " bodies; give at least 2 (monomers are always included)");
        if (seed.length != types.length) throw new IllegalArgumentException("cluster " + name + " has " + types.length + " types and "
                + seed.length + " seeded bodies; give one seed row per body");
        if (symmetryNumber < 0) throw new IllegalArgumentException("cluster " + name + ": symmetry number " + symmetryNumber
                + "; give >= 1, or 0 to find it from the minimum");
        types = types.clone();
        seed = Arrays.stream(seed).map(double[]::clone).toArray(double[][]::new);
        referenceRotations = referenceRotations == null ? null : Arrays.stream(referenceRotations).map(double[]::clone).toArray(double[][]::new);
    }

    public int size() { return types.length; }

    /** Bodies of type t in the cluster. */
    public int count(int t) {
        int k = 0;
        for (int v : types) if (v == t) k++;
        return k;
    }

    @Override public int[] types() { return types.clone(); }

    @Override public double[][] seed() { return Arrays.stream(seed).map(double[]::clone).toArray(double[][]::new); }

    @Override public double[][] referenceRotations() {
        return referenceRotations == null ? null : Arrays.stream(referenceRotations).map(double[]::clone).toArray(double[][]::new);
    }
}
