package org.polymorph.materials.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class NeighborListTest {
    /**
     * Entries as "i j a b c" strings, to compare lists as sets; a half list's pair (i, j, S) is written
     * as the entry keptOnce picks of it and its reverse (j, i, −S), since lists may keep either.
     */
    private static TreeSet<String> entries(NeighborList nl) {
        TreeSet<String> s = new TreeSet<>();
        int[] nb = nl.neighbors();
        int[] sh = nl.shifts();
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int j = nb[e];
                boolean flip = nl.half() && !NeighborList.keptOnce(i, j, sh[3 * e], sh[3 * e + 1], sh[3 * e + 2]);
                int sign = flip ? -1 : 1;
                String key = (flip ? j + " " + i : i + " " + j) + " " + sign * sh[3 * e] + " " + sign * sh[3 * e + 1] + " " + sign * sh[3 * e + 2];
                assertTrue(s.add(key), "duplicate entry " + key);
            }
        }
        return s;
    }

    private static Atoms random(long seed, int n, Box box, boolean clustered) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] h = box.h();
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] f = new double[3];
            for (int k = 0; k < 3; k++) f[k] = clustered ? 0.5 + 0.08 * rnd.nextGaussian() : rnd.nextDouble() * 1.4 - 0.2;
            for (int k = 0; k < 3; k++) r[3 * i + k] = f[0] * h[k] + f[1] * h[3 + k] + f[2] * h[6 + k];
        }
        return Atoms.of(r, "X", 1.0, box);
    }

    private static void agree(Atoms atoms, double rc, double skin, boolean half) {
        NeighborListBuilder b = new NeighborListBuilder(rc, skin, half);
        NeighborList cell = b.build(atoms);
        NeighborList dense = b.dense(atoms);
        assertEquals(entries(dense), entries(cell));
        assertTrue(dense.pairs() > 0);
    }

    @Test
    void cellListEqualsDenseForRandomClusteredAndTriclinicSystems() {
        Box cube = Box.orthorhombic(12, 13, 14);
        Box tri = Box.periodic(new double[] {12, 0, 0, 3.5, 11, 0, -2.0, 2.5, 13});
        for (boolean half : new boolean[] {true, false}) {
            agree(random(1, 400, cube, false), 3.0, 0.3, half);
            agree(random(2, 400, cube, true), 2.0, 0.2, half);
            agree(random(3, 400, tri, false), 3.0, 0.5, half);
            agree(random(4, 300, Box.free(), false), 0.2, 0.05, half);
        }
    }

    /**
     * Ghost atoms: for every entry, x[local] − x[i] of the extended positions equals r_j + S·h − r_i,
     * for the builder's ghosts (cell list) and for ghosts derived from the entries (dense), at the
     * positions of the build and after the atoms moved and the cell changed.
     */
    @Test
    void ghostIndicesGiveThePairVectorsOfTheImageShifts() {
        Box tri = Box.periodic(new double[] {12, 0, 0, 3.5, 11, 0, -2.0, 2.5, 13});
        Atoms a = random(9, 400, tri, false);
        for (boolean half : new boolean[] {true, false}) {
            NeighborListBuilder b = new NeighborListBuilder(3.0, 0.5, half);
            NeighborList cell = b.build(a);
            NeighborList dense = b.dense(a);
            assertTrue(cell.ghosts().count() > 0 && dense.ghosts().count() > 0);
            double[] moved = a.positions();
            SplittableRandom rnd = new SplittableRandom(3);
            for (int k = 0; k < moved.length; k++) moved[k] += 0.2 * rnd.nextGaussian();
            double[] strainedH = tri.strained(new double[] {0.01, 0.02, 0, 0, -0.01, 0, 0.01, 0, 0.015}).h();
            for (NeighborList nl : new NeighborList[] {cell, dense}) {
                ghostVectorsMatch(nl, a.positions(), tri.h());
                ghostVectorsMatch(nl, moved, strainedH);
            }
        }
    }

    private static void ghostVectorsMatch(NeighborList nl, double[] r, double[] h) {
        Ghosts g = nl.ghosts();
        double[][] x = new double[3][g.extended()];
        g.positions(Atoms.of(r, "X", 1.0, Box.periodic(h)), x[0], x[1], x[2]);
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int j = nl.neighbors()[e];
                int l = g.local()[e];
                assertEquals(j, l < nl.atoms() ? l : g.owner()[l - nl.atoms()], "entry " + e + " names its atom");
                for (int k = 0; k < 3; k++) {
                    double viaShift = r[3 * j + k] - r[3 * i + k] + nl.shifts()[3 * e] * h[k] + nl.shifts()[3 * e + 1] * h[3 + k] + nl.shifts()[3 * e + 2] * h[6 + k];
                    assertEquals(viaShift, x[k][l] - x[k][i], 1e-9, "entry " + e + " axis " + k);
                }
            }
        }
    }

    @Test
    void halfListHoldsEachPairOnceAndFullTwice() {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {3, 3, 3}, "Si", 28.0855);
        NeighborList half = new NeighborListBuilder(2.5, 0, true).build(si);
        NeighborList full = new NeighborListBuilder(2.5, 0, false).build(si);
        assertEquals(216 * 4 / 2, half.pairs());
        assertEquals(216 * 4, full.pairs());
        assertEquals(4, full.maxNeighbors());
    }

    @Test
    void smallCellsHoldSeveralImagesOfOnePair() {
        // one 8-atom diamond cell (5.431 Å) with a 3.8 Å cutoff: neighbours reach past half the cell
        Atoms si = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        NeighborList nl = new NeighborListBuilder(3.8, 0, false).build(si);
        // every atom has 4 first and 12 second neighbours within 3.8 Å (first shell 2.35 Å, second 3.84 Å is outside)
        for (int i = 0; i < 8; i++) assertEquals(4, nl.end(i) - nl.start(i), "atom " + i);
        NeighborList nl2 = new NeighborListBuilder(3.9, 0, false).build(si);
        for (int i = 0; i < 8; i++) assertEquals(16, nl2.end(i) - nl2.start(i), "atom " + i);
    }

    @Test
    void atomsFarOutsideTheCellAreFoundWithShiftsForTheirOwnPositions() {
        Box cube = Box.orthorhombic(8, 8, 8);
        Atoms a = random(7, 120, cube, false);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i += 3) r[i] += 8 * ((i / 3) % 5 - 2) + 0.0;   // some atoms 2 boxes away
        Atoms far = a.withPositions(r);
        NeighborListBuilder b = new NeighborListBuilder(2.5, 0.2, false);
        NeighborList nl = b.dense(far);
        NeighborList ref = b.dense(a);
        // same pair distances, pair by pair, although the shifts differ
        assertEquals(ref.pairs(), nl.pairs());
        assertEquals(distances(ref, a), distances(nl, far));
    }

    private static java.util.List<String> distances(NeighborList nl, Atoms atoms) {
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        java.util.List<String> out = new java.util.ArrayList<>();
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int j = nb[e];
                double d2 = 0;
                for (int k = 0; k < 3; k++) {
                    double d = r[3 * j + k] - r[3 * i + k] + s[3 * e] * h[k] + s[3 * e + 1] * h[3 + k] + s[3 * e + 2] * h[6 + k];
                    d2 += d * d;
                }
                out.add(i + " " + j + " " + String.format(java.util.Locale.ROOT, "%.9f", Math.sqrt(d2)));
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void overflowReallocatesInsteadOfTruncating() {
        NeighborListBuilder b = new NeighborListBuilder(6.0, 0.0, false);
        Atoms dense = random(5, 500, Box.orthorhombic(20, 20, 20), false);
        NeighborList nl = b.build(dense);
        assertTrue(b.reallocations() > 0, "a 6 Å list at this density exceeds the first 64-per-atom guess");
        assertEquals(entries(b.dense(dense)), entries(nl));
    }

    @Test
    void rebuildIsNeededOnlyAfterHalfTheSkin() {
        Atoms a = random(6, 50, Box.orthorhombic(10, 10, 10), false);
        NeighborListBuilder b = new NeighborListBuilder(2.0, 0.4, true);
        NeighborList nl = b.build(a);
        double[] r = a.positions();
        r[0] += 0.19;
        assertFalse(b.needsRebuild(nl, r, a.box()));
        r[0] += 0.02;
        assertTrue(b.needsRebuild(nl, r, a.box()));
        assertTrue(b.needsRebuild(nl, a.positions(), Box.orthorhombic(10, 10, 10.1)));
    }
}
