package org.polymorph.server.internal.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process load generator: {@code clients} threads, each with its own keep-alive connection
 * ({@link KeepAliveClient}), sending GET {@code path} back to back (closed loop: the next request leaves when the
 * previous answer is read). Requests during the warm-up are not counted; in the timed window each answered
 * request's latency (ns, from writing the request to reading the whole answer) is recorded.
 */
final class JavaLoad {
    static final String GENERATOR = "java";

    private final String host;
    private final int port;
    private final Map<String, String> headers;

    /** Load on {@code host:port}, sending {@code headers} (e.g. the Authorization header) with every request. */
    JavaLoad(String host, int port, Map<String, String> headers) {
        this.host = host;
        this.port = port;
        this.headers = Map.copyOf(headers);
    }

    /** One load point: {@code warmupSeconds} untimed, then {@code seconds} timed, with {@code clients} connections. */
    LoadFigures run(String path, int clients, double warmupSeconds, double seconds) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[clients][];
        AtomicLong errors = new AtomicLong();
        long[] window = new long[2];                 // start and end of the timed window, System.nanoTime()
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int slot = c;
            Thread t = new Thread(() -> {
                ready.countDown();
                try (KeepAliveClient client = new KeepAliveClient(host, port, path, headers)) {
                    go.await();
                    latencies[slot] = loop(client, window[0], window[1], errors);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    latencies[slot] = new long[0];
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        window[0] = System.nanoTime() + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread t : threads) t.join();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        return LoadFigures.of(GENERATOR, "GET " + path, clients, all, errors.get(), seconds);
    }

    /** Requests until {@code end}; the latencies of those sent at or after {@code start}. */
    private static long[] loop(KeepAliveClient client, long start, long end, AtomicLong errors) {
        long[] lat = new long[4096];
        int n = 0;
        for (long t0 = System.nanoTime(); t0 < end && !Thread.currentThread().isInterrupted(); t0 = System.nanoTime()) {
            boolean ok;
            try {
                int status = client.get();
                ok = status >= 200 && status < 300;
            } catch (IOException e) {
                ok = false;
            }
            long t1 = System.nanoTime();
            if (t0 < start || t1 > end) continue;      // warm-up, or answered after the window closed
            if (!ok) {
                errors.incrementAndGet();
                continue;
            }
            if (n == lat.length) lat = Arrays.copyOf(lat, 2 * n);
            lat[n++] = t1 - t0;
        }
        return Arrays.copyOf(lat, n);
    }
}
