package org.polymorph.server.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.server.internal.runs.Fixture.await;
import static org.polymorph.server.internal.runs.Fixture.count;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** The run store across restarts: the index, interrupted runs, resume, a damaged index, shutdown. */
class ServerRunsRestartTest extends RunStoreTestBase {
    @Test
    void finishedRunsAreListedWithTheirResultsByTheNextStore() throws Exception {
        Fixture f = new Fixture(home);
        ServerRuns first = f.open(1, 10);
        RunRecord ok = first.submit("test.sum", Map.of("n", "4"));
        RunRecord failed = first.submit("test.fail", Map.of());
        RunRecord cancelled = first.submit("test.sum", Map.of());
        first.cancel(cancelled.id());
        await(first, failed.id(), RunStatus.FAILED);
        List<RunRecord> before = first.list(Optional.empty());
        first.close();

        runs = f.open(1, 10);
        assertEquals(before, runs.list(Optional.empty()), "the same runs, newest first, with the same fields");
        assertEquals(List.of(cancelled.id(), failed.id(), ok.id()), runs.list(Optional.empty()).stream().map(RunRecord::id).toList());
        Map<?, ?> result = (Map<?, ?>) Json.parse(runs.resultJson(ok.id()).orElseThrow());
        assertEquals("ok", result.get("status"));
        assertEquals(10.0, ((Map<?, ?>) result.get("result")).get("sum"));
        assertTrue(runs.get(failed.id()).orElseThrow().message().contains("diverged at step 7"));
        assertEquals(Optional.empty(), runs.resultJson(cancelled.id()), "cancelled in the queue: no result.json");
    }

