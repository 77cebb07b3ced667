package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.internal.potential.SoftSphere;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Minimizer;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The starting structure of a2c (jax-md's {@code make_amorphous_utils.random_packed_structure}): the atoms of a
 * composition at uniform random fractional positions in a periodic cell, element by element in the order of the
 * formula, then the overlaps removed by FIRE on harmonic soft spheres of diameter σ (ε = 1 eV, α = 2), until no two
 * atoms are closer than {@link #ACCEPT}·σ or {@code maxIter} FIRE iterations have run (checked every {@link #CHUNK}).
 */
final class RandomPacking {
    /** jax-md stops the soft-sphere descent once the closest pair is beyond 0.95 σ. */
    static final double ACCEPT = 0.95;
    static final int CHUNK = 50;

    /** The packed atoms, the closest distance reached (Å; +∞ when no pair is within 2σ) and the FIRE iterations used. */
    record Packed(Atoms atoms, double closest, int iterations) { }

    private RandomPacking() { }

    /** {@code cell}: the 9 row-major cell components (Å); {@code diameter} σ (Å); {@code seed} of the positions. */
    static Packed pack(Composition c, double[] cell, double diameter, int maxIter, long seed) {
        RandomKey key = RandomKey.of(seed);
        int n = c.atoms();
        int[] types = new int[n];
        double[] masses = new double[c.elements().size()];
        int[] counts = c.counts();
        for (int t = 0, i = 0; t < counts.length; t++) {
            masses[t] = Elements.mass(c.elements().get(t));
            for (int k = 0; k < counts[t]; k++) types[i++] = t;
        }
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] s = {key.uniform(3L * i), key.uniform(3L * i + 1), key.uniform(3L * i + 2)};
            for (int j = 0; j < 3; j++) r[3 * i + j] = s[0] * cell[j] + s[1] * cell[3 + j] + s[2] * cell[6 + j];
        }
        Atoms atoms = new Atoms(r, types, c.elements(), masses, Box.periodic(cell));
        int t = c.elements().size();
        double[] eps = new double[t * t];
        double[] sig = new double[t * t];
        java.util.Arrays.fill(eps, 1.0);
        java.util.Arrays.fill(sig, diameter);
        SoftSphere soft = new SoftSphere(eps, sig, 2.0);
        Minimizer fire = Minimizers.fire(PotentialForceField.of(soft, 0.3 * diameter), new Criteria(1e-8, 1, CHUNK));
        double closest = Distances.closest(atoms, diameter);
        int used = 0;
        while (closest <= ACCEPT * diameter && used < maxIter) {
            var relaxed = fire.minimize(atoms);
            atoms = relaxed.atoms();
            used += relaxed.steps();
            closest = Distances.closest(atoms, diameter);
            if (relaxed.converged()) break;
        }
        // the closest pair, looked for further than σ so that a packing without overlaps reports it too
        return new Packed(atoms, Distances.closest(atoms, 2 * diameter), used);
    }

    /** A cubic cell of edge {@code length} (Å), or of the edge giving {@code density} (g/cm³) to the composition. */
    static double[] cubicCell(Composition c, double length, double density) {
        double a = length;
        if (!(a > 0)) {
            double amu = 0;
            List<String> el = new ArrayList<>(c.elements());
            int[] counts = c.counts();
            for (int k = 0; k < el.size(); k++) amu += counts[k] * Elements.mass(el.get(k));
            // 1 amu/Å³ = 1.66053906660 g/cm³ (CODATA 2018)
            a = Math.cbrt(amu * 1.66053906660 / density);
        }
        return new double[] {a, 0, 0, 0, a, 0, 0, 0, a};
    }
}
