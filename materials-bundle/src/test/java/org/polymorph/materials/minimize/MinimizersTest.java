package org.polymorph.materials.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** FIRE, L-BFGS and gradient descent on the LJ cluster minima of lj_clusters.json and on a strained LJ crystal. */
class MinimizersTest {
    /** No truncation inside a cluster: rc = 10σ exceeds every LJ38 distance (the oracle's full pair sum). */
    static ForceField clusterField() { return PotentialForceField.of(new LjCut(1.0, 1.0, 10.0, false), 0.5); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cluster(int n) {
        Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) Oracles.parse("oracles/lj_clusters.json").get("clusters")).get(
                Integer.toString(n));
        return ((List<Map<String, Object>>) c.get("verifications")).get(0);
    }

    /** The listed global minimum displaced by uniform noise in ±amp on every coordinate (draws of key). */
    @SuppressWarnings("unchecked")
    static Atoms perturbed(int n, double amp, RandomKey key) {
        List<List<Number>> xyz = (List<List<Number>>) cluster(n).get("coordinates_sigma");
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) r[3 * i + k] = xyz.get(i).get(k).doubleValue() + amp * (2 * key.uniform(3L * i + k) - 1);
        return Atoms.of(r, "A", 1.0, Box.free());
    }

    static double listed(int n) { return ((Number) cluster(n).get("energy_epsilon")).doubleValue(); }

    @Test
    void fireFindsTheClusterMinima() {
        for (int n : new int[] {13, 19, 38}) {
            Atoms start = perturbed(n, 0.05, RandomKey.of(n));
            Relaxation r = Minimizers.fire(clusterField(), new Criteria(1e-6, 1, 20000)).minimize(start);
            System.out.printf("FIRE LJ%d: E = %.10f (listed %.10f), fmax %.1e, %d steps%n", n, r.energy(), listed(n), r.fmax(), r.steps());
            assertTrue(r.converged(), "LJ" + n + " fmax " + r.fmax());
            assertEquals(listed(n), r.energy(), 1e-6, "LJ" + n);
            assertTrue(Double.isNaN(r.stress()));
        }
    }

    @Test
    void lbfgsFindsTheClusterMinima() {
        for (int n : new int[] {13, 19, 38}) {
            Atoms start = perturbed(n, 0.05, RandomKey.of(100 + n));
            Relaxation r = Minimizers.lbfgs(clusterField(), new Criteria(1e-6, 1, 2000)).minimize(start);
            System.out.printf("L-BFGS LJ%d: E = %.10f (listed %.10f), fmax %.1e, %d steps%n", n, r.energy(), listed(n), r.fmax(), r.steps());
            assertTrue(r.converged(), "LJ" + n + " fmax " + r.fmax());
            assertEquals(listed(n), r.energy(), 1e-6, "LJ" + n);
        }
    }

    @Test
    void gradientDescentFindsLj13() {
        Relaxation r = Minimizers.gradientDescent(clusterField(), new Criteria(1e-5, 1, 20000)).minimize(perturbed(13, 0.05, RandomKey.of(3)));
        System.out.printf("GD LJ13: E = %.10f, fmax %.1e, %d steps%n", r.energy(), r.fmax(), r.steps());
        assertTrue(r.converged());
        assertEquals(listed(13), r.energy(), 1e-6);
    }

    /** E/atom of the perfect fcc lattice (lattice constant a, lj/cut rc) as the lattice sum ½Σ_R φ(|R|); dE/da with it. */
    static double[] latticeSum(double a, double rc) {
        double e = 0;
        double de = 0;
        int m = (int) Math.ceil(2 * rc / a) + 1;
        for (int i = -m; i <= m; i++) {
            for (int j = -m; j <= m; j++) {
                for (int k = -m; k <= m; k++) {
                    if (((i + j + k) & 1) != 0 || (i == 0 && j == 0 && k == 0)) continue;
                    double d = 0.5 * a * Math.sqrt(i * i + j * j + k * k);
                    if (d >= rc) continue;
                    double s6 = Math.pow(d, -6);
                    e += 0.5 * 4 * (s6 * s6 - s6);
                    de += 0.5 * 4 * (-12 * s6 * s6 + 6 * s6) / d * (d / a);
                }
            }
        }
        return new double[] {e, de};
    }

    /** The zero-pressure lattice constant: the root of dE/da by bisection where the shells inside rc = 2.5 do not change. */
    static double analyticA0() {
        double lo = 1.45;
        double hi = 1.58;
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double mid = 0.5 * (lo + hi);
            if (latticeSum(mid, 2.5)[1] < 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void cellRelaxationRecoversTheZeroPressureLatticeConstant() {
        double a0 = analyticA0();
        ForceField ff = PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3);
        Atoms perfect = Lattices.build("fcc", 1.55, new int[] {3, 3, 3}, "A", 1.0);
        double[] eps = {-0.03, 0.01, 0, 0.01, -0.02, 0, 0, 0, -0.03};
        Atoms strained = perfect.strained(eps);
        double[] r = strained.positions();
        RandomKey key = RandomKey.of(5);
        for (int i = 0; i < r.length; i++) r[i] += 0.01 * (2 * key.uniform(i) - 1);
        strained = strained.withPositions(r);
        for (String name : new String[] {"lbfgs", "fire"}) {
            // both to 1e-7 in force and stress, within 100 (L-BFGS) and 400 (FIRE) steps (ASE's cell factor N took 302 and 3183 to 1e-6)
            Criteria c = name.equals("lbfgs") ? new Criteria(1e-7, 1e-7, 100) : new Criteria(1e-7, 1e-7, 400);
            CellFilter f = CellFilter.zeroPressure(UnitSystem.LJ);
            Minimizer min = name.equals("lbfgs") ? Minimizers.lbfgs(ff, c, f) : Minimizers.fire(ff, c, f);
            Relaxation res = min.minimize(strained);
            double a = Math.cbrt(res.atoms().box().volume() / 27);
            System.out.printf("%s cell relax: a = %.12f (analytic %.12f), E/atom %.10f (analytic %.10f), fmax %.1e, stress %.1e, %d steps%n",
                    name, a, a0, res.energy() / 108, latticeSum(a0, 2.5)[0] - shiftPerAtom(a0), res.fmax(), res.stress(), res.steps());
            assertTrue(res.converged(), name);
            assertEquals(a0, a, 1e-7, name);
            assertEquals(latticeSum(a0, 2.5)[0] - shiftPerAtom(a0), res.energy() / 108, 1e-9, name + ": E/atom");
            double[] h = res.atoms().box().h();
            double[] g = Box.matmul(h, new double[] {h[0], h[3], h[6], h[1], h[4], h[7], h[2], h[5], h[8]});
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(i == j ? 9 * a0 * a0 : 0, g[3 * i + j], 1e-6 * 9 * a0 * a0, name + ": the sheared cell returns to a cube (metric h·hᵀ)");
                }
            }
        }
    }

    @Test
    void cellRelaxationUnderPressureCompressesToTheAnalyticLatticeConstant() {
        // P(a) = −dE/dV with V = a³/4 per atom: the lattice constant where P = 0.5 ε/σ³, by bisection (P falls with a)
        double target = 0.5;
        double lo = 1.45;
        double hi = 1.5496;
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double mid = 0.5 * (lo + hi);
            double p = -latticeSum(mid, 2.5)[1] / (0.75 * mid * mid);
            if (p > target) lo = mid; else hi = mid;
        }
        double aP = 0.5 * (lo + hi);
        ForceField ff = PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3);
        Atoms start = Lattices.build("fcc", 1.56, new int[] {3, 3, 3}, "A", 1.0);
        Relaxation res = Minimizers.lbfgs(ff, new Criteria(1e-7, 1e-7, 2000), new CellFilter(UnitSystem.LJ, target)).minimize(start);
        double a = Math.cbrt(res.atoms().box().volume() / 27);
        System.out.printf("lbfgs cell relax at P = %.1f: a = %.12f (analytic %.12f), %d steps%n", target, a, aP, res.steps());
        assertTrue(res.converged());
        assertTrue(aP < 1.5496 - 1e-3, "pressure compresses the crystal: " + aP);
        assertEquals(aP, a, 1e-7);
    }

    /** The lj/cut shift (E(rc) subtracted per pair inside rc) per atom at a: ½·n_pairs·φ(rc). */
    static double shiftPerAtom(double a) {
        double s6 = Math.pow(2.5, -6);
        double phiRc = 4 * (s6 * s6 - s6);
        int count = 0;
        int m = 5;
        for (int i = -m; i <= m; i++) for (int j = -m; j <= m; j++) for (int k = -m; k <= m; k++) {
            if (((i + j + k) & 1) != 0 || (i == 0 && j == 0 && k == 0)) continue;
            if (0.5 * a * Math.sqrt(i * i + j * j + k * k) < 2.5) count++;
        }
        return 0.5 * count * phiRc;
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Criteria(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Criteria(1e-3, 1, 0));
        Atoms cluster = perturbed(13, 0.0, RandomKey.of(1));
        assertThrows(IllegalArgumentException.class,
                () -> Minimizers.fire(clusterField(), Criteria.defaults(), CellFilter.zeroPressure(UnitSystem.LJ)).minimize(cluster));
    }
}
