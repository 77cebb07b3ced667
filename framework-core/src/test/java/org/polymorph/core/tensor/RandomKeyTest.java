package org.polymorph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomKeyTest {

    @Test
    void deterministic() {
        assertEquals(RandomKey.of(42), RandomKey.of(42));
        assertEquals(RandomKey.of(42).bits(7), RandomKey.of(42).bits(7));
        assertEquals(RandomKey.of(42).split(3)[2], RandomKey.of(42).split(3)[2]);
        assertEquals(RandomKey.of(42).split(2)[1], RandomKey.of(42).split(5)[1], "child i does not depend on the count");
        assertEquals(RandomKey.of(42).foldIn(9).normal(3), RandomKey.of(42).foldIn(9).normal(3));
        assertNotEquals(RandomKey.of(42), RandomKey.of(43));
    }

    @Test
    void splitKeysAreDistinctAndIndependent() {
        RandomKey k = RandomKey.of(1);
        RandomKey[] parts = k.split(64);
        Set<RandomKey> seen = new HashSet<>();
        seen.add(k);
        for (RandomKey p : parts) assertTrue(seen.add(p), "duplicate child key " + p);
        // Bits of two child streams agree about half the time and their normals are uncorrelated.
        int n = 20_000;
        long same = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            same += 64 - Long.bitCount(parts[0].bits(i) ^ parts[1].bits(i));
            sxy += parts[0].normal(i) * parts[1].normal(i);
        }
        assertEquals(0.5, same / (64.0 * n), 0.005);
        assertEquals(0, sxy / n, 0.03);
        assertThrows(IllegalArgumentException.class, () -> k.split(0));
    }

    @Test
    void uniformAndNormalMoments() {
        RandomKey k = RandomKey.of(2024);
        int n = 100_000;
        double su = 0;
        double sz = 0;
        double szz = 0;
        for (int i = 0; i < n; i++) {
            double u = k.uniform(i);
            assertTrue(u >= 0 && u < 1, "uniform in [0, 1)");
            su += u;
            double z = k.normal(i);
            assertTrue(Double.isFinite(z));
            sz += z;
            szz += z * z;
        }
        assertEquals(0.5, su / n, 0.005);
        assertEquals(0, sz / n, 0.015);
        assertEquals(1, szz / n, 0.02);
    }

    @Test
    void foldInGivesNewStreams() {
        RandomKey k = RandomKey.of(5);
        assertNotEquals(k.foldIn(1), k.foldIn(2));
        assertNotEquals(k.bits(0), k.foldIn(0).bits(0));
        assertNotEquals(k.bits(0), k.bits(1));
    }
}
