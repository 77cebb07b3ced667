package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.it.server.ApiClient.API;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ProcessRun;
import org.polymorph.it.support.ServerProcess;

/**
 * The server under load: 1,000 requests from 50 concurrent clients (health, the Method list, a run's status) all
 * answered 200; and {@code bench.server} run headless ({@code bin/polymorph run bench.server}), measuring a server
 * it starts itself, with no errors.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerLoadIT {
    private static final int CLIENTS = 50;
    private static final int REQUESTS = 1000;

    @Test
    void aThousandRequestsFromFiftyClientsAllSucceed() throws Exception {
        ServerProcess server = ScratchServers.start("server-load", Map.of());
        try {
            ApiClient api = ApiClient.of(server);
            String id = (String) api.submit("md.run", MdParams.tiny()).get("id");
            assertEquals("ok", api.awaitDone(id, Duration.ofSeconds(60)).get("state"));
            List<String> routes = List.of(API + "/health", API + "/methods", API + "/runs/" + id);
            AtomicLong next = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long[] nanos = new long[REQUESTS];
            CountDownLatch done = new CountDownLatch(CLIENTS);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread t = new Thread(() -> {
                    try {
                        for (long k = next.getAndIncrement(); k < REQUESTS; k = next.getAndIncrement()) {
                            String route = routes.get((int) (k % routes.size()));
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = server.client().send(api.request(route).GET().build(), HttpResponse.BodyHandlers.ofString());
                                nanos[(int) k] = System.nanoTime() - t0;
                                if (r.statusCode() != 200 || !r.body().startsWith(route.endsWith("/methods") ? "[" : "{")) {
                                    failures.add(route + " → " + r.statusCode() + ": " + r.body());
                                }
                            } catch (Exception e) {
                                failures.add(route + " → " + e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "load-client-" + c);
                clients.add(t);
            }
            long t0 = System.nanoTime();
            clients.forEach(Thread::start);
            assertTrue(done.await(120, TimeUnit.SECONDS), "the clients did not finish");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            System.out.printf("[ServerLoadIT] %d requests, %d clients: %.2f s, %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d failed%n", REQUESTS,
                    CLIENTS, seconds, REQUESTS / seconds, sorted[REQUESTS / 2] / 1e6, sorted[REQUESTS * 99 / 100] / 1e6, failures.size());
            assertEquals(List.of(), List.copyOf(failures), "every request answered 200");
            assertEquals(REQUESTS, next.get() - CLIENTS, "every request was sent once");
        } finally {
            ScratchServers.stop(server);
        }
    }

    @Test
    void benchServerRunsHeadlessAgainstAServerItStarts() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("server-bench"));
        try {
            Path out = home.resolve("bench-run");
            ProcessRun r = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(170), "run", "bench.server", "duration=1",
                    "concurrency=4", "warmup=0", "--json", "--out", out.toString());
            assertEquals(0, r.exit(), r.describe());
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.out())).get("result");
            List<?> rows = (List<?>) result.get("results");
            boolean wrk = Files.isExecutable(Path.of("/usr/bin/wrk"));
            assertEquals(wrk ? 4 : 2, rows.size(), rows.toString());
            for (Object o : rows) {
                Map<?, ?> row = (Map<?, ?>) o;
                assertEquals(0L, row.get("errors"), row.toString());
                assertTrue(((Number) row.get("requests")).longValue() > 0, row.toString());
                double p50 = ((Number) row.get("p50_ms")).doubleValue();
                assertTrue(p50 > 0 && p50 <= ((Number) row.get("p99_ms")).doubleValue(), row.toString());
                assertEquals(4L, row.get("clients"));
            }
            assertTrue(String.valueOf(result.get("goal_met")).startsWith("not measured"), result.toString());
            assertEquals(1 + rows.size(), Files.readAllLines(out.resolve("bench.csv")).size());
        } finally {
            DistributionHome.dropCaches(home);
        }
    }
}
