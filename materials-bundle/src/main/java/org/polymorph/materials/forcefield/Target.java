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

    /** Short name used in reports ("elastic", "pressure", "cohesive", "phonons", "vdos", "rdf"). */
    String kind();

    /** The target values, in the order of {@link #labels()}. */
    double[] values();

    List<String> labels();

    /** The same target with another weight (≥ 0), e.g. for a weight sweep. */
    Target withWeight(double weight);

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
        @Override public Target withWeight(double w) { return new ElasticConstants(c11, c12, c44, structure, latticeConstant, w); }
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
        @Override public Target withWeight(double w) { return new ZeroPressure(structure, latticeConstant, w); }
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
        @Override public Target withWeight(double w) { return new CohesiveEnergy(energyPerAtom, structure, latticeConstant, w); }
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
        @Override public Target withWeight(double w) { return new PhononFrequencies(q, bands, thz, supercell, structure, latticeConstant, w); }
        @Override public double[] values() {
            return java.util.Arrays.stream(thz).flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        @Override public List<String> labels() {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int k = 0; k < q.length; k++) for (int[] g : bands[k]) out.add("q" + java.util.Arrays.toString(q[k]) + " bands " + java.util.Arrays.toString(g));
            return out;
        }
    }

    /**
     * The trajectory of an MD-based target ({@link Vdos}, {@link Rdf}): a {@code cells}³ supercell of the
     * target's structure at its lattice constant, equilibrated by Langevin dynamics (BAOAB, friction
     * 1/(100 dt)) at {@code temperature} (K) for {@code equilibrationSteps} from Maxwell–Boltzmann
     * velocities of {@code seed}, with the starting parameters and not differentiated; then {@code steps}
     * NVE velocity-Verlet steps of {@code timestepFs} (fs) from that fixed state, differentiated w.r.t. the
     * free parameters by reverse mode through the trajectory.
     * @since 1.1.0
     */
    record Md(int cells, double temperature, double timestepFs, int equilibrationSteps, int steps, long seed) {
        public Md {
            if (cells < 1 || cells > 12) throw new IllegalArgumentException("md target: cells = " + cells + "; give 1..12 (2 is 64 atoms of diamond)");
            if (!(temperature > 0 && temperature < 1e5)) throw new IllegalArgumentException("md target: temperature = " + temperature + " K; give a value in (0, 1e5)");
            if (!(timestepFs > 0 && timestepFs <= 10)) throw new IllegalArgumentException("md target: timestep = " + timestepFs + " fs; give a value in (0, 10] (1 fs for Si)");
            if (equilibrationSteps < 0) throw new IllegalArgumentException("md target: equilibration = " + equilibrationSteps + " steps; give >= 0");
            if (steps < 4) throw new IllegalArgumentException("md target: steps = " + steps + "; give >= 4 (1000-2000 at 1 fs for a VDOS)");
        }
    }

    /**
     * The target curve of an MD-based target: either {@code curve} points (x ascending; THz and
     * intensity for a VDOS, Å and g for an RDF), or an MD run under the same {@link Md} settings with
     * the reference potential {@code referenceStyle} (sw, edip, tersoff) read from {@code referenceFile}.
     * Exactly one of the two is given (the other null).
     * @since 1.1.0
     */
    record Source(double[] x, double[] y, String referenceStyle, java.nio.file.Path referenceFile) {
        public Source {
            boolean curve = x != null || y != null;
            boolean ref = referenceStyle != null || referenceFile != null;
            if (curve == ref) throw new IllegalArgumentException("md target: give either a target curve (CSV) or a reference potential (style and file), not both or neither");
            if (curve) {
                if (x == null || y == null || x.length != y.length || x.length < 2) {
                    throw new IllegalArgumentException("md target curve: " + (x == null ? 0 : x.length) + " x and " + (y == null ? 0 : y.length) + " y values; give >= 2 equal-length columns");
                }
                for (int k = 1; k < x.length; k++) {
                    if (!(x[k] > x[k - 1])) throw new IllegalArgumentException("md target curve: x[" + k + "] = " + x[k] + " after " + x[k - 1] + "; give x ascending");
                }
                x = x.clone();
                y = y.clone();
            } else if (referenceStyle == null || referenceFile == null) {
                throw new IllegalArgumentException("md target reference: style " + referenceStyle + ", file " + referenceFile + "; give both (e.g. edip and Si.edip)");
            }
        }
        @Override public double[] x() { return x == null ? null : x.clone(); }
        @Override public double[] y() { return y == null ? null : y.clone(); }
    }

    /**
     * Vibrational density of states: the mass-weighted power spectrum of the NVE velocities (Wiener–Khinchin,
     * as Trajectories.vdos), Gaussian-broadened with standard deviation {@code widthThz} on the grid
     * 0..{@code maxThz} (200 points) and normalised to unit area. The model value is the L2 distance
     * (∫(S − S*)² dν)^½ (THz^−½) to the target curve (normalised the same way); loss: weight · L2².
     * @since 1.1.0
     */
    record Vdos(Md md, Source source, double widthThz, double maxThz, String structure, double latticeConstant, double weight) implements Target {
        public Vdos {
            check(structure, latticeConstant, weight);
            if (!(widthThz > 0 && widthThz < maxThz)) throw new IllegalArgumentException("vdos target: width = " + widthThz + " THz; give 0 < width < max (0.3-0.5 THz)");
            if (!(maxThz > 0 && maxThz <= 1000)) throw new IllegalArgumentException("vdos target: max = " + maxThz + " THz; give a value in (0, 1000] (20 for Si)");
        }
        @Override public String kind() { return "vdos"; }
        @Override public Target withWeight(double w) { return new Vdos(md, source, widthThz, maxThz, structure, latticeConstant, w); }
        @Override public double[] values() { return new double[] {0}; }
        @Override public List<String> labels() { return List.of("L2_vdos"); }
    }

    /**
     * Radial distribution function: the smooth g(r) (Rdf.smooth, Gaussian width {@code widthA} Å) on 100
     * points r_k = (k + ½) rMax/100, averaged over the frames every {@code every} steps of the NVE run
     * (the last included). The model value is the L2 distance (∫(g − g*)² dr)^½ (Å^½); loss: weight · L2².
     * @since 1.1.0
     */
    record Rdf(Md md, Source source, double widthA, double rMax, int every, String structure, double latticeConstant, double weight) implements Target {
        public Rdf {
            check(structure, latticeConstant, weight);
            if (!(widthA > 0 && widthA < 1)) throw new IllegalArgumentException("rdf target: width = " + widthA + " Å; give a value in (0, 1) (0.05-0.1)");
            if (!(rMax > 1 && rMax <= 20)) throw new IllegalArgumentException("rdf target: r_max = " + rMax + " Å; give a value in (1, 20] (5 for Si)");
            if (every < 1 || every > md.steps()) throw new IllegalArgumentException("rdf target: every = " + every + "; give 1.." + md.steps() + " (the MD steps)");
        }
        @Override public String kind() { return "rdf"; }
        @Override public Target withWeight(double w) { return new Rdf(md, source, widthA, rMax, every, structure, latticeConstant, w); }
        @Override public double[] values() { return new double[] {0}; }
        @Override public List<String> labels() { return List.of("L2_rdf"); }
    }

    private static void check(String structure, double a, double weight) {
        if (!Lattices.NAMES.contains(structure) || structure.equals("hcp")) {
            throw new IllegalArgumentException("target structure '" + structure + "'; use diamond, fcc, bcc or sc");
        }
        if (!(a > 0 && Double.isFinite(a))) throw new IllegalArgumentException("target lattice constant " + a + " Å; give a positive value");
        if (!(weight >= 0 && Double.isFinite(weight))) throw new IllegalArgumentException("target weight " + weight + "; give a value >= 0");
    }
}