    @Test
    void aRunningRunBecomesInterruptedAndQueuedOnesRunAfterACrash() throws Exception {
        Fixture f = new Fixture(home);
        Instant t = Instant.parse("2026-12-06T09:00:00Z");
        RunRecord wasRunning = new RunRecord("20261206-090000-test.count-00a1", "test.count", count(50, 0),
                f.runsFolder.resolve("20261206-090000-test.count-00a1"), RunStatus.RUNNING, 7, 50, "step 7", t, t, null, true, 1);
        RunRecord wasQueued1 = RunRecord.queued("20261206-090001-test.sum-00b2", "test.sum", Map.of("n", "3"),
                f.runsFolder.resolve("20261206-090001-test.sum-00b2"), false, t.plusSeconds(1));
        RunRecord wasQueued2 = RunRecord.queued("20261206-090002-test.sum-00c3", "test.sum", Map.of("n", "5"),
                f.runsFolder.resolve("20261206-090002-test.sum-00c3"), false, t.plusSeconds(2));
        new RunIndex(f.runsFolder, Clock.systemUTC()).save(List.of(wasRunning, wasQueued1, wasQueued2));

        runs = f.open(1, 10);
        RunRecord interrupted = runs.get(wasRunning.id()).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.state());
        assertTrue(interrupted.message().contains("the server stopped while it ran"), interrupted.message());
        RunRecord q1 = await(runs, wasQueued1.id(), RunStatus.OK);
        RunRecord q2 = await(runs, wasQueued2.id(), RunStatus.OK);
        assertFalse(q2.started().isBefore(q1.finished()), "FIFO after the restart, one at a time");
        assertTrue(runs.resultJson(q2.id()).orElseThrow().contains("15.0"));
        // the store saves the index on its event thread just after the state changed in memory
        List<?> states = List.of();
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            Map<?, ?> index = (Map<?, ?>) Json.parse(Files.readString(f.runsFolder.resolve(RunIndex.FILE)));
            states = ((List<?>) index.get("runs")).stream().map(r -> ((Map<?, ?>) r).get("state")).toList();
            if (states.equals(List.of("interrupted", "ok", "ok"))) break;
        }
        assertEquals(List.of("interrupted", "ok", "ok"), states);

        RunRecord resumed = runs.resume(wasRunning.id());
        assertEquals(2, resumed.attempts());
        RunRecord done = await(runs, wasRunning.id(), RunStatus.OK);
        assertTrue(runs.resultJson(done.id()).orElseThrow().contains("\"resumed_from\": 0"),
                "no folder to continue: the run starts afresh");
    }

    @Test
    void aResumedRunEndsWithTheResultOfAnUninterruptedOne() throws Exception {
        Fixture f = new Fixture(home);
        ServerRuns first = f.open(1, 10);
        RunRecord run = first.submit("test.count", count(40, 20));
        await(first, run.id(), r -> r.done() >= 15, "past step 15");
        first.shutdown(Fixture.WAIT);
        RunRecord stopped = first.get(run.id()).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, stopped.state());
        assertTrue(Files.isRegularFile(run.runDirectory().resolve("checkpoint.bin")));

        runs = f.open(1, 10);
        assertEquals(RunStatus.INTERRUPTED, runs.get(run.id()).orElseThrow().state());
        RunRecord queued = runs.resume(run.id());
        assertEquals(RunStatus.QUEUED, queued.state());
        assertEquals(2, queued.attempts());
        assertEquals(run.runDirectory(), queued.runDirectory());
        assertEquals(RunStatus.OK, await(runs, run.id(), RunStatus.OK).state());
        RunRecord straight = runs.submit("test.count", count(40, 0));
        await(runs, straight.id(), RunStatus.OK);

        Map<?, ?> resumed = result(runs, run.id());
        Map<?, ?> uninterrupted = result(runs, straight.id());
        assertEquals(uninterrupted.get("acc"), resumed.get("acc"));
        assertEquals(40L, resumed.get("steps"));
        assertTrue((Long) resumed.get("resumed_from") >= 15, "continued from its checkpoint: " + resumed);
        assertEquals(2, runs.get(run.id()).orElseThrow().attempts());
    }

    @Test
    void aRunCancelledWhileRunningResumesFromItsCheckpointAndOneCancelledInTheQueueStartsAfresh() throws Exception {
        runs = new Fixture(home).open(1, 10);
        RunRecord run = runs.submit("test.count", count(30, 20));
        RunRecord waiting = runs.submit("test.count", count(30, 0));
        await(runs, run.id(), r -> r.done() >= 5, "past step 5");
        runs.cancel(waiting.id());
        runs.cancel(run.id());
        await(runs, run.id(), RunStatus.CANCELLED);
        runs.resume(run.id());
        runs.resume(waiting.id());
        await(runs, run.id(), RunStatus.OK);
        await(runs, waiting.id(), RunStatus.OK);
        assertEquals(result(runs, waiting.id()).get("acc"), result(runs, run.id()).get("acc"));
        assertTrue((Long) result(runs, run.id()).get("resumed_from") >= 5, result(runs, run.id()).toString());
        assertEquals(0L, result(runs, waiting.id()).get("resumed_from"), "it never ran: no checkpoint to continue");
        assertEquals(List.of(2, 2), List.of(runs.get(run.id()).orElseThrow().attempts(), runs.get(waiting.id()).orElseThrow().attempts()));
    }

    @Test
    void resumeIsRefusedForAFinishedRunAndForAMethodWithoutCheckpoints() throws Exception {
        Fixture f = new Fixture(home);
        Instant t = Instant.parse("2026-12-06T09:00:00Z");
        RunRecord lost = new RunRecord("20261206-090000-test.sum-0a0a", "test.sum", Map.of(),
                f.runsFolder.resolve("20261206-090000-test.sum-0a0a"), RunStatus.RUNNING, 0, 0, "", t, t, null, false, 1);
        new RunIndex(f.runsFolder, Clock.systemUTC()).save(List.of(lost));
        runs = f.open(1, 10);
        RunRecord ok = runs.submit("test.count", count(3, 0));
        await(runs, ok.id(), RunStatus.OK);

        BadInputException finished = assertThrows(BadInputException.class, () -> runs.resume(ok.id()));
        assertTrue(finished.getMessage().contains("is ok; only an interrupted or cancelled run can be resumed"), finished.getMessage());
        BadInputException noCheckpoint = assertThrows(BadInputException.class, () -> runs.resume(lost.id()));
        assertTrue(noCheckpoint.getMessage().contains("test.sum keeps no checkpoint"), noCheckpoint.getMessage());
        assertThrows(UnknownRunException.class, () -> runs.resume("20261206-090000-test.sum-ffff"));
        assertEquals(1, runs.get(ok.id()).orElseThrow().attempts());
        assertEquals(RunStatus.INTERRUPTED, runs.get(lost.id()).orElseThrow().state());
    }

    @Test
    void aDamagedIndexIsMovedAsideAndTheStoreStartsEmpty() throws Exception {
        Fixture f = new Fixture(home);
        Files.createDirectories(f.runsFolder);
        Files.writeString(f.runsFolder.resolve(RunIndex.FILE), "{\"format\": 1, \"runs\": [{\"id\": \"../../etc\"");
        runs = f.open(1, 10);
        assertTrue(runs.list(Optional.empty()).isEmpty());
        try (var files = Files.list(f.runsFolder)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("index.json.bad-")).toList();
            assertEquals(1, aside.size());
            assertTrue(Files.readString(aside.get(0)).contains("../../etc"), "kept as it was");
        }
        RunRecord r = runs.submit("test.sum", Map.of());
        await(runs, r.id(), RunStatus.OK);
        assertEquals(List.of(r.id()), new RunIndex(f.runsFolder, Clock.systemUTC()).load().stream().map(RunRecord::id).toList());
    }

    @Test
    void indexEntriesThatAreNotRunsCountAsDamage() throws Exception {
        Path folder = Files.createDirectories(home.resolve("idx"));
        RunIndex index = new RunIndex(folder, Clock.systemUTC());
        for (String text : List.of("[]", "{\"format\": 2, \"runs\": []}", "{\"format\": 1}",
                "{\"format\": 1, \"runs\": [{\"id\": \"../x\", \"method\": \"m\", \"params\": {}}]}",
                "{\"format\": 1, \"runs\": [{\"id\": \"a\", \"method\": \"m\", \"params\": {}, \"state\": \"sleeping\"}]}")) {
            Files.writeString(index.file(), text);
            assertEquals(List.of(), index.load(), text);
            assertFalse(Files.exists(index.file()), "moved aside: " + text);
        }
        try (var files = Files.list(folder)) {
            assertEquals(5, files.count(), "each damaged index kept under its own name");
        }
    }

    @Test
    void shutdownMarksRunningRunsInterruptedKeepsQueuedOnesAndRefusesNewRuns() throws Exception {
        Fixture f = new Fixture(home);
        runs = f.open(1, 10);
        RunRecord running = runs.submit("test.count", count(100_000, 10));
        RunRecord queued = runs.submit("test.sum", Map.of());
        await(runs, running.id(), r -> r.done() > 0, "running");
        long t0 = System.nanoTime();
        runs.shutdown(Duration.ofSeconds(20));
        assertTrue(System.nanoTime() - t0 < 5e9, "the cancelled run ended quickly");

        RunRecord r = runs.get(running.id()).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, r.state(), "stays interrupted after the engine says cancelled");
        assertTrue(r.message().contains("resume"), r.message());
        assertTrue(r.finished() != null);
        assertTrue(Files.isRegularFile(running.runDirectory().resolve("checkpoint.bin")));
        assertEquals(RunStatus.QUEUED, runs.get(queued.id()).orElseThrow().state());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> runs.submit("test.sum", Map.of()));
        assertEquals("the server is stopping", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> runs.resume(running.id()));

        List<RunRecord> saved = new RunIndex(f.runsFolder, Clock.systemUTC()).load();
        assertEquals(List.of(RunStatus.INTERRUPTED, RunStatus.QUEUED), saved.stream().map(RunRecord::state).toList());
        assertNull(saved.get(1).started());
    }

    private static Map<?, ?> result(ServerRuns runs, String id) {
        return (Map<?, ?>) ((Map<?, ?>) Json.parse(runs.resultJson(id).orElseThrow())).get("result");
    }
}
