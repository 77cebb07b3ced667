package org.polymorph.server.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles of recorded latencies. */
class LoadFiguresTest {
    @Test
    void percentilesAreNearestRank() {
        long[] ns = LongStream.rangeClosed(1, 200).map(k -> (201 - k) * 1_000_000L).toArray();  // 200 ms … 1 ms, unsorted
        LoadFigures f = LoadFigures.of("java", "GET /x", 3, ns, 2, 4.0);
        assertEquals(100, f.p50Ms(), 1e-12);        // ceil(0.5 · 200) = 100th smallest
        assertEquals(198, f.p99Ms(), 1e-12);        // ceil(0.99 · 200) = 198th smallest
        assertEquals(200, f.requests());
        assertEquals(50, f.requestsPerSecond(), 1e-12);
        assertEquals(7, LoadFigures.quantileMs(new long[] {7_000_000L}, 0.99), 1e-12);
        assertEquals(0, LoadFigures.quantileMs(new long[0], 0.5), 0);
    }
}
