package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * lj/cut's one-type kernels against the shared pair walk of its {@link PairSum.SecondTerm} ({@link PairSum#hessianProducts}, the
 * formulas of the several-type path): the adjoint's product with its parameter row ({@link LjCut#hessianProduct}) and its form
 * on the atoms ({@link LjCut#hessianProductOnAtoms}, equal to spread, product and reduce value for value) to 1e-13 relative to
 * the largest component; the two-tangent walk ({@link LjCut#forceAndTangents}, k = 2) to 1e-13, its forces equal to
 * {@link LjCut#compute}'s bit for bit, with and without parameter tangents, twice on the same instance and list (its kept atom map);
 * several types on the atoms equal to the shared walk between spread and reduce value for value;
 * and the product on the atoms against central differences of the forces in the positions and in (ε, σ) to 1e-7. Periodic
 * (shifted and not), triclinic and free 4×4×4 argon, rattled.
 */
class LjCutOneTypeKernelsTest {
    private static final double TOL = 1e-13;

    private static Atoms argon() { return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 5.26, new int[] {4, 4, 4}, "Ar", 39.948), 0.25, 11); }

    private static NeighborList list(LjCut p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 1.0, true).build(a); }

    private static double[] random(SplittableRandom rnd, int size, double amp) {
        double[] v = new double[size];
        for (int c = 0; c < size; c++) v[c] = amp * (rnd.nextDouble() - 0.5);
        return v;
    }

    private static void close(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double worst = 0, scale = 0;
        for (int c = 0; c < want.length; c++) {
            worst = Math.max(worst, Math.abs(want[c] - got[c]));
            scale = Math.max(scale, Math.abs(want[c]));
        }
        assertTrue(scale > 0, what + ": all zero");
        assertTrue(worst <= tol * scale, what + ": differs by " + worst + " (scale " + scale + ")");
    }

    /** The product on the extended atoms and its row, by lj/cut's kernel and by the shared pair walk. */
    private static void products(String name, LjCut lj, Atoms a, long seed) {
        NeighborList nl = list(lj, a);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n3 = 3 * a.size(), ext = 3 * nl.ghosts().extended();
        double[] dR = random(rnd, n3, 1);
        double[] dX = ExtendedTangents.spread(nl.ghosts(), dR, null);
        for (double[] dp : new double[][] {null, {0.003, -0.04}}) {
            String what = name + (dp == null ? "" : " with parameter tangent");
            double[] want = new double[ext], wantP = new double[2], got = new double[ext], gotP = new double[2];
            PairSum.hessianProducts("lj/cut", a, nl, lj.cutoff(), lj.secondTerm(a), new double[][] {dX}, dp == null ? null : new double[][] {dp},
                    new double[][] {want}, wantP);
            lj.hessianProduct(a, nl, dX, dp, got, gotP);
            close(want, got, TOL, what + ": H·dX");
            close(wantP, gotP, TOL, what + ": parameter row");
            // on the atoms: spread, the product on a zeroed array and reduce, value for value
            double[] row = new double[n3], onAtoms = new double[n3], rowP = new double[2];
            ExtendedTangents.reduce(nl.ghosts(), got, row, null);
            lj.hessianProductOnAtoms(a, nl, dR, dp, onAtoms, rowP, null);
            for (int c = 0; c < n3; c++) assertTrue(row[c] == onAtoms[c], what + ": on the atoms, component " + c + ": " + onAtoms[c] + " vs " + row[c]);
            assertTrue(rowP[0] == gotP[0] && rowP[1] == gotP[1], what + ": on the atoms, parameter row");
            double[] limited = new double[2];
            lj.hessianProductOnAtoms(a, nl, dR, dp, onAtoms, limited, new boolean[] {true, false});
            assertEquals(rowP[0], limited[0], 0.0, what + ": the ε row when only it is asked");
        }
    }

    /** The two-tangent walk against the batched shared walk and the force loop. */
    private static void twoTangents(String name, LjCut lj, Atoms a, long seed) {
        NeighborList nl = list(lj, a);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = a.size(), ext = 3 * nl.ghosts().extended();
        double[] dT = random(rnd, 6 * n, 1);
        double[] forceLoop = lj.compute(a, nl).forces();
        for (double[][] dp : new double[][][] {null, {{1, 0}, {0, 1}}, {{0.02, -0.3}, {-0.01, 0.5}}}) {
            String what = name + (dp == null ? "" : " with parameter tangents " + java.util.Arrays.deepToString(dp));
            double[][] dX = new double[2][], want = new double[2][ext];
            for (int b = 0; b < 2; b++) {
                double[] one = new double[3 * n];
                for (int i = 0; i < n; i++) System.arraycopy(dT, (2 * i + b) * 3, one, 3 * i, 3);
                dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
            }
            PairSum.hessianProducts("lj/cut", a, nl, lj.cutoff(), lj.secondTerm(a), dX, dp, want, null);
            for (int round = 0; round < 2; round++) {
                double[] outT = new double[6 * n], forces = new double[3 * n];
                lj.forceAndTangents(a, nl, 2, dT, dp, outT, round == 0 ? forces : null);
                for (int b = 0; b < 2; b++) {
                    double[] row = new double[3 * n], got = new double[3 * n];
                    ExtendedTangents.reduce(nl.ghosts(), want[b], row, null);
                    for (int i = 0; i < n; i++) System.arraycopy(outT, (2 * i + b) * 3, got, 3 * i, 3);
                    close(row, got, TOL, what + ", round " + round + ", tangent " + b);
                }
                if (round == 0) {
                    for (int c = 0; c < 3 * n; c++) assertTrue(forces[c] == forceLoop[c], what + ": force component " + c + " " + forces[c] + " vs " + forceLoop[c]);
                }
            }
        }
    }

    /** H·dR = −dF/dR·dR and (∂²E/∂p∂R)·dR = −d(F·dR)/dp by central differences of compute's forces. */
    private static void differences(String name, double eps, double sigma, double rc, boolean shift, Atoms a, long seed) {
        LjCut lj = new LjCut(eps, sigma, rc, shift);
        NeighborList nl = list(lj, a);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n3 = 3 * a.size();
        double[] dR = random(rnd, n3, 1), row = new double[n3], rowP = new double[2];
        lj.hessianProductOnAtoms(a, nl, dR, null, row, rowP, null);
        double h = 1e-5;
        double[] r = a.positions(), plus = r.clone(), minus = r.clone();
        for (int c = 0; c < n3; c++) {
            plus[c] += h * dR[c];
            minus[c] -= h * dR[c];
        }
        double[] fp = lj.compute(a.withPositions(plus), nl).forces(), fm = lj.compute(a.withPositions(minus), nl).forces();
        double[] fd = new double[n3];
        for (int c = 0; c < n3; c++) fd[c] = -(fp[c] - fm[c]) / (2 * h);
        close(fd, row, 1e-7, name + ": H·dR against differences");
        double[] fdP = new double[2];
        double[][] steps = {{eps * 1e-5, 0}, {0, sigma * 1e-5}};
        for (int q = 0; q < 2; q++) {
            double[] s = steps[q];
            double[] up = new LjCut(eps + s[0], sigma + s[1], rc, shift).compute(a, nl).forces();
            double[] down = new LjCut(eps - s[0], sigma - s[1], rc, shift).compute(a, nl).forces();
            double d = 0;
            for (int c = 0; c < n3; c++) d += (up[c] - down[c]) * dR[c];
            fdP[q] = -d / (2 * (s[0] + s[1]));
        }
        assertEquals(fdP[0], rowP[0], 1e-7 * Math.abs(fdP[0]), name + ": the ε row against differences");
        assertEquals(fdP[1], rowP[1], 1e-7 * Math.abs(fdP[1]), name + ": the σ row against differences");
    }

    @Test
    void productsEqualTheSharedWalk() {
        Atoms ar = argon();
        products("periodic", new LjCut(0.0104, 3.4, 8.5, false), ar, 1);
        products("shifted", new LjCut(0.0104, 3.4, 6.0, true), ar, 2);
        products("triclinic", new LjCut(0.0104, 3.4, 8.5, false), SecondOrderKernelsTest.triclinic(ar, 0.1, -0.08, 0.05), 3);
        products("free", new LjCut(0.0104, 3.4, 8.5, false), SecondOrderKernelsTest.free(ar), 4);
    }

    @Test
    void twoTangentWalkEqualsTheSharedWalkAndTheForceLoop() {
        Atoms ar = argon();
        twoTangents("periodic", new LjCut(0.0104, 3.4, 8.5, false), ar, 5);
        twoTangents("shifted", new LjCut(0.0104, 3.4, 6.0, true), ar, 6);
        twoTangents("triclinic", new LjCut(0.0104, 3.4, 8.5, false), SecondOrderKernelsTest.triclinic(ar, 0.1, -0.08, 0.05), 7);
        twoTangents("free", new LjCut(0.0104, 3.4, 8.5, false), SecondOrderKernelsTest.free(ar), 8);
    }

    /** Several types take the shared walk on the atoms too: spread, product and reduce, value for value, twice (its kept buffers). */
    @Test
    void twoTypesOnTheAtomsEqualSpreadProductReduce() {
        Atoms mixed = SecondOrderKernelsTest.twoTypes(argon());
        LjCut lj = new LjCut(new double[] {0.0104, 0.02}, new double[] {3.4, 3.1}, 8.5, true);
        NeighborList nl = list(lj, mixed);
        SplittableRandom rnd = new SplittableRandom(12);
        int n3 = 3 * mixed.size();
        double[] dp = random(rnd, 4, 0.05);
        for (int round = 0; round < 2; round++) {
            double[] dR = random(rnd, n3, 1), out = new double[3 * nl.ghosts().extended()], want = new double[n3], wantP = new double[4];
            lj.hessianProduct(mixed, nl, ExtendedTangents.spread(nl.ghosts(), dR, null), dp, out, wantP);
            ExtendedTangents.reduce(nl.ghosts(), out, want, null);
            double[] got = new double[n3], gotP = new double[4];
            lj.hessianProductOnAtoms(mixed, nl, dR, dp, got, gotP, null);
            for (int c = 0; c < n3; c++) assertTrue(want[c] == got[c], "two types, round " + round + ", component " + c + ": " + got[c] + " vs " + want[c]);
            for (int q = 0; q < 4; q++) assertTrue(wantP[q] == gotP[q], "two types, round " + round + ", parameter " + q);
            assertTrue(Math.abs(want[0]) + Math.abs(want[1]) > 0, "two types: a zero product");
        }
    }

    @Test
    void productOnTheAtomsMatchesDifferences() {
        differences("periodic", 0.0104, 3.4, 8.5, false, argon(), 9);
        differences("triclinic", 0.0104, 3.4, 7.0, true, SecondOrderKernelsTest.triclinic(argon(), 0.05, 0.1, -0.1), 10);
    }
}
