package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.tensor.MdKernels;

/**
 * The MD kernels (md_cells.cu, md_forces.cu, md_verlet.cu) through the CUDA service on a device (the
 * subclasses: {@link EmulatedMdKernelsTest} on the CPU emulation, {@link JCudaMdKernelsTest} on a GPU), against
 * brute-force Java references written here: the neighbour list against every (j, image) pair within the
 * cutoff, lj/cut and sw energies, forces and virials on small perturbed crystals in orthogonal and triclinic
 * cells (relative 1e-10), sw forces also against central differences of the reference energy, velocity-Verlet
 * steps against the same steps on the host, list growth, blow-up reports and bad starts.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class MdKernelChecks {
    /** The CUDA service on the device under test. */
    abstract CudaTensorService service();

    /** A crystal: positions [3N] in the cell h (row-major, lattice vectors as columns). */
    record Crystal(double[] x, double[] h) {
        int n() { return x.length / 3; }
    }

    /** reps³ copies of the conventional cell with the fractional basis, lattice constant a, skewed by tilt (xy = xz = yz = tilt·a·reps), atoms jiggled by up to jiggle. */
    static Crystal crystal(double[][] basis, double a, int reps, double tilt, double jiggle, long seed) {
        double l = a * reps;
        double[] h = {l, tilt * l, tilt * l, 0, l, tilt * l, 0, 0, l};
        Random r = new Random(seed);
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < reps; i++) for (int j = 0; j < reps; j++) for (int k = 0; k < reps; k++) {
            for (double[] b : basis) {
                double s0 = (i + b[0]) / reps, s1 = (j + b[1]) / reps, s2 = (k + b[2]) / reps;
                for (int d = 0; d < 3; d++) x.add(h[3 * d] * s0 + h[3 * d + 1] * s1 + h[3 * d + 2] * s2 + jiggle * (2 * r.nextDouble() - 1));
            }
        }
        return new Crystal(x.stream().mapToDouble(Double::doubleValue).toArray(), h);
    }

    static final double[][] FCC = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
    static final double[][] DIAMOND = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5},
        {0.25, 0.25, 0.25}, {0.75, 0.75, 0.25}, {0.75, 0.25, 0.75}, {0.25, 0.75, 0.75}};

    /** Every (j, image m) with 0 < |x_j + h m − x_i| < rc, as {j, m0, m1, m2}, by brute force over images. */
    static List<int[]> bruteNeighbors(Crystal c, int i, double rc) {
        List<int[]> out = new ArrayList<>();
        int k = 3;
        for (int j = 0; j < c.n(); j++) for (int m0 = -k; m0 <= k; m0++) for (int m1 = -k; m1 <= k; m1++) for (int m2 = -k; m2 <= k; m2++) {
            double[] d = displacement(c, i, j, m0, m1, m2);
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (r2 > 0 && r2 < rc * rc) out.add(new int[] {j, m0, m1, m2});
        }
        return out;
    }

    static double[] displacement(Crystal c, int i, int j, int m0, int m1, int m2) {
        double[] d = new double[3];
        for (int a = 0; a < 3; a++) d[a] = c.x[3 * j + a] + c.h[3 * a] * m0 + c.h[3 * a + 1] * m1 + c.h[3 * a + 2] * m2 - c.x[3 * i + a];
        return d;
    }

    /** Energy, forces [3N] and virial [6] of a reference. */
    record Ref(double energy, double[] forces, double[] virial) { }

    /** lj/cut by brute force over pairs (each ordered pair counted half). */
    static Ref ljReference(Crystal c, double eps, double sigma, double rc, boolean shift) {
        int n = c.n();
        double[] f = new double[3 * n];
        double[] w = new double[6];
        double e = 0;
        double offset = shift ? 4 * eps * (Math.pow(sigma / rc, 12) - Math.pow(sigma / rc, 6)) : 0;
        for (int i = 0; i < n; i++) {
            for (int[] nb : bruteNeighbors(c, i, rc)) {
                double[] d = displacement(c, i, nb[0], nb[1], nb[2], nb[3]);
                double r = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                double sr = sigma / r;
                e += 0.5 * (4 * eps * (Math.pow(sr, 12) - Math.pow(sr, 6)) - offset);
                double dEdr = 4 * eps * (-12 * Math.pow(sr, 12) + 6 * Math.pow(sr, 6)) / r;
                // force on i from j: +dE/dr d/r (d points from i to j)
                for (int a = 0; a < 3; a++) f[3 * i + a] += dEdr * d[a] / r;
                addVirial(w, d, d, -0.5 * dEdr / r);
            }
        }
        return new Ref(e, f, w);
    }

    static void addVirial(double[] w, double[] a, double[] b, double s) {
        w[0] += s * a[0] * b[0];
        w[1] += s * a[1] * b[1];
        w[2] += s * a[2] * b[2];
        w[3] += s * a[0] * b[1];
        w[4] += s * a[0] * b[2];
        w[5] += s * a[1] * b[2];
    }

    // Si.sw of LAMMPS: epsilon, sigma, a, lambda, gamma, costheta0, A, B, p, q, tol
    static final double[] SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -1.0 / 3.0, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0};

    /**
     * sw by brute force: E = Σ_i Σ_j φ2/2 + Σ_i Σ_{j<k} φ3, with the gradient of each term by the chain
     * rule on (r_a, r_b, cos θ): ∂cos/∂d_a = d_b/(r_a r_b) − cos d_a/r_a².
     */
    static Ref swReference(Crystal c, double[] p) {
        double eps = p[0], sig = p[1], a = p[2], lambda = p[3], gamma = p[4], cos0 = p[5], bigA = p[6], bigB = p[7], pp = p[8], q = p[9];
        double rc = a * sig;
        int n = c.n();
        double[] f = new double[3 * n];
        double[] w = new double[6];
        double e = 0;
        for (int i = 0; i < n; i++) {
            List<int[]> nbs = bruteNeighbors(c, i, rc);
            int m = nbs.size();
            double[][] d = new double[m][];
            double[] r = new double[m];
            for (int s = 0; s < m; s++) {
                int[] nb = nbs.get(s);
                d[s] = displacement(c, i, nb[0], nb[1], nb[2], nb[3]);
                r[s] = Math.sqrt(d[s][0] * d[s][0] + d[s][1] * d[s][1] + d[s][2] * d[s][2]);
                // φ2(r) = A ε (B (σ/r)^p − (σ/r)^q) exp(σ/(r − aσ))
                double rr = r[s];
                double ex = Math.exp(sig / (rr - rc));
                double u = bigA * eps * (bigB * Math.pow(sig / rr, pp) - Math.pow(sig / rr, q));
                double du = bigA * eps * (-pp * bigB * Math.pow(sig / rr, pp) + q * Math.pow(sig / rr, q)) / rr;
                double dphi = du * ex + u * ex * (-sig / ((rr - rc) * (rr - rc)));
                e += 0.5 * u * ex;
                double[] g = scale(d[s], dphi / rr);
                move(f, i, nbs.get(s)[0], g, 0.5);
                addVirial(w, d[s], g, -0.5);
            }
            for (int s = 0; s < m; s++) for (int t = s + 1; t < m; t++) {
                double ls = Math.exp(gamma * sig / (r[s] - rc)), lt = Math.exp(gamma * sig / (r[t] - rc));
                double dls = -ls * gamma * sig / ((r[s] - rc) * (r[s] - rc)), dlt = -lt * gamma * sig / ((r[t] - rc) * (r[t] - rc));
                double cs = dot(d[s], d[t]) / (r[s] * r[t]);
                double k = lambda * eps * (cs - cos0) * (cs - cos0);
                e += k * ls * lt;
                double dk = 2 * lambda * eps * (cs - cos0) * ls * lt; // ∂φ3/∂cos
                double[] gs = new double[3], gt = new double[3];
                for (int x = 0; x < 3; x++) {
                    double dcs = d[t][x] / (r[s] * r[t]) - cs * d[s][x] / (r[s] * r[s]);
                    double dct = d[s][x] / (r[s] * r[t]) - cs * d[t][x] / (r[t] * r[t]);
                    gs[x] = dk * dcs + k * dls * lt * d[s][x] / r[s];
                    gt[x] = dk * dct + k * ls * dlt * d[t][x] / r[t];
                }
                move(f, i, nbs.get(s)[0], gs, 1.0);
                move(f, i, nbs.get(t)[0], gt, 1.0);
                addVirial(w, d[s], gs, -1);
                addVirial(w, d[t], gt, -1);
            }
        }
        return new Ref(e, f, w);
    }

    /** A term's gradient g = ∂E/∂d with d = x_j − x_i: f_i += g, f_j −= g. */
    static void move(double[] f, int i, int j, double[] g, double s) {
        for (int a = 0; a < 3; a++) {
            f[3 * i + a] += s * g[a];
            f[3 * j + a] -= s * g[a];
        }
    }

    static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    static double[] scale(double[] a, double s) { return new double[] {a[0] * s, a[1] * s, a[2] * s}; }

    private CudaMdTrajectory start(Crystal c, MdKernels.Style style, double[] v, double dt) {
        int n = c.n();
        double[] masses = new double[n];
        java.util.Arrays.fill(masses, 28.0855);
        return (CudaMdTrajectory) service().mdKernels().orElseThrow().nve(new MdKernels.Start(service().fromArray(c.x, n, 3),
                service().fromArray(v, n, 3), new int[n], masses, transpose(c.h), style, dt, 1.0 / 1.0364269e-4));
    }

    /** The SPI takes the lattice vectors as rows; the test's h has them as columns. */
    static double[] transpose(double[] h) {
        return new double[] {h[0], h[3], h[6], h[1], h[4], h[7], h[2], h[5], h[8]};
    }

    private static void assertClose(double[] expected, double[] actual, double scale, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-10 * scale, what + "[" + k + "]");
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    private void assertMatches(Ref ref, CudaMdTrajectory t, String what) {
        MdKernels.Sums s = t.sums();
        assertEquals(ref.energy, s.potentialEnergy(), 1e-10 * Math.abs(ref.energy), what + " energy");
        assertClose(ref.forces, service().toDoubleArray(t.forces()), maxAbs(ref.forces), what + " forces");
        assertClose(ref.virial, s.virial(), maxAbs(ref.virial), what + " virial");
        assertTrue(maxAbs(ref.forces) > 1e-3, what + ": the jiggled crystal has forces");
    }

    @Test
    void neighbourListIsTheBruteForceSetInSmallTriclinicCells() {
        // a 2x2x2 fcc cell of width ~ 7.6 Å with a cutoff of 8.5 Å: rows hold several images of one atom
        Crystal c = crystal(FCC, 3.8, 2, 0.15, 0.1, 7);
        double rc = 8.5;
        try (CudaMdTrajectory t = start(c, new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, rc, false), new double[3 * c.n()], 1e-3)) {
            int[][][] rows = t.neighborRows();
            for (int i = 0; i < c.n(); i++) {
                TreeSet<String> expected = new TreeSet<>(), got = new TreeSet<>();
                for (int[] e : bruteNeighbors(c, i, rc)) expected.add(java.util.Arrays.toString(e));
                for (int[] e : rows[i]) got.add(java.util.Arrays.toString(e));
                assertEquals(rows[i].length, got.size(), "atom " + i + ": no entry twice");
                assertEquals(expected, got, "atom " + i);
                assertTrue(expected.size() > 100, "the cutoff reaches past the cell");
            }
        }
    }

    @Test
    void ljCutOrthogonalAndTriclinicShiftedAndNot() {
        for (double tilt : new double[] {0, 0.2}) {
            for (boolean shift : new boolean[] {false, true}) {
                Crystal c = crystal(FCC, 5.26, 3, tilt, 0.15, 11);
                double rc = 2.5 * 3.4;
                Ref ref = ljReference(c, 0.0104, 3.4, rc, shift);
                try (CudaMdTrajectory t = start(c, new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, rc, shift), new double[3 * c.n()], 1e-3)) {
                    assertMatches(ref, t, "lj/cut tilt " + tilt + " shift " + shift);
                }
            }
        }
    }

    @Test
    void swOrthogonalAndTriclinic() {
        for (double tilt : new double[] {0, 0.1}) {
            Crystal c = crystal(DIAMOND, 5.431, 2, tilt, 0.12, 13);
            Ref ref = swReference(c, SI);
            try (CudaMdTrajectory t = start(c, sw(), new double[3 * c.n()], 1e-3)) {
                assertMatches(ref, t, "sw tilt " + tilt);
            }
        }
    }

    private static MdKernels.StillingerWeber sw() {
        double[][] v = new double[11][];
        for (int k = 0; k < 11; k++) v[k] = new double[] {SI[k]};
        return new MdKernels.StillingerWeber(1, v, SI[1] * SI[2]);
    }

    @Test
    void swReferenceForcesAreMinusTheEnergyGradient() {
        Crystal c = crystal(DIAMOND, 5.431, 2, 0.1, 0.12, 17);
        Ref ref = swReference(c, SI);
        double hstep = 1e-5;
        for (int k : new int[] {0, 7, 100, 191}) {
            double[] plus = c.x.clone(), minus = c.x.clone();
            plus[k] += hstep;
            minus[k] -= hstep;
            double fd = -(swReference(new Crystal(plus, c.h), SI).energy - swReference(new Crystal(minus, c.h), SI).energy) / (2 * hstep);
            assertEquals(fd, ref.forces[k], 1e-6 * Math.max(1, Math.abs(fd)), "component " + k);
        }
    }

    @Test
    void verletStepsMatchAHostLoop() {
        Crystal c = crystal(FCC, 5.26, 3, 0.1, 0.1, 19);
        double rc = 8.5, dt = 2e-3, ftm2v = 1.0 / 1.0364269e-4, m = 28.0855;
        Random r = new Random(5);
        double[] v = new double[3 * c.n()];
        for (int k = 0; k < v.length; k++) v[k] = 2 * r.nextGaussian();
        MdKernels.LjCut lj = new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, rc, true);
        double[] x = c.x.clone(), vh = v.clone();
        double[] f = ljReference(c, 0.0104, 3.4, rc, true).forces;
        try (CudaMdTrajectory t = start(c, lj, v, dt)) {
            t.advance(3);
            for (int s = 0; s < 3; s++) {
                double a = 0.5 * dt * ftm2v / m;
                for (int k = 0; k < x.length; k++) {
                    vh[k] += a * f[k];
                    x[k] += dt * vh[k];
                }
                f = ljReference(new Crystal(x, c.h), 0.0104, 3.4, rc, true).forces;
                for (int k = 0; k < x.length; k++) vh[k] += a * f[k];
            }
            assertEquals(3, t.steps());
            assertEquals(4, t.neighborBuilds());
            assertClose(x, service().toDoubleArray(t.positions()), 1, "positions");
            assertClose(vh, service().toDoubleArray(t.velocities()), maxAbs(vh), "velocities");
            double mv2 = 0;
            for (double u : vh) mv2 += m * u * u;
            assertEquals(mv2, t.sums().massVelocitySquared(), 1e-10 * mv2);
        }
    }

    /** Lists too short for a step's rows grow, and the step (forces and second kick) is redone: the trajectory is the same bit for bit. */
    @Test
    void listsThatOverflowGrowAndTheStepIsRedone() {
        Crystal c = crystal(FCC, 5.26, 3, 0.1, 0.1, 29);
        Random r = new Random(3);
        double[] v = new double[3 * c.n()];
        for (int k = 0; k < v.length; k++) v[k] = 3 * r.nextGaussian();
        MdKernels.LjCut lj = new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, 8.5, true);
        try (CudaMdTrajectory plain = start(c, lj, v, 2e-3); CudaMdTrajectory squeezed = start(c, lj, v, 2e-3)) {
            int room = squeezed.rowCapacity();
            plain.advance(2);
            squeezed.advance(1);
            squeezed.reserve(3);
            squeezed.advance(1);
            assertTrue(squeezed.rowCapacity() > 3 && squeezed.rowCapacity() <= room + 8, "grown to the longest row: " + squeezed.rowCapacity());
            assertEquals(java.util.Arrays.toString(service().toDoubleArray(plain.positions())), java.util.Arrays.toString(service().toDoubleArray(squeezed.positions())));
            assertEquals(java.util.Arrays.toString(service().toDoubleArray(plain.velocities())), java.util.Arrays.toString(service().toDoubleArray(squeezed.velocities())));
            assertEquals(plain.sums().potentialEnergy(), squeezed.sums().potentialEnergy());
            assertEquals(3, squeezed.neighborBuilds());
        }
    }

    @Test
    void aNonFiniteStepNamesTheStepAndTheAtom() {
        Crystal c = crystal(FCC, 5.26, 3, 0, 0, 23);
        double[] v = new double[3 * c.n()];
        v[3 * 5 + 1] = Double.NaN;
        try (CudaMdTrajectory t = start(c, new MdKernels.LjCut(1, new double[] {0.0104}, new double[] {3.4}, 8.5, false), v, 1e-3)) {
            MdKernels.Runaway e = assertThrows(MdKernels.Runaway.class, () -> t.advance(2));
            assertEquals(1, e.step());
            assertEquals(5, e.atom());
            assertTrue(e.getMessage().contains("non-finite position component y"), e.getMessage());
        }
    }

    @Test
    void badStartsNameTheArgument() {
        MdKernels md = service().mdKernels().orElseThrow();
        MdKernels.LjCut lj = new MdKernels.LjCut(1, new double[] {1}, new double[] {1}, 2.5, false);
        double[] h = {10, 0, 0, 0, 10, 0, 0, 0, 10};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> md.nve(new MdKernels.Start(service().fromArray(new double[6], 2, 3),
                service().fromArray(new double[6], 2, 3), new int[] {0, 1}, new double[] {1, 1}, h, lj, 1e-3, 1)));
        assertTrue(e.getMessage().contains("atom 1 has type 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> md.nve(new MdKernels.Start(service().fromArray(new double[6], 2, 3),
                service().fromArray(new double[6], 2, 3), new int[] {0, 0}, new double[] {1, 1}, new double[9], lj, 1e-3, 1)));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> md.nve(new MdKernels.Start(service().fromArray(new double[3], 1, 3),
                service().fromArray(new double[6], 2, 3), new int[] {0, 0}, new double[] {1, 1}, h, lj, 1e-3, 1)));
        assertTrue(e.getMessage().contains("positions has shape"), e.getMessage());
        assertEquals(List.of("lj/cut", "sw"), md.styles());
    }
}
