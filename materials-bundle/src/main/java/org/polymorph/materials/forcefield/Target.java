package org.polymorph.materials.forcefield;

import java.util.List;
import org.polymorph.materials.structure.Lattices;

/**
 * One differentiable loss term of a fit. Each is evaluated on its structure: a Lattices name
 * (diamond, fcc, bcc, sc; one conventional cell, the neighbour list's images make it the infinite
 * crystal) at lattice constant {@code latticeConstant} (Å), scaled by {@code weight} (≥ 0).
 */
public sealed interface Target {
    String structure();

    double latticeConstant();

    double weight();

    /** Short name used in reports ("elastic", "pressure", "cohesive", "phonons"). */
    String kind();

    /** The target values, in the order of {@link #labels()}. */
    double[] values();

    List<String> labels();

    /**
     * Relaxed-ion cubic C11, C12, C44 (GPa, Voigt averages over the cubic-equivalent entries), the
     * internal relaxation differentiated implicitly through the linear solve of Elastic.relaxedIon.
     * Loss: weight · Σ ((C − C*)/C*)².
     */
    record ElasticConstants(double c11, double c12, double c44, String structure, double latticeConstant, double weight) implements Target {
        public ElasticConstants {
            check(structure, latticeConstant, weight);
            if (!(c11 > 0 && c12 > 0 && c44 > 0)) throw new IllegalArgumentException("elastic target: C11, C12, C44 = " + c11 + ", " + c12 + ", " + c44 + " GPa; give positive values");
        }
        @Override public String kind() { return "elastic"; }
        @Override public double[] values() { return new double[] {c11, c12, c44}; }
        @Override public List<String> labels() { return List.of("C11_GPa", "C12_GPa", "C44_GPa"); }
    }

    /**
     * Zero pressure at {@code latticeConstant}: a penalty weight · (P / 1 GPa)², P = −tr σ / 3 of the
     * unrelaxed structure (not an implicit root of P(a) = 0: the other targets are then evaluated at the
     * lattice constant the fit is asked to keep, and the fitted zero-pressure a is reported separately).
     */
    record ZeroPressure(String structure, double latticeConstant, double weight) implements Target {
        public ZeroPressure { check(structure, latticeConstant, weight); }
        @Override public String kind() { return "pressure"; }
        @Override public double[] values() { return new double[] {0}; }
        @Override public List<String> labels() { return List.of("P_GPa"); }
    }

    /** Energy per atom E/N (eV, negative when bound) at the structure. Loss: weight · ((E − E*)/E*)². */
    record CohesiveEnergy(double energyPerAtom, String structure, double latticeConstant, double weight) implements Target {
        public CohesiveEnergy {
            check(structure, latticeConstant, weight);
            if (!(energyPerAtom != 0 && Double.isFinite(energyPerAtom))) throw new IllegalArgumentException("cohesive target: E = " + energyPerAtom + " eV/atom; give a finite non-zero value");
        }
        @Override public String kind() { return "cohesive"; }
        @Override public double[] values() { return new double[] {energyPerAtom}; }
        @Override public List<String> labels() { return List.of("E_eV_per_atom"); }
    }

    /**
     * Phonon frequencies (THz) of the two-atom primitive cell of the diamond (or one-atom fcc/bcc/sc)
     * structure, from a {@code supercell}³ repeat. {@code q[k]} is the wave vector in units of 2π/a
     * (Cartesian: X = (1,0,0), L = (½,½,½)); {@code bands[k]} lists groups of 0-based band indices in
     * ascending frequency order and {@code thz[k]} one target per group. The model value of a group is
     * the mean of its sorted frequencies, so a degenerate group (TA at X = bands 0,1) is a symmetric
     * function of its members and stays differentiable when they cross. Loss: weight · mean ((ν − ν*)/ν*)².
     */
    record PhononFrequencies(double[][] q, int[][][] bands, double[][] thz, int supercell, String structure, double latticeConstant, double weight)
            implements Target {
        public PhononFrequencies {
            check(structure, latticeConstant, weight);
            if (q.length == 0 || q.length != bands.length || q.length != thz.length) {
                throw new IllegalArgumentException("phonon target: " + q.length + " q-points, " + bands.length + " band lists, " + thz.length
                        + " frequency lists; give one of each per q-point");
            }
            for (int k = 0; k < q.length; k++) {
                if (q[k].length != 3 || bands[k].length != thz[k].length) {
                    throw new IllegalArgumentException("phonon target q-point " + k + ": give 3 components and one frequency per band group");
                }
            }
            if (supercell < 2) throw new IllegalArgumentException("phonon target: supercell = " + supercell + "; give >= 2 (3 or 4 is usual)");
        }
        @Override public String kind() { return "phonons"; }
        @Override public double[] values() {
            return java.util.Arrays.stream(thz).flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        @Override public List<String> labels() {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int k = 0; k < q.length; k++) for (int[] g : bands[k]) out.add("q" + java.util.Arrays.toString(q[k]) + " bands " + java.util.Arrays.toString(g));
            return out;
        }
    }

    private static void check(String structure, double a, double weight) {
        if (!Lattices.NAMES.contains(structure) || structure.equals("hcp")) {
            throw new IllegalArgumentException("target structure '" + structure + "'; use diamond, fcc, bcc or sc");
        }
        if (!(a > 0 && Double.isFinite(a))) throw new IllegalArgumentException("target lattice constant " + a + " Å; give a positive value");
        if (!(weight >= 0 && Double.isFinite(weight))) throw new IllegalArgumentException("target weight " + weight + "; give a value >= 0");
    }
}
