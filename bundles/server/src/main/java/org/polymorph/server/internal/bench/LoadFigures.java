package org.polymorph.server.internal.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one load point measured: one route at one number of concurrent clients with one load generator.
 *
 * @param generator the load generator ("java" or "wrk")
 * @param route method and path, e.g. "GET /api/v1/health"
 * @param clients concurrent connections, each sending its next request when the previous one is answered
 * @param requests requests answered in the timed window
 * @param errors requests that failed (a status other than 2xx, a socket error or a timeout)
 * @param seconds length of the timed window, s
 * @param p50Ms median latency, ms
 * @param p99Ms 99th percentile latency, ms
 */
record LoadFigures(String generator, String route, int clients, long requests, long errors, double seconds, double p50Ms, double p99Ms) {

    /** Requests answered per second. */
    double requestsPerSecond() { return requests / seconds; }

    /**
     * The {@code p}-quantile (0 &lt; p ≤ 1) of {@code sortedNanos} by the nearest-rank method (the smallest value with
     * at least a fraction p of the values at or below it), in ms; 0 for no values.
     */
    static double quantileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) return 0;
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)] / 1e6;
    }

    /** Figures from the latencies (ns, any order) of the requests answered in a window of {@code seconds}. */
    static LoadFigures of(String generator, String route, int clients, long[] latencyNanos, long errors, double seconds) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new LoadFigures(generator, route, clients, sorted.length, errors, seconds, quantileMs(sorted, 0.5), quantileMs(sorted, 0.99));
    }

    /** As a result.json row (rates and times rounded to 0.1 req/s and 1 µs). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", generator);
        m.put("route", route);
        m.put("clients", clients);
        m.put("requests", requests);
        m.put("errors", errors);
        m.put("seconds", round(seconds, 3));
        m.put("requests_per_second", round(requestsPerSecond(), 1));
        m.put("p50_ms", round(p50Ms, 3));
        m.put("p99_ms", round(p99Ms, 3));
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
