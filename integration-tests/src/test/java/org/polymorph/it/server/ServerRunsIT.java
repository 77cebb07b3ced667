package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.it.server.ApiClient.API;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.polymorph.it.support.ServerProcess;

/**
 * The server's queue and its persistence (max_concurrent_runs = 1, the default): a cancel stops a long md.run
 * within 2 s and leaves its checkpoint; 20 runs submitted at once wait in the queue, run one at a time in the order
 * they came and all finish; SIGTERM during a run stops the server cleanly, and after a restart GET /runs lists the
 * past runs with that run {@code interrupted}, whose resume finishes it with the very numbers and files of an
 * uninterrupted run of the same parameters. The tests run in order on one server (the last restarts it).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerRunsIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * Long enough to interrupt: 12 s at full length on this machine when idle (12,000 steps/s measured), twice that
     * when loaded; it is stopped after 3,000 steps, checkpointing every 500.
     */
    private static final long RESUMED_STEPS = 150_000;

    private static ServerProcess server;
    private static ApiClient api;
    private static final List<Object> pastRuns = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ScratchServers.start("server-runs", Map.of());
        api = ApiClient.of(server);
    }

    @AfterAll
    static void stop() { ScratchServers.stop(server); }

    @Test
    @Order(1)
    void cancelStopsALongRunWithinTwoSecondsAndLeavesItsCheckpoint() throws Exception {
        String id = (String) api.submit("md.run", MdParams.argon(10_000_000, 500)).get("id");
        pastRuns.add(id);
        api.awaitProgress(id, 1000, WAIT);
        long t0 = System.nanoTime();
        api.delete(API + "/runs/" + id).expect(200);
        Map<?, ?> run = api.awaitDone(id, Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[ServerRunsIT] md.run cancelled %.3f s after DELETE, at %s%n", seconds, ApiClient.progress(run).get("done"));
        assertEquals("cancelled", run.get("state"), run.toString());
        assertTrue(seconds <= 2.0, "cancelled after " + seconds + " s");
        assertEquals(true, run.get("resumable"));
        assertTrue(Files.size(server.runs().resolve(id).resolve("checkpoint.bin")) > 0, "checkpoint written");
        assertTrue(ApiClient.entry(api.get(API + "/runs/" + id + "/files").expect(200).list(), "name", "checkpoint.bin").get("size") instanceof Number);
    }

    @Test
    @Order(2)
    void twentyRunsSubmittedAtOnceWaitTheirTurnAndAllFinish() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Map<?, ?>>> submitted = new ArrayList<>();
        for (int k = 0; k < 20; k++) submitted.add(pool.submit(() -> api.submit("md.run", MdParams.tiny())));
        List<String> ids = new ArrayList<>();
        for (Future<Map<?, ?>> f : submitted) ids.add((String) f.get(60, TimeUnit.SECONDS).get("id"));
        pool.shutdown();
        assertEquals(20, new HashSet<>(ids).size(), ids.toString());
        pastRuns.addAll(ids);

        int maxQueued = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Map<?, ?>> last;
        while (true) {
            last = byId(api.get(API + "/runs").expect(200).list(), ids);
            long running = last.values().stream().filter(r -> "running".equals(r.get("state"))).count();
            long queued = last.values().stream().filter(r -> "queued".equals(r.get("state"))).count();
            assertTrue(running <= 1, "max_concurrent_runs=1, yet " + running + " run at once");
            maxQueued = (int) Math.max(maxQueued, queued);
            if (last.values().stream().allMatch(r -> ApiClient.DONE.contains(r.get("state")))) break;
            assertTrue(System.nanoTime() < deadline, "not all done within " + WAIT.toSeconds() + " s: " + last.values());
            Thread.sleep(20);
        }
        System.out.printf("[ServerRunsIT] 20 runs: at most %d queued at once%n", maxQueued);
        assertTrue(maxQueued >= 10, "most of the 20 waited in the queue: " + maxQueued);
        for (Map<?, ?> r : last.values()) assertEquals("ok", r.get("state"), r.toString());
        // first in, first out: in the order they started, they were submitted
        List<Map<?, ?>> byStart = new ArrayList<>(last.values());
        byStart.sort(Comparator.comparing(r -> Instant.parse((String) r.get("started"))));
        for (int k = 1; k < byStart.size(); k++) {
            Instant before = Instant.parse((String) byStart.get(k - 1).get("submitted"));
            Instant after = Instant.parse((String) byStart.get(k).get("submitted"));
            assertTrue(!after.isBefore(before), "run " + byStart.get(k).get("id") + " started before an earlier submission");
            assertTrue(!Instant.parse((String) byStart.get(k).get("started")).isBefore(Instant.parse((String) byStart.get(k - 1).get("started"))));
        }
    }

    @Test
    @Order(3)
    void aRunInterruptedBySigtermResumesAfterARestartToTheUninterruptedResult() throws Exception {
        String id = (String) api.submit("md.run", MdParams.argon(RESUMED_STEPS, 500)).get("id");
        api.awaitProgress(id, 3000, WAIT);
        int exit = server.stop(Duration.ofSeconds(45));
        assertTrue(exit == 0 || exit == 143, "clean exit on SIGTERM (0, or 143 = killed by TERM after the shutdown hook): " + exit
                + "\n" + server.output());
        assertTrue(Files.size(server.runs().resolve(id).resolve("checkpoint.bin")) > 0, "checkpoint written");

        server = server.restart();
        api = ApiClient.of(server);
        List<?> all = api.get(API + "/runs").expect(200).list();
        assertTrue(ApiClient.ids(all).containsAll(pastRuns), "the past runs are listed after the restart: " + ApiClient.ids(all));
        Map<?, ?> interrupted = ApiClient.entry(all, "id", id);
        assertEquals("interrupted", interrupted.get("state"), interrupted.toString());
        assertEquals(true, interrupted.get("resumable"));
        assertEquals(List.of(id), ApiClient.ids(api.get(API + "/runs?state=interrupted").expect(200).list()));
        assertEquals("cancelled", api.run((String) pastRuns.get(0)).get("state"));
        assertTrue(api.run((String) pastRuns.get(1)).get("result") instanceof Map, "a finished run keeps its result");

        Map<?, ?> resumed = api.post(API + "/runs/" + id + "/resume", "").expect(202).map();
        assertEquals(id, resumed.get("id"));
        assertEquals(2L, resumed.get("attempts"));
        String whole = (String) api.submit("md.run", MdParams.argon(RESUMED_STEPS, 500)).get("id");
        Map<?, ?> a = api.awaitDone(id, WAIT);
        Map<?, ?> b = api.awaitDone(whole, WAIT);
        assertEquals("ok", a.get("state"), a.toString());
        assertEquals("ok", b.get("state"), b.toString());
        Map<?, ?> ra = (Map<?, ?>) ((Map<?, ?>) a.get("result")).get("result");
        Map<?, ?> rb = (Map<?, ?>) ((Map<?, ?>) b.get("result")).get("result");
        assertTrue(((Number) ra.get("resumed_from")).longValue() >= 3000, ra.toString());
        for (String key : List.of("steps", "temperature", "potential_energy", "kinetic_energy", "total_energy", "pressure")) {
            assertEquals(rb.get(key), ra.get(key), key + ": resumed " + ra + "\nwhole " + rb);
        }
        Path da = server.runs().resolve(id);
        Path db = server.runs().resolve(whole);
        for (String file : List.of("final.extxyz", "thermo.csv")) {
            assertEquals(Files.readString(db.resolve(file)), Files.readString(da.resolve(file)), file);
        }
    }

    private static Map<String, Map<?, ?>> byId(List<?> runs, List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, Map<?, ?>> out = new java.util.LinkedHashMap<>();
        for (Object o : runs) {
            Map<?, ?> r = (Map<?, ?>) o;
            if (wanted.contains(r.get("id"))) out.put((String) r.get("id"), r);
        }
        assertEquals(wanted, out.keySet(), "every submitted run is listed");
        return out;
    }
}
