package org.polymorph.autodiff.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.autodiff.data.DataFixtures.TS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;

class DatasetTest {
    private static final RandomKey KEY = RandomKey.of(3);

    /** n examples: x[i] = (i, -i), y[i] = i, so every row identifies itself. */
    private static Dataset numbered(int n) {
        double[] x = new double[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new Dataset(TS.fromArray(x, n, 2), TS.fromArray(y, n), n, "numbered");
    }

    /** Labels of all batches in order, checking that x rows stay aligned with y. */
    private static List<Long> labels(Batches batches) {
        List<Long> out = new ArrayList<>();
        for (Dataset.Batch b : batches) {
            double[] x = TS.toDoubleArray(b.x());
            long[] y = TS.toLongArray(b.y());
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], x[2 * i], 0.0);
                assertEquals(-y[i], x[2 * i + 1], 0.0);
                out.add(y[i]);
            }
        }
        return out;
    }

    @Test
    void anEpochCoversEveryExampleOnce() {
        Batches b = numbered(10).batches(TS, KEY, 3, false);
        assertEquals(4, b.count());
        assertArrayEquals(new int[] {1, 2}, b.get(3).x().shape().toArray());
        List<Long> seen = labels(b);
        assertEquals(10, seen.size());
        long[] sorted = seen.stream().mapToLong(Long::longValue).sorted().toArray();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(sorted, seen.stream().mapToLong(Long::longValue).toArray()), "the order is shuffled");
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        Batches b = numbered(10).batches(TS, KEY, 3, true);
        assertEquals(3, b.count());
        List<Long> seen = labels(b);
        assertEquals(9, seen.stream().distinct().count());
        for (Dataset.Batch batch : b) assertEquals(3, batch.y().dim(0));
        assertThrows(IllegalArgumentException.class, () -> numbered(2).batches(TS, KEY, 3, true));
        assertThrows(IllegalArgumentException.class, () -> numbered(2).batches(TS, KEY, 0, false));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(3));
    }

    @Test
    void theSameKeyGivesTheSameOrder() {
        Dataset d = numbered(50);
        assertEquals(labels(d.batches(TS, KEY, 7, false)), labels(d.batches(TS, RandomKey.of(3), 7, false)));
        Batches b = d.batches(TS, KEY, 7, false);
        assertEquals(labels(b), labels(b), "iterating twice repeats the epoch");
        assertFalse(labels(d.batches(TS, KEY, 7, false)).equals(labels(d.batches(TS, KEY.foldIn(1), 7, false))));
    }

    @Test
    void permutationsAreUniformEnough() {
        int[] firstCounts = new int[5];
        for (int s = 0; s < 2000; s++) {
            int[] p = Batches.permutation(RandomKey.of(s), 5);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sorted);
            firstCounts[p[0]]++;
        }
        for (int c : firstCounts) assertEquals(400, c, 60, "each element leads about a fifth of the time");
    }

    @Test
    void splitIsDeterministicAndContiguous() {
        Dataset.Split s = numbered(10).split(TS, 0.3);
        assertEquals(7, s.train().size());
        assertEquals(3, s.test().size());
        assertArrayEquals(new long[] {7, 8, 9}, TS.toLongArray(s.test().y()));
        assertArrayEquals(new double[] {0, 0, 1, -1}, Arrays.copyOf(TS.toDoubleArray(s.train().x()), 4), 0.0);
        assertEquals("numbered-test", s.test().name());
        var e = assertThrows(IllegalArgumentException.class, () -> numbered(10).split(TS, 1.0));
        assertTrue(e.getMessage().contains("testFraction is 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> numbered(3).split(TS, 0.1));
        assertTrue(e.getMessage().contains("0 test"), e.getMessage());
    }

    @Test
    void shuffleAndSubsetKeepRowsAligned() {
        Dataset d = numbered(8).shuffle(TS, KEY);
        long[] y = TS.toLongArray(d.y());
        double[] x = TS.toDoubleArray(d.x());
        for (int i = 0; i < 8; i++) assertEquals(y[i], x[2 * i], 0.0);
        assertArrayEquals(Batches.permutation(KEY, 8), Arrays.stream(y).mapToInt(v -> (int) v).toArray());
        assertArrayEquals(new long[] {5, 1}, TS.toLongArray(numbered(8).subset(TS, new int[] {5, 1}, "-s").y()));
        assertArrayEquals(new int[] {2}, numbered(8).exampleShape());
    }

    @Test
    void constructorRejectsInconsistentTensors() {
        var x = TS.zeros(DType.FLOAT64, 4, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> new Dataset(x, TS.zeros(DType.INT64, 3), 2, "d"));
        assertTrue(e.getMessage().contains("4 rows") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset(x, TS.zeros(DType.INT32, 4), 2, "d"));
        assertTrue(e.getMessage().contains("INT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset(x, TS.zeros(DType.FLOAT64, 4), 0, "d"));
        assertTrue(e.getMessage().contains("[n, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset(TS.zeros(DType.INT64, 4, 2), TS.zeros(DType.INT64, 4), 2, "d"));
        assertTrue(e.getMessage().contains("float32 or float64"), e.getMessage());
        assertTrue(new Dataset(x, TS.zeros(DType.FLOAT32, 4, 3), 0, "r").size() == 4);
    }
}
