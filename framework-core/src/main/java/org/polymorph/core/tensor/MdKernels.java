package org.polymorph.core.tensor;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Fused molecular-dynamics kernels that a {@link TensorService} may offer beside its tensor ops
 * ({@link TensorService#mdKernels()}): a constant-N, V, E trajectory whose positions, velocities and
 * forces stay in the service's memory (on a GPU, device memory) from step to step; the host reads
 * them, as the service's tensors, only when it asks. Each step is velocity Verlet (Swope et al.,
 * J. Chem. Phys. 76, 637 (1982)): kick dt/2, drift dt, neighbour search and forces, kick dt/2, with
 * the arithmetic of a plain host loop (v += (dt/2 · ftm2v / m) f; x += dt v).
 *
 * <p>Units are the caller's consistent set (LAMMPS metal: Å, eV, ps, amu); {@code ftm2v} converts
 * force/mass to velocity per time (LAMMPS's force->ftm2v). Every axis of the cell is periodic; the
 * cell may be triclinic. Positions are never wrapped into the cell. Arrays are float64, row-major.
 */
@ProviderType
public interface MdKernels {
    /** The interaction styles this service has force kernels for, LAMMPS names (e.g. {@code lj/cut}, {@code sw}). */
    List<String> styles();

    /**
     * An interaction style's parameters. {@link LjCut} and {@link StillingerWeber} are the ones defined
     * here; a service lists the ones it takes in {@link #styles()}.
     */
    sealed interface Style permits LjCut, StillingerWeber {
        /** The LAMMPS style name. */
        String name();

        /** The number of atom types the parameters are for. */
        int types();

        /** The largest interaction distance (length). */
        double cutoff();
    }

    /**
     * LAMMPS {@code lj/cut}: E = Σ_pairs 4ε[(σ/r)¹² − (σ/r)⁶] for r &lt; cutoff, minus E(cutoff) when
     * {@code shift} ({@code pair_modify shift yes}). {@code epsilon} (energy) and {@code sigma} (length)
     * per type pair [T·T], row-major (pair (a, b) at a·T + b), already mixed.
     */
    record LjCut(int types, double[] epsilon, double[] sigma, double cutoff, boolean shift) implements Style {
        public LjCut {
            if (types < 1 || epsilon.length != types * types || sigma.length != types * types) {
                throw new IllegalArgumentException("lj/cut: epsilon and sigma need types^2 = " + types * types + " entries, got "
                        + epsilon.length + " and " + sigma.length);
            }
            if (!(cutoff > 0)) throw new IllegalArgumentException("lj/cut: cutoff = " + cutoff + "; give cutoff > 0");
            epsilon = epsilon.clone();
            sigma = sigma.clone();
        }

        @Override public String name() { return "lj/cut"; }

        @Override public double[] epsilon() { return epsilon.clone(); }

        @Override public double[] sigma() { return sigma.clone(); }
    }

    /**
     * LAMMPS {@code sw} (Stillinger &amp; Weber, Phys. Rev. B 31, 5262 (1985)): {@code values} [11][T³]
     * holds the numbers of the .sw file entries in file order (epsilon, sigma, a, lambda, gamma,
     * costheta0, A, B, p, q, tol), entry (i, j, k) at (i·T + j)·T + k; {@code cutoff} is the largest
     * pair cutoff a·σ (less LAMMPS's tol reduction when tol &gt; 0).
     */
    record StillingerWeber(int types, double[][] values, double cutoff) implements Style {
        /** The number of values of one entry. */
        public static final int ENTRY = 11;

        public StillingerWeber {
            int slots = types * types * types;
            if (types < 1 || values.length != ENTRY) throw new IllegalArgumentException("sw: give " + ENTRY + " rows of values, got " + values.length);
            double[][] copy = new double[ENTRY][];
            for (int k = 0; k < ENTRY; k++) {
                if (values[k].length != slots) throw new IllegalArgumentException("sw: row " + k + " has " + values[k].length + " entries, expected types^3 = " + slots);
                copy[k] = values[k].clone();
            }
            values = copy;
            if (!(cutoff > 0)) throw new IllegalArgumentException("sw: cutoff = " + cutoff + "; give cutoff > 0");
        }

        @Override public String name() { return "sw"; }

        @Override public double[][] values() {
            double[][] copy = new double[ENTRY][];
            for (int k = 0; k < ENTRY; k++) copy[k] = values[k].clone();
            return copy;
        }
    }

    /**
     * What a trajectory starts from: {@code positions} and {@code velocities} [N, 3] FLOAT64 tensors of
     * the service (length, length/time), {@code types} [N] in [0, T), {@code masses} [N] (mass),
     * {@code cell} [9] the periodic cell: the lattice vectors a, b, c as the rows of a row-major 3×3, so
     * that x = s·cell for fractional coordinates s (length; LAMMPS's and materials' Box convention),
     * the time step {@code dt} (time) and {@code ftm2v}.
     */
    record Start(Tensor positions, Tensor velocities, int[] types, double[] masses, double[] cell, Style style, double dt, double ftm2v) {
        public Start {
            types = types.clone();
            masses = masses.clone();
            cell = cell.clone();
        }

        @Override public int[] types() { return types.clone(); }

        @Override public double[] masses() { return masses.clone(); }

        @Override public double[] cell() { return cell.clone(); }
    }

    /**
     * Places the system of {@code start} in the service's memory and computes its forces. Throws
     * {@link IllegalArgumentException} naming the argument for a style not in {@link #styles()},
     * shapes that disagree, a type out of range, a mass ≤ 0 or a singular cell.
     */
    Trajectory nve(Start start);

    /** The sums a thermo row needs, at the trajectory's current step. */
    record Sums(double potentialEnergy, double massVelocitySquared, double[] virial) {
        public Sums {
            if (virial.length != 6) throw new IllegalArgumentException("virial needs 6 components, got " + virial.length);
            virial = virial.clone();
        }

        @Override public double[] virial() { return virial.clone(); }
    }

    /**
     * A velocity-Verlet trajectory resident in the service's memory. Not thread-safe; close it to free
     * its memory (the tensors it returned stay valid).
     */
    interface Trajectory extends AutoCloseable {
        /** The number of atoms N. */
        int atoms();

        /** The steps made since {@link #nve}. */
        long steps();

        /**
         * Makes {@code count} steps. A step after which a position, velocity or force component is not
         * finite, or an atom ran so far that the kernels cannot follow it, throws {@link Runaway} naming the
         * step and the atom; the state is then that step's.
         */
        void advance(int count);

        /** A copy of the positions [N, 3] (length), a tensor of the service. */
        Tensor positions();

        /** A copy of the velocities [N, 3] (length/time). */
        Tensor velocities();

        /** A copy of the forces [N, 3] (energy/length) at the current positions. */
        Tensor forces();

        /**
         * The potential energy (energy), Σ m|v|² (mass·length²/time²; times mvv2e it is twice the
         * kinetic energy) and the virial W = Σ r ⊗ f as LAMMPS defines it (energy; xx, yy, zz, xy, xz, yz).
         */
        Sums sums();

        /** Neighbour-list builds so far (one per force evaluation). */
        long neighborBuilds();

        @Override void close();
    }

    /**
     * A step that left a non-finite position, velocity or force, or an atom too far from a neighbour's image
     * for the kernels to follow: the step (counted from {@link #nve}) and the first such atom.
     */
    final class Runaway extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        private final long step;
        private final int atom;

        public Runaway(long step, int atom, String what) {
            super("step " + step + ": atom " + atom + " " + what);
            this.step = step;
            this.atom = atom;
        }

        /** The step, counted from the trajectory's start. */
        public long step() { return step; }

        /** The atom. */
        public int atom() { return atom; }
    }
}
