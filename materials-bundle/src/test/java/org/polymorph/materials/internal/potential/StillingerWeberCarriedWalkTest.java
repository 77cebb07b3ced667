package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * sw's carried walk ({@link StillingerWeber#forceAndTangents}: the force and k = 1 … 4 tangents in one walk that reads the tangents
 * from and writes the products onto the atoms' interleaved [3kN] arrays itself) equals the force call ({@link StillingerWeber#compute})
 * and the batched products ({@link StillingerWeber#hessianProducts} of the tangents spread onto the extended atoms, folded back) to
 * 1e-13 relative to the largest component, on every branch of the walk: λ and ε moved without cos θ0 (the part of (λε)˙ added per
 * entry through φ3's linearity in λε, for atoms whose entries are of one type; per triplet for the others), every number moved (cos θ0
 * too: per triplet), σ alone (the legs and the pair term), some tangents without ṗ, none; λ = 0 (λε = 0: per triplet); with and
 * without the force; periodic, triclinic, free and two-type silicon.
 */
class StillingerWeberCarriedWalkTest {
    private static final double TOL = 1e-13;
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};

    private static Atoms silicon(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.12, seed);
    }

    private static StillingerWeber sw(int types, double lambda) {
        double[] entry = SW_SI.clone();
        entry[StillingerWeber.LAMBDA] = lambda;
        return new StillingerWeber(types, SecondOrderKernelsTest.table(types == 1 ? entry : SecondOrderKernelsTest.perSlot(entry, types), 11));
    }

    /**
     * ṗ per tangent: {@code numbers} (file order) of every slot moved at random, the others 0; null numbers: no ṗ at all; tangents
     * listed in {@code bare} get a null ṗ.
     */
    private static double[][] parameterTangents(StillingerWeber p, int k, int[] numbers, int[] bare, SplittableRandom rnd) {
        if (numbers == null) return null;
        double[][] dp = new double[k][p.parameterCount()];
        for (int b = 0; b < k; b++) {
            for (int c = 0; c < dp[b].length; c++) {
                for (int x : numbers) if (c % 11 == x) dp[b][c] = 0.05 * (rnd.nextDouble() - 0.5);
            }
        }
        for (int b : bare) if (b < k) dp[b] = null;
        return dp;
    }

    private static void check(String name, StillingerWeber p, Atoms a, int[] numbers, int[] bare, long seed) {
        for (int k = 1; k <= 4; k++) {
            NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.4, false).build(a);
            int n = a.size(), ext = nl.ghosts().extended();
            SplittableRandom rnd = new SplittableRandom(seed + 100L * k);
            double[] dT = new double[3 * k * n];
            for (int c = 0; c < dT.length; c++) dT[c] = rnd.nextDouble() - 0.5;
            double[][] dp = parameterTangents(p, k, numbers, bare, rnd), dX = new double[k][], batched = new double[k][3 * ext];
            for (int b = 0; b < k; b++) {
                double[] one = new double[3 * n];
                for (int i = 0; i < n; i++) System.arraycopy(dT, (i * k + b) * 3, one, 3 * i, 3);
                dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
            }
            p.hessianProducts(a, nl, dX, dp, batched);
            double[] want = p.compute(a, nl).forces();
            for (boolean withForce : new boolean[] {true, false}) {
                double[] outT = new double[3 * k * n], forces = withForce ? new double[3 * n] : null;
                p.forceAndTangents(a, nl, k, dT, dp, outT, forces);
                String what = name + ", k = " + k + (withForce ? "" : " (no force)");
                for (int b = 0; b < k; b++) {
                    double[] row = new double[3 * n], got = new double[3 * n];
                    ExtendedTangents.reduce(nl.ghosts(), batched[b], row, null);
                    for (int i = 0; i < n; i++) System.arraycopy(outT, (i * k + b) * 3, got, 3 * i, 3);
                    close(row, got, what + ", tangent " + b);
                }
                if (withForce) close(want, forces, what + ", forces");
            }
        }
    }

    private static void close(double[] want, double[] got, String what) {
        double worst = 0, scale = 0;
        for (int c = 0; c < want.length; c++) {
            worst = Math.max(worst, Math.abs(want[c] - got[c]));
            scale = Math.max(scale, Math.abs(want[c]));
        }
        assertTrue(scale > 0, what + ": all zero");
        assertTrue(worst <= TOL * scale, what + ": differs by " + worst + " (scale " + scale + ")");
    }

    private static final int[] NONE = {};
    private static final int[] LAMBDA_EPSILON = {StillingerWeber.LAMBDA, StillingerWeber.EPSILON};
    private static final int[] BENCH = {StillingerWeber.EPSILON, StillingerWeber.SIGMA, StillingerWeber.LAMBDA};
    private static final int[] EVERY = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void oneType() {
        StillingerWeber p = sw(1, 21.0);
        Atoms si = silicon(41);
        check("λ, ε", p, si, LAMBDA_EPSILON, NONE, 41);
        check("ε, σ, λ", p, si, BENCH, NONE, 42);
        check("ε, σ, λ, tangent 1 without ṗ", p, si, BENCH, new int[] {1}, 43);
        check("every number", p, si, EVERY, NONE, 44);
        check("σ", p, si, new int[] {StillingerWeber.SIGMA}, NONE, 45);
        check("no ṗ", p, si, null, NONE, 46);
        check("ε, σ, λ triclinic", p, SecondOrderKernelsTest.triclinic(si, 0.1, -0.08, 0.05), BENCH, NONE, 47);
        check("ε, σ, λ free", p, SecondOrderKernelsTest.free(si), BENCH, NONE, 48);
    }

    @Test
    void lambdaZero() {         // λε = 0: no triplet term, but its λ-derivative is not 0
        StillingerWeber p = sw(1, 0);
        check("λ = 0, λ, ε", p, silicon(51), LAMBDA_EPSILON, NONE, 51);
    }

    @Test
    void twoTypes() {           // atoms with entries of one type and atoms with both
        StillingerWeber p = sw(2, 21.0);
        Atoms mixed = SecondOrderKernelsTest.twoTypes(silicon(61));
        check("two types λ, ε", p, mixed, LAMBDA_EPSILON, NONE, 61);
        check("two types ε, σ, λ", p, mixed, BENCH, new int[] {0}, 62);
        check("two types every number", p, mixed, EVERY, NONE, 63);
        check("two types ε, σ, λ free", p, SecondOrderKernelsTest.free(mixed), BENCH, NONE, 64);
    }
}
