package org.polymorph.materials.internal.method;

import java.util.Locale;

/**
 * The runaway rule of the relaxations (md.minimize, md.neb): a structure whose energy fell more than
 * {@value #DROP} eV per atom below where it started has collapsed, not relaxed. No bound state is that
 * deep (cohesive energies stay below 10 eV per atom, lattice energies of ionic solids with formal charges
 * below about 40), while a potential that is unbounded below at short range (Buckingham's −C/r⁶, as in
 * BKS, or opposite point charges) pulls two atoms together without end, its energy finite until they meet.
 * A minimiser then reports "NOT converged" at −10⁷ eV per atom and exits 0; this rule stops it with exit 1
 * naming where (iteration or image) and the atom under the largest force, the one collapsing.
 */
final class Runaway {
    /** The largest fall (eV per atom) below the starting energy that a relaxation may take. */
    static final double DROP = 100;
    /** What to do about it. */
    static final String FIX = "the potential is unbounded below at short range (e.g. Buckingham's -C/r^6): start from a structure with no pair "
            + "of atoms inside its repulsive barrier, or use a potential with a repulsive core";

    private Runaway() { }

    /** Whether {@code energy} (eV) of {@code atoms} atoms is more than {@value #DROP} eV per atom below {@code start}, or not a number. */
    static boolean ranAway(double energy, double start, int atoms) { return !((start - energy) / atoms <= DROP); }

    /** The atom with the largest force of forces f [3N] (eV/Å). */
    static int strongest(double[] f) {
        int atom = 0;
        double most = -1;
        for (int i = 0; i < f.length / 3; i++) {
            double f2 = f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] + f[3 * i + 2] * f[3 * i + 2];
            if (!(f2 <= most)) {
                most = f2;
                atom = i;
            }
        }
        return atom;
    }

    /** The failure: {@code where} names the method and iteration (and image), e.g. "md.neb step 12, image 3". */
    static ArithmeticException failure(String where, double energy, double start, int atoms, double[] forces) {
        int i = strongest(forces);
        double f = Math.sqrt(forces[3 * i] * forces[3 * i] + forces[3 * i + 1] * forces[3 * i + 1] + forces[3 * i + 2] * forces[3 * i + 2]);
        return new ArithmeticException(String.format(Locale.ROOT,
                "%s ran away: the energy fell to %.4g eV per atom from %.4g at the start (more than %.0f eV per atom); atom %d, under the largest "
                        + "force (%.3g eV/Å), is collapsing onto a neighbour; %s", where, energy / atoms, start / atoms, DROP, i, f, FIX));
    }
}
