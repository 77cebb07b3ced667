package org.polymorph.server.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** wrk's --latency report (as printed by Debian's wrk 4.1.0) read into figures. */
class WrkTest {
    /** A report of wrk 4.1.0 against a server answering 404 to everything, with socket errors added. */
    static final String REPORT = String.join("\n",
            "Running 1s test @ http://127.0.0.1:18777/nonexistent",
            "  2 threads and 4 connections",
            "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
            "    Latency     1.98ms    1.61ms  21.69ms   97.91%",
            "    Req/Sec     1.07k   108.91     1.27k    72.73%",
            "  Latency Distribution",
            "     50%  750.00us",
            "     75%    2.07ms",
            "     90%    2.46ms",
            "     99%    1.08s",
            "  2348 requests in 1.10s, 1.16MB read",
            "  Socket errors: connect 1, read 2, write 3, timeout 4",
            "  Non-2xx or 3xx responses: 2338",
            "Requests/sec:   2133.72",
            "Transfer/sec:      1.06MB", "");

    @Test
    void readsPercentilesRequestsAndErrorsInMilliseconds() throws IOException {
        LoadFigures f = Wrk.parse(REPORT, "GET /x", 4);
        assertEquals("wrk", f.generator());
        assertEquals(0.75, f.p50Ms(), 1e-12);
        assertEquals(1080, f.p99Ms(), 1e-9);
        assertEquals(2348, f.requests());
        assertEquals(1.10, f.seconds(), 1e-12);
        assertEquals(2338 + 1 + 2 + 3 + 4, f.errors());
        assertEquals(2348 / 1.10, f.requestsPerSecond(), 1e-9);
    }

    @Test
    void aCleanRunHasNoErrors() throws IOException {
        String clean = REPORT.replaceAll("(?m)^  (Socket errors|Non-2xx).*\n", "");
        assertEquals(0, Wrk.parse(clean, "GET /x", 4).errors());
    }

    @Test
    void aReportWithoutTheDistributionIsAnError() {
        String plain = REPORT.replaceAll("(?m)^\\s+\\d+%.*\n", "");
        IOException e = assertThrows(IOException.class, () -> Wrk.parse(plain, "GET /x", 4));
        assertTrue(e.getMessage().contains("--latency"), e.getMessage());
    }

    @Test
    void unitsConvertToMilliseconds() {
        assertEquals(0.5, Wrk.millis(500, "us"), 1e-12);
        assertEquals(2500, Wrk.millis(2.5, "s"), 1e-9);
        assertEquals(60_000, Wrk.millis(1, "m"), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Wrk.millis(1, "d"));
    }
}
