package org.polymorph.core.internal.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.RunEvent;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;

/** The run engine over fake Methods: result.json, run directories, bad input, failures. */
class RunEngineTest {
    @TempDir
    Path cwd;

    private RunService engine() {
        return FakeMethods.service(cwd, "fake-cpu", FakeMethods.sum(), FakeMethods.required(), FakeMethods.failing(),
                FakeMethods.lateBadInput(), FakeMethods.nan());
    }

    static RunOutcome run(RunService s, String id, List<String> args, Path out) throws Exception {
        return s.submit(RunRequest.of(id, args, out)).await();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(file));
    }

    @Test
    @SuppressWarnings("unchecked")
    void successWritesResultJsonInTheDefaultRunDirectory() throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        RunOutcome o = engine().submit(RunRequest.of("test.sum", List.of("n=4", "factor=0.5"), null), e -> {
            if (e.state() == RunState.RUNNING && e.total() > 0) messages.add(e.done() + "/" + e.total());
        }).await();

        assertEquals(cwd.resolve("runs").resolve("20260102-030405-678-test.sum"), o.runDirectory());
        assertEquals(List.of("1/4", "2/4", "3/4", "4/4"), messages);
        assertTrue(Files.exists(o.runDirectory().resolve("note.txt")));
        Map<String, Object> doc = read(o.runDirectory().resolve("result.json"));
        assertEquals(List.of("run_id", "method", "bundle", "status", "params", "inputs", "result", "timing", "versions", "backend",
                "run_directory"), List.copyOf(doc.keySet()));
        assertEquals("ok", doc.get("status"));
        assertEquals(Map.of("n", 4L, "factor", 0.5, "sizes", List.of(1L, 2L)), doc.get("params"));
        assertEquals(5.0, ((Map<String, Object>) doc.get("result")).get("sum"));
        assertEquals("fake-cpu", doc.get("backend"));
        assertEquals("9.9.9.test", ((Map<String, Object>) doc.get("versions")).get("polymorph"));
        assertEquals("2026-01-02T03:04:05.678Z", ((Map<String, Object>) doc.get("timing")).get("started"));
        assertEquals(o.runDirectory().toString(), doc.get("run_directory"));
        assertEquals(Files.readString(o.runDirectory().resolve("result.json")), o.resultJson());
        try (var files = Files.list(o.runDirectory())) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void warningsAreWrittenAfterTheResultAndOnlyWhenThereAreAny() throws Exception {
        RunService s = FakeMethods.service(cwd, "fake-cpu", FakeMethods.warning(), FakeMethods.sum());
        RunOutcome o = run(s, "test.warn", List.of(), cwd.resolve("w"));
        Map<String, Object> doc = read(cwd.resolve("w/result.json"));
        assertEquals(List.of("supercell too small: use supercell=4,4,4", "lattice constant a = 1 Å looks absurd"), doc.get("warnings"));
        List<String> keys = List.copyOf(doc.keySet());
        assertEquals(keys.indexOf("result") + 1, keys.indexOf("warnings"), "warnings follow the result: " + keys);
        assertEquals(o.result().warnings(), doc.get("warnings"));
        assertFalse(read(run(s, "test.sum", List.of(), cwd.resolve("s")).runDirectory().resolve("result.json")).containsKey("warnings"));
    }

    @Test
    void twoRunsInTheSameMillisecondGetDifferentDirectories() throws Exception {
        RunService e = engine();
        RunOutcome a = run(e, "test.sum", List.of(), null);
        RunOutcome b = run(e, "test.sum", List.of(), null);
        assertNotEquals(a.runDirectory(), b.runDirectory());
        assertTrue(b.runDirectory().getFileName().toString().endsWith("-test.sum-2"), b.runDirectory().toString());
        assertEquals(List.of(a.runId(), b.runId()), e.runs().stream().map(r -> r.id()).toList());
    }

    @Test
    void outOptionChoosesTheDirectoryRelativeToCwd() throws Exception {
        RunOutcome o = run(engine(), "test.need", List.of("label=x=y"), Path.of("mine/run1"));
        assertEquals(cwd.resolve("mine/run1"), o.runDirectory());
        assertEquals("x=y", ((Map<?, ?>) read(o.runDirectory().resolve("result.json")).get("params")).get("label"));
    }

    @Test
    void badInputIsRejectedBeforeAnyDirectoryIsCreated() {
        RunService e = engine();
        assertBad(e, "test.summ", List.of(), "unknown method 'test.summ'", "did you mean test.sum");
        assertBad(e, "test.sum", List.of("m=3"), "unknown parameter 'm'", "describe test.sum");
        assertBad(e, "test.sum", List.of("n=abc"), "parameter 'n' = 'abc'", "not an integer");
        assertBad(e, "test.sum", List.of("n=0"), "parameter 'n' = '0'", "out of range [1, 1000]");
        assertBad(e, "test.sum", List.of("sizes=4,100"), "parameter 'sizes'", "out of range [1, 64]");
        assertBad(e, "test.sum", List.of("n"), "'n'", "key=value");
        assertBad(e, "test.need", List.of(), "missing required parameter 'label'", "label=<text>");
        assertFalse(Files.exists(cwd.resolve("runs")), "no run directory for bad input");
        assertTrue(e.runs().isEmpty(), "bad input starts no run");
    }

    private static void assertBad(RunService e, String id, List<String> args, String... fragments) {
        BadInputException x = assertThrows(BadInputException.class, () -> e.submit(RunRequest.of(id, args, null)));
        for (String f : fragments) assertTrue(x.getMessage().contains(f), x.getMessage() + " lacks: " + f);
    }

    @Test
    @SuppressWarnings("unchecked")
    void failureWritesFailedResultAndRethrows() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class, () -> run(engine(), "test.fail", List.of(), cwd.resolve("f")));
        assertInstanceOf(ArithmeticException.class, x.getCause());
        assertTrue(x.getMessage().contains("diverged at step 7"), x.getMessage());
        assertFalse(x.getMessage().contains("Exception"), "no class name in the message: " + x.getMessage());
        assertEquals(RunState.FAILED, x.state());
        Map<String, Object> doc = read(cwd.resolve("f/result.json"));
        assertEquals("failed", doc.get("status"));
        Map<String, Object> error = (Map<String, Object>) doc.get("error");
        assertEquals("failure", error.get("type"));
        assertEquals("diverged at step 7: f = Infinity; lower lr", error.get("message"));
        assertEquals(Boolean.FALSE, error.get("bad_input"));
        assertEquals(Files.readString(cwd.resolve("f/result.json")), x.resultJson());
    }

    @Test
    void outOfMemoryEndsTheRunAsFailedInsteadOfNeverFinishing() throws Exception {
        RunService e = FakeMethods.service(cwd, "fake-cpu", FakeMethods.outOfMemory());
        var handle = e.submit(RunRequest.of("test.oom", List.of(), cwd.resolve("m")));
        RunFailedException x = assertThrows(RunFailedException.class, () -> handle.await(java.time.Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("the run never finished")));
        assertEquals(RunState.FAILED, x.state());
        assertTrue(x.getMessage().contains("out of memory"), x.getMessage());
        Map<?, ?> doc = read(cwd.resolve("m/result.json"));
        assertEquals("failed", doc.get("status"));
        assertTrue(((Map<?, ?>) doc.get("error")).get("message").toString().contains("-Xmx"), doc.toString());
    }

    @Test
    void badInputFoundWhileRunningIsKeptAsCause() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class, () -> run(engine(), "test.badfile", List.of(), cwd.resolve("b")));
        assertInstanceOf(BadInputException.class, x.getCause());
        assertEquals(RunState.BAD_INPUT, x.state());
        Map<?, ?> doc = read(cwd.resolve("b/result.json"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) doc.get("error")).get("bad_input"));
        assertEquals("bad_input", ((Map<?, ?>) doc.get("error")).get("type"));
        assertEquals("bad_input", doc.get("status"));
    }

    @Test
    void nonFiniteResultIsAFailureNotAResult() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class, () -> run(engine(), "test.nan", List.of(), cwd.resolve("n")));
        assertTrue(x.getMessage().contains("non-finite"), x.getMessage());
        assertTrue(x.getMessage().contains("'energy'"), x.getMessage());
        assertEquals("failed", read(cwd.resolve("n/result.json")).get("status"));
    }

    @Test
    void eventsArriveInOrderAndALateListenerReadsTheLatest() throws Exception {
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        var handle = engine().submit(RunRequest.of("test.sum", List.of("n=3"), null), events::add);
        handle.await();
        List<RunState> states = events.stream().map(RunEvent::state).toList();
        assertEquals(RunState.RUNNING, states.get(0));
        assertEquals(RunState.OK, states.get(states.size() - 1));
        assertEquals(5, events.size(), events.toString());   // running, 3 progress, ok
        assertEquals(3, events.get(3).done());
        assertEquals(RunState.OK, handle.latest().state());
        assertEquals(RunState.OK, handle.state());
        assertTrue(handle.completion().toCompletableFuture().isDone());
    }

    @Test
    void theRunDirectoryIsInTheLogContextWhileTheMethodRunsAndOnlyThen() throws Exception {
        Method reader = new Method() {
            @Override public String id() { return "test.context"; }
            @Override public String description() { return "Returns the run directory found in the log context"; }
            @Override public List<ParamSpec> params() { return List.of(); }
            @Override public Result run(Params p, Progress progress, RunDirectory dir) {
                return Result.builder().put("context", String.valueOf(ThreadContext.get("polymorph.run.dir"))).build();
            }
        };
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            RunService e = new RunEngine(FakeMethods.catalog(reader, FakeMethods.failing()), FakeMethods.env(cwd, null), one);
            RunOutcome o = run(e, "test.context", List.of(), cwd.resolve("c"));
            assertEquals(cwd.resolve("c").toString(), o.result().values().get("context"));
            assertEquals(null, one.submit(() -> ThreadContext.get("polymorph.run.dir")).get(), "removed after the run");
            assertThrows(RunFailedException.class, () -> run(e, "test.fail", List.of(), cwd.resolve("f")));
            assertEquals(null, one.submit(() -> ThreadContext.get("polymorph.run.dir")).get(), "removed after a failed run");
        } finally {
            one.shutdownNow();
        }
    }
}
