package org.polymorph.server.internal.runs;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.testing.FakeMethods;

/** A run store over the real run engine with fake Methods, and the waits its tests need. */
final class Fixture {
    static final Duration WAIT = Duration.ofSeconds(30);

    final Path home;
    final Path runsFolder;
    final RunService engine;

    /** An engine (two run threads) with test.sum, test.fail, test.steps and test.count, working in {@code home}. */
    Fixture(Path home) {
        this.home = home;
        this.runsFolder = home.resolve("server-runs");
        this.engine = FakeMethods.service(home, null, FakeMethods.sum(), FakeMethods.failing(), FakeMethods.steps(),
                FakeMethods.counter());
    }

    /** An opened store on {@link #runsFolder}. */
    ServerRuns open(int maxConcurrent, int maxQueued) throws Exception {
        ServerRuns runs = new ServerRuns(engine, runsFolder, maxConcurrent, maxQueued, Clock.systemUTC());
        runs.open();
        return runs;
    }

    /** A run of test.count that takes about {@code steps} × {@code stepMs} ms. */
    static Map<String, String> count(int steps, int stepMs) {
        return Map.of("steps", Integer.toString(steps), "step_ms", Integer.toString(stepMs));
    }

    /** Waits until run {@code id} satisfies {@code condition}; its record then. */
    static RunRecord await(ServerRuns runs, String id, Predicate<RunRecord> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        RunRecord r = runs.get(id).orElseThrow();
        while (!condition.test(r)) {
            if (System.nanoTime() > end) fail("run " + id + " never became " + what + "; it is " + r);
            Thread.sleep(10);
            r = runs.get(id).orElseThrow();
        }
        return r;
    }

    /** Waits until run {@code id} is in {@code state}. */
    static RunRecord await(ServerRuns runs, String id, RunStatus state) throws InterruptedException {
        return await(runs, id, r -> r.state() == state, state.id());
    }

    /** Waits until {@code events} holds an event satisfying {@code condition}. */
    static void awaitEvent(List<ServerEvent> events, Predicate<ServerEvent> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (snapshot(events).stream().noneMatch(condition)) {
            if (System.nanoTime() > end) fail("no " + what + " among " + snapshot(events));
            Thread.sleep(10);
        }
    }

    /** A list sinks can add to from another thread. */
    static List<ServerEvent> sink() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    static List<ServerEvent> snapshot(List<ServerEvent> events) {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
