package org.polymorph.materials.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Neighbour lists of absurd cells end quickly with bounded memory: a vast box of vacuum gets a few
 * cells, not 10¹³, and a cell far thinner than the cutoff is refused instead of looping over billions
 * of periodic images.
 */
@Timeout(60)
class NeighborListBoundsTest {
    /** The value of the call and the bytes this thread allocated making it. */
    private static <T> T measured(Supplier<T> call, long maxBytes, String what) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        T value = call.get();
        long bytes = mx.getThreadAllocatedBytes(id) - before;
        assertTrue(bytes < maxBytes, what + " allocated " + bytes + " bytes");
        return value;
    }

    private static int pairs(NeighborList nl) { return nl.pairs(); }

    @Test void aFewAtomsInAVastPeriodicBoxGetAFewCells() {
        // two atoms 2 Å apart in a 1e5 Å cube: 5e4 cells of 4 Å per axis before the cap
        Atoms a = Atoms.of(new double[] {10, 10, 10, 12, 10, 10}, "Ar", 39.948, Box.orthorhombic(1e5, 1e5, 1e5));
        NeighborListBuilder b = new NeighborListBuilder(8, 1, true);
        NeighborList nl = measured(() -> b.build(a), 50_000_000, "the cell list of 2 atoms in a 1e5 Å box");
        assertEquals(1, pairs(nl));
        assertEquals(1, pairs(b.dense(a)));
    }

    @Test void aSpreadOutClusterGetsAFewCellsAndTheSamePairsAsTheDenseList() {
        int n = 300;
        SplittableRandom rnd = new SplittableRandom(4);
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double x0 = rnd.nextInt(3) * 5e4;      // three far-apart groups of atoms
            for (int k = 0; k < 3; k++) r[3 * i + k] = x0 * (k == 0 ? 1 : 0.7) + 12 * rnd.nextDouble();
        }
        Atoms a = Atoms.of(r, "Ar", 39.948, Box.free());
        NeighborListBuilder b = new NeighborListBuilder(3, 0.5, true);
        NeighborList cells = measured(() -> b.build(a), 100_000_000, "the free cell list of 300 atoms spread over 1e5 Å");
        assertEquals(pairs(b.dense(a)), pairs(cells));
        assertTrue(pairs(cells) > 0);
    }

    @Test void aCellFarThinnerThanTheCutoffIsRefusedNotLoopedOver() {
        for (double[] h : new double[][] {{1e-3, 0, 0, 0, 1e-3, 0, 0, 0, 1e-3}, {10, 0, 0, 1e12, 10, 0, 0, 0, 10}}) {
            Atoms a = Atoms.of(new double[] {0, 0, 0}, "Si", 28.0855, Box.periodic(h));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeighborListBuilder(5, 1, true).build(a));
            assertTrue(e.getMessage().contains("periodic images") && e.getMessage().contains("thin"), e.getMessage());
        }
    }
}
