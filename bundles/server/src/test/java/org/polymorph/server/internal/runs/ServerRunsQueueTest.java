package org.polymorph.server.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.server.internal.runs.Fixture.await;
import static org.polymorph.server.internal.runs.Fixture.awaitEvent;
import static org.polymorph.server.internal.runs.Fixture.count;
import static org.polymorph.server.internal.runs.Fixture.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polymorph.core.method.BadInputException;

/** The queue of the run store: FIFO order, slots, a full queue, validation, cancel, events and log lines. */
class ServerRunsQueueTest extends RunStoreTestBase {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void runsStartInSubmissionOrderAndNeverMoreThanTheSlotsAtOnce(int slots) throws Exception {
        runs = new Fixture(home).open(slots, 100);
        List<ServerEvent> events = Fixture.sink();
        runs.subscribeAll(events::add);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 5; k++) ids.add(runs.submit("test.count", count(4, 25)).id());
        for (String id : ids) await(runs, id, RunStatus.OK);

        List<String> started = new ArrayList<>();
        Set<String> running = new HashSet<>();
        int most = 0;
        for (ServerEvent e : snapshot(events)) {
            RunRecord r = ((ServerEvent.State) e).run();
            if (r.state() == RunStatus.RUNNING) {
                started.add(r.id());
                running.add(r.id());
                most = Math.max(most, running.size());
            } else if (r.state().done()) {
                running.remove(r.id());
            }
        }
        // FIFO: the queue releases runs in submission order; runs released together (the first `slots`, or two whose
        // slots free at once) announce RUNNING from their own threads in either order, so the p-th run to start is
        // among the first p + slots − 1 submitted
        assertEquals(Set.copyOf(ids), Set.copyOf(started), "every run started once");
        assertEquals(ids.size(), started.size(), "every run started once");
        for (int p = 1; p <= started.size(); p++) {
            List<String> allowed = ids.subList(0, Math.min(ids.size(), p + slots - 1));
            assertTrue(allowed.containsAll(started.subList(0, p)), "FIFO: the first " + p + " started " + started.subList(0, p)
                    + " are among the first " + allowed.size() + " submitted " + allowed);
        }
        if (slots == 1) assertEquals(ids, started, "FIFO with one slot");
        assertEquals(slots, most, "runs at once");
    }

    @Test
    void aFullQueueRefusesARunAndQueuesNothing() throws Exception {
        runs = new Fixture(home).open(1, 2);
        RunRecord first = runs.submit("test.count", count(100_000, 10));
        await(runs, first.id(), RunStatus.RUNNING);
        runs.submit("test.sum", Map.of());
        runs.submit("test.sum", Map.of());
        QueueFullException full = assertThrows(QueueFullException.class, () -> runs.submit("test.sum", Map.of()));
        assertTrue(full.getMessage().contains("max_queued_runs"), full.getMessage());
        assertEquals(3, runs.list(Optional.empty()).size());
        assertEquals(2, runs.list(Optional.of(RunStatus.QUEUED)).size());
        runs.cancel(first.id());
        for (RunRecord r : runs.list(Optional.empty())) await(runs, r.id(), x -> x.state().done(), "done");
        assertEquals(2, runs.list(Optional.of(RunStatus.OK)).size(), "the queued runs ran after the cancel");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsQueued() throws Exception {
        Fixture f = new Fixture(home);
        runs = f.open(1, 10);
        UnknownMethodException unknown = assertThrows(UnknownMethodException.class, () -> runs.submit("test.summ", Map.of()));
        assertInstanceOf(BadInputException.class, unknown);
        assertTrue(unknown.getMessage().contains("unknown method 'test.summ'") && unknown.getMessage().contains("test.sum"),
                unknown.getMessage());
        BadInputException value = assertThrows(BadInputException.class, () -> runs.submit("test.sum", Map.of("n", "abc")));
        assertEquals(Optional.of("n"), value.parameter());
        assertEquals(Optional.of("abc"), value.value());
        BadInputException key = assertThrows(BadInputException.class, () -> runs.submit("test.sum", Map.of("m", "3")));
        assertTrue(key.getMessage().contains("unknown parameter 'm'"), key.getMessage());
        BadInputException file = assertThrows(BadInputException.class,
                () -> runs.submit("test.steps", Map.of("input", home.resolve("absent.xyz").toString())));
        assertEquals(Optional.of("input"), file.parameter());
        assertTrue(file.getMessage().contains("no readable file there"), file.getMessage());
        BadInputException resume = assertThrows(BadInputException.class, () -> runs.submit("test.count", Map.of("resume", "true")));
        assertEquals(Optional.of("resume"), resume.parameter());

        assertTrue(runs.list(Optional.empty()).isEmpty());
        try (var files = Files.list(f.runsFolder)) {
            assertEquals(List.of(RunIndex.FILE), files.map(p -> p.getFileName().toString()).toList(), "no run folder");
        }
        Files.writeString(home.resolve("in.xyz"), "1\n\nH 0 0 0\n");
        RunRecord ok = runs.submit("test.steps", Map.of("input", home.resolve("in.xyz").toString(), "steps", "2"));
        assertEquals(RunStatus.OK, await(runs, ok.id(), RunStatus.OK).state(), "a readable input file passes");
    }

    @Test
    void runIdsAreDatedFolderNamesUnderTheRunsFolder() throws Exception {
        Fixture f = new Fixture(home);
        runs = f.open(2, 10);
        RunRecord a = runs.submit("test.sum", Map.of("n", "3"));
        RunRecord b = runs.submit("test.sum", Map.of("n", "3"));
        assertTrue(a.id().matches("\\d{8}-\\d{6}-test\\.sum-[0-9a-f]{4}"), a.id());
        assertFalse(a.id().equals(b.id()));
        assertEquals(f.runsFolder.toAbsolutePath().resolve(a.id()), a.runDirectory());
        assertEquals(Map.of("n", "3"), a.params());
        assertEquals(1, a.attempts());
        assertFalse(a.resumable());
        assertTrue(runs.submit("test.count", Map.of()).resumable());
        RunRecord done = await(runs, a.id(), RunStatus.OK);
        assertTrue(Files.isRegularFile(a.runDirectory().resolve("result.json")));
        assertTrue(runs.resultJson(a.id()).orElseThrow().contains("\"sum\": 6.0"), runs.resultJson(a.id()).orElseThrow());
        assertTrue(done.started() != null && done.finished() != null && !done.finished().isBefore(done.started()), done.toString());
        assertEquals(List.of("test.count", "test.sum", "test.sum"),
                runs.list(Optional.empty()).stream().map(RunRecord::methodId).toList(), "newest first");
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnceAndARunningOneThroughTheEngine() throws Exception {
        runs = new Fixture(home).open(1, 10);
        RunRecord running = runs.submit("test.count", count(100_000, 10));
        RunRecord queued = runs.submit("test.sum", Map.of());
        await(runs, running.id(), r -> r.state() == RunStatus.RUNNING && r.done() > 0, "running");

        RunRecord c = runs.cancel(queued.id());
        assertEquals(RunStatus.CANCELLED, c.state());
        assertFalse(Files.exists(queued.runDirectory()), "a run cancelled in the queue never gets a folder");
        assertEquals(RunStatus.RUNNING, runs.get(running.id()).orElseThrow().state());

        assertEquals(RunStatus.RUNNING, runs.cancel(running.id()).state(), "asked to stop");
        RunRecord r = await(runs, running.id(), RunStatus.CANCELLED);
        assertTrue(Files.isRegularFile(running.runDirectory().resolve("checkpoint.bin")), "its checkpoint was written");
        assertTrue(r.message().contains("cancelled"), r.message());
        assertEquals(r, runs.cancel(running.id()), "a finished run is left as it is");
        assertThrows(UnknownRunException.class, () -> runs.cancel("20260101-000000-test.sum-0000"));
    }

    @Test
    void eventsOfARunComeInOrderAndItsFinalStateLast() throws Exception {
        runs = new Fixture(home).open(1, 10);
        List<ServerEvent> all = Fixture.sink();
        runs.subscribeAll(all::add);
        RunRecord blocker = runs.submit("test.count", count(10, 20));
        RunRecord run = runs.submit("test.count", count(5, 20));
        List<ServerEvent> events = Fixture.sink();
        runs.subscribe(run.id(), events::add);
        await(runs, blocker.id(), RunStatus.OK);
        await(runs, run.id(), RunStatus.OK);
        awaitEvent(events, e -> e instanceof ServerEvent.State s && s.run().state().done(), "final state");

        List<ServerEvent> got = new ArrayList<>(snapshot(events));
        if (((ServerEvent.State) got.get(0)).run().state() == RunStatus.QUEUED) got.remove(0);   // subscribed before it was told
        assertEquals(RunStatus.RUNNING, ((ServerEvent.State) got.get(0)).run().state(), got.toString());
        ServerEvent.State last = (ServerEvent.State) got.get(got.size() - 1);
        assertEquals(RunStatus.OK, last.run().state());
        assertEquals(5, last.run().done());
        List<ServerEvent> middle = got.subList(1, got.size() - 1);
        assertFalse(middle.isEmpty(), "progress between");
        long before = 0;
        for (ServerEvent e : middle) {
            ServerEvent.Progress p = assertInstanceOf(ServerEvent.Progress.class, e);
            assertEquals(run.id(), p.runId());
            assertEquals(5, p.total());
            assertTrue(p.done() > before, "progress grows: " + middle);
            before = p.done();
        }
        List<RunStatus> states = snapshot(all).stream().map(e -> ((ServerEvent.State) e).run())
                .filter(r -> r.id().equals(run.id())).map(RunRecord::state).toList();
        assertEquals(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.OK), states, "the stream of all runs");
        assertTrue(snapshot(events).stream().noneMatch(e -> e instanceof ServerEvent.State s && !s.run().id().equals(run.id())),
                "one run's stream carries only that run");
    }

    @Test
    void logLinesAppendedToRunLogReachTheSubscribersWholeAndInOrder() throws Exception {
        runs = new Fixture(home).open(1, 10);
        RunRecord run = runs.submit("test.count", count(100_000, 10));
        await(runs, run.id(), RunStatus.RUNNING);
        Path log = run.runDirectory().resolve("run.log");
        Files.writeString(log, "before the subscription\n");
        List<ServerEvent> events = Fixture.sink();
        AutoCloseable subscription = runs.subscribe(run.id(), events::add);
        append(log, "2026-12-06 10:00:00,000 INFO  o.p.m.MdRun - step 1\n2026-12-06 10:00:00,001 WARN  o.p.m.MdRun - ré");
        awaitEvent(events, e -> e instanceof ServerEvent.Log, "log line");
        Thread.sleep(3 * ServerRuns.LOG_POLL_MS);
        assertEquals(List.of("2026-12-06 10:00:00,000 INFO  o.p.m.MdRun - step 1"), logLines(events), "half a line waits");
        append(log, "sumé\r\nthird\n");
        awaitEvent(events, e -> e instanceof ServerEvent.Log l && l.line().equals("third"), "third line");
        assertEquals(List.of("2026-12-06 10:00:00,000 INFO  o.p.m.MdRun - step 1",
                "2026-12-06 10:00:00,001 WARN  o.p.m.MdRun - résumé", "third"), logLines(events));
        assertTrue(snapshot(events).stream().allMatch(e -> !(e instanceof ServerEvent.Log l) || l.runId().equals(run.id())));

        append(log, "last words\n");
        runs.cancel(run.id());
        awaitEvent(events, e -> e instanceof ServerEvent.State s && s.run().state().done(), "final state");
        List<ServerEvent> got = snapshot(events);
        int lastWords = got.indexOf(new ServerEvent.Log(run.id(), "last words"));
        assertTrue(lastWords >= 0 && lastWords < got.size() - 1, "log lines come before the final state: " + got);

        subscription.close();
        int seen = snapshot(events).size();
        append(log, "after the end\n");
        Thread.sleep(3 * ServerRuns.LOG_POLL_MS);
        assertEquals(seen, snapshot(events).size(), "nothing after close");
    }

    @Test
    void methodsEventsGoToTheStreamOfAllRunsOnly() throws Exception {
        runs = new Fixture(home).open(1, 10);
        RunRecord run = runs.submit("test.count", count(100_000, 10));
        List<ServerEvent> all = Fixture.sink();
        List<ServerEvent> one = Fixture.sink();
        runs.subscribeAll(all::add);
        runs.subscribe(run.id(), one::add);
        runs.methodsChanged(List.of("custom.hello"), List.of());
        ServerEvent.Methods expected = new ServerEvent.Methods(List.of("custom.hello"), List.of());
        awaitEvent(all, expected::equals, "methods event");
        assertTrue(snapshot(one).stream().noneMatch(e -> e instanceof ServerEvent.Methods), snapshot(one).toString());
        assertThrows(UnknownRunException.class, () -> runs.subscribe("nope", e -> { }));
        runs.cancel(run.id());
    }

    private static void append(Path file, String text) throws Exception {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> logLines(List<ServerEvent> events) {
        return snapshot(events).stream().filter(e -> e instanceof ServerEvent.Log).map(e -> ((ServerEvent.Log) e).line()).toList();
    }
}
