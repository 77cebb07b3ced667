package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The many-body kernels' short lists ({@link ManyBody.ShortList}): a load through a short list kept over many steps gives the
 * full row's load bit for bit, on a rattled triclinic two-species silicon whose atoms random-walk past the margin, through a
 * cell strain, a change of types and rebuilt neighbour lists; and the sw, tersoff and edip kernels that keep them give the
 * same energies, forces, virials and Hessian products as fresh instances that read every row.
 */
class ManyBodyShortListTest {
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0};
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};
    private static final double[] EDIP_SI = {7.9821730, 1.5075463, 3.1213820, 2.5609104, 3.1083847, 0.0070975, 0.2523244, 1.1247945, 1.4533108,
        0.6966326, 1.2085196, 0.5774108, 312.1341346, -0.165799, 32.557, 0.286198, 0.66};
    /** Neighbour-list skin (Å), as the trajectories' sweeps. */
    private static final double SKIN = 1.0;

    /** 64 silicon atoms of two types in a sheared cell, rattled by up to 0.1 Å. */
    private static Atoms system(long seed) {
        Atoms si = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.1, seed);
        return SecondOrderKernelsTest.twoTypes(SecondOrderKernelsTest.triclinic(si, 0.1, -0.08, 0.05));
    }

    /** Every atom moved by a uniform step of up to ±amp (Å) per component. */
    private static Atoms walk(Atoms a, double amp, SplittableRandom rnd) {
        double[] r = a.positions();
        for (int k = 0; k < r.length; k++) r[k] += amp * (2 * rnd.nextDouble() - 1);
        return a.withPositions(r);
    }

    @Test
    void loadsEqualTheFullRowAcrossTheMargin() {
        for (boolean inclusive : new boolean[] {false, true}) {
            int types = 2;
            int[] pairSlot = {0, 3, 4, 7};
            double[] cut = {3.77, 3.1, 3.3, 3.5, 3.6, 3.2, 3.4, 3.0};    // per slot (Å), the largest first
            double[] cutsq = new double[cut.length];
            for (int s = 0; s < cut.length; s++) cutsq[s] = cut[s] * cut[s];
            Extended.Pool pool = new Extended.Pool();
            NeighborListBuilder builder = new NeighborListBuilder(cut[0], SKIN, false);
            SplittableRandom rnd = new SplittableRandom(inclusive ? 7 : 5);
            Atoms a = system(3);
            NeighborList nl = builder.build(a);
            int recorded = 0, shortLoads = 0, steps = 80;
            for (int step = 0; step < steps; step++) {
                if (step == 40) a = a.strained(new double[] {0.02, 0.01, 0, 0, -0.015, 0, 0, 0, 0.01});   // moves the ghosts by up to ~0.2 Å
                else if (step == 50) a = new Atoms(a.positions(), flipped(a.types()), a.typeNames(), a.masses(), a.box());
                else if (step > 0) a = walk(a, 0.02, rnd);
                if (builder.needsRebuild(nl, a.positions(), a.box())) {
                    nl = builder.build(a);
                }
                int[] t = a.types();
                ManyBody.Scratch full = new ManyBody.Scratch(nl.maxNeighbors());
                ManyBody.Scratch viaShort = new ManyBody.Scratch(nl.maxNeighbors());
                int loaded = 0;
                try (Extended ex = pool.take(a, nl)) {
                    ManyBody.ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
                    boolean stale = sl.stale();
                    if (stale) recorded++;
                    else shortLoads++;
                    if (step == 0 || step == 40 || step == 50) assertTrue(stale, "step " + step + ": a new list, a strained cell or new types record again");
                    for (int i = 0; i < a.size(); i++) {
                        full.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive);
                        viaShort.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                        same(full, viaShort, i, ex, step);
                        loaded += full.m;
                    }
                    pool.shortLists.give(sl);
                    assertTrue(sl.size() >= loaded, "the short list holds every loaded entry");
                    assertTrue(sl.size() < nl.pairs() * 3 / 4, "the short list (" + sl.size() + ") is shorter than the rows (" + nl.pairs() + ")");
                }
                assertTrue(loaded > 2 * a.size(), "the cutoffs hold the nearest neighbours: " + loaded + " entries loaded");
            }
            assertTrue(recorded >= 5, "the walk crosses the margin several times: recorded " + recorded + " times");
            assertTrue(shortLoads >= steps / 2, "most steps load from the short list: " + shortLoads + " of " + steps);
        }
    }

    private static int[] flipped(int[] t) {
        int[] out = t.clone();
        for (int i = 0; i < out.length; i += 3) out[i] = 1 - out[i];
        return out;
    }

    /** The two loads of atom i, field by field (the doubles bit for bit). */
    private static void same(ManyBody.Scratch want, ManyBody.Scratch got, int i, Extended ex, int step) {
        String at = "step " + step + ", atom " + i;
        assertEquals(want.m, got.m, at + ": entries");
        for (int q = 0; q < want.m; q++) {
            assertEquals(want.local[q], got.local[q], at);
            assertEquals(want.j[q], got.j[q], at);
            assertEquals(want.slot[q], got.slot[q], at);
            assertEquals(ex.keptOnce(i, want.local[q]), got.kept[q], at + ": pair rule");
            assertEquals(want.kept[q], got.kept[q], at + ": pair rule");
            assertEquals(Double.doubleToLongBits(want.dx[q]), Double.doubleToLongBits(got.dx[q]), at);
            assertEquals(Double.doubleToLongBits(want.dy[q]), Double.doubleToLongBits(got.dy[q]), at);
            assertEquals(Double.doubleToLongBits(want.dz[q]), Double.doubleToLongBits(got.dz[q]), at);
            assertEquals(Double.doubleToLongBits(want.r[q]), Double.doubleToLongBits(got.r[q]), at);
            assertEquals(0.0, got.gx[q]);
        }
    }

    @Test
    void kernelsKeepingShortListsEqualFreshOnes() {
        kernels("sw", () -> new StillingerWeber(2, SecondOrderKernelsTest.table(SecondOrderKernelsTest.perSlot(SW_SI, 2), 11)));
        double[] tersoff = SecondOrderKernelsTest.perSlot(TERSOFF_SI, 2);
        for (int s = 0; s < tersoff.length / 14; s++) tersoff[s * 14 + Tersoff.M] = 3;     // LAMMPS allows m = 1 or 3
        kernels("tersoff", () -> new Tersoff(2, SecondOrderKernelsTest.table(tersoff, 14)));
        kernels("edip", () -> new Edip(2, SecondOrderKernelsTest.table(SecondOrderKernelsTest.perSlot(EDIP_SI, 2), 17)));
    }

    /** One instance over a walk of 40 steps (its short lists kept) against a fresh instance per step: bit for bit. */
    private static void kernels(String name, Supplier<Potential> make) {
        Potential kept = make.get();
        SecondOrder keptSo = (SecondOrder) kept;
        NeighborListBuilder builder = new NeighborListBuilder(kept.cutoff(), SKIN, false);
        SplittableRandom rnd = new SplittableRandom(11);
        Atoms a = system(9);
        NeighborList nl = builder.build(a);
        int m = keptSo.parameterCount();
        for (int step = 0; step < 40; step++) {
            if (step > 0) a = walk(a, 0.015, rnd);
            if (builder.needsRebuild(nl, a.positions(), a.box())) nl = builder.build(a);
            String at = name + " step " + step;
            Evaluation want = make.get().compute(a, nl);
            Evaluation got = kept.compute(a, nl);
            assertEquals(Double.doubleToLongBits(want.energy()), Double.doubleToLongBits(got.energy()), at + ": energy");
            assertArrayEquals(want.forces(), got.forces(), 0.0, at + ": forces");
            assertArrayEquals(want.virial(), got.virial(), 0.0, at + ": virial");
            int ext = 3 * nl.ghosts().extended();
            double[] dX = new double[ext], dp = new double[m];
            for (int k = 0; k < ext; k++) dX[k] = rnd.nextDouble() - 0.5;
            for (int k = 0; k < m; k++) dp[k] = 0.02 * (rnd.nextDouble() - 0.5);
            double[] outW = new double[ext], outG = new double[ext], pW = new double[m], pG = new double[m];
            ((SecondOrder) make.get()).hessianProduct(a, nl, dX, dp, outW, pW);
            keptSo.hessianProduct(a, nl, dX, dp, outG, pG);
            assertArrayEquals(outW, outG, 0.0, at + ": H·dX");
            assertArrayEquals(pW, pG, 0.0, at + ": parameter row");
            double[][] bX = {dX, outW.clone()}, bW = new double[2][ext], bG = new double[2][ext];
            ((SecondOrder) make.get()).hessianProducts(a, nl, bX, null, bW);
            keptSo.hessianProducts(a, nl, bX, null, bG);
            for (int b = 0; b < 2; b++) assertArrayEquals(bW[b], bG[b], 0.0, at + ": batched product " + b);
            assertFalse(Double.isNaN(got.energy()));
        }
    }

    @Test
    void aLoopThatThrowsLeavesNoPartialList() {
        StillingerWeber sw = new StillingerWeber(2, SecondOrderKernelsTest.table(SecondOrderKernelsTest.perSlot(SW_SI, 2), 11));
        Atoms a = system(13);
        NeighborList nl = new NeighborListBuilder(sw.cutoff(), SKIN, false).build(a);
        double[] r = a.positions();
        for (int k = 0; k < 3; k++) r[3 * 40 + k] = r[3 * 41 + k];       // atoms 40 and 41 on top of each other
        Atoms overlapping = a.withPositions(r);
        boolean threw = false;
        try {
            sw.compute(overlapping, nl);
        } catch (ArithmeticException expected) {
            threw = true;
        }
        Evaluation want = new StillingerWeber(2, SecondOrderKernelsTest.table(SecondOrderKernelsTest.perSlot(SW_SI, 2), 11)).compute(a, nl);
        Evaluation got = sw.compute(a, nl);
        assertTrue(threw, "overlapping atoms give a non-finite energy");
        assertEquals(want.energy(), got.energy(), 0.0, "the next call loads every row again");
        assertArrayEquals(want.forces(), got.forces(), 0.0);
        List.of(want, got).forEach(e -> assertTrue(Double.isFinite(e.energy())));
    }
}
