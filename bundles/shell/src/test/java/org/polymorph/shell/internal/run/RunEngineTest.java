package org.polymorph.shell.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.runtime.Json;
import org.polymorph.shell.internal.fakes.FakeMethods;

class RunEngineTest {
    @TempDir
    Path cwd;

    private RunEngine engine() {
        return new RunEngine(FakeMethods.catalog(FakeMethods.sum(), FakeMethods.required(), FakeMethods.failing(),
                FakeMethods.lateBadInput(), FakeMethods.nan()), FakeMethods.env(cwd, "fake-cpu"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(file));
    }

    @Test
    @SuppressWarnings("unchecked")
    void successWritesResultJsonInTheDefaultRunDirectory() throws Exception {
        List<String> messages = new ArrayList<>();
        Progress progress = (done, total, msg) -> messages.add(done + "/" + total);
        RunOutcome o = engine().run("test.sum", List.of("n=4", "factor=0.5"), null, progress);

        assertEquals(cwd.resolve("runs").resolve("20260102-030405-678-test.sum"), o.runDirectory());
        assertEquals(List.of("1/4", "2/4", "3/4", "4/4"), messages);
        assertTrue(Files.exists(o.runDirectory().resolve("note.txt")));
        Map<String, Object> doc = read(o.runDirectory().resolve("result.json"));
        assertEquals(List.of("method", "status", "params", "result", "timing", "versions", "backend", "run_directory"),
                List.copyOf(doc.keySet()));
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
    void twoRunsInTheSameMillisecondGetDifferentDirectories() throws Exception {
        RunOutcome a = engine().run("test.sum", List.of(), null, Progress.NONE);
        RunOutcome b = engine().run("test.sum", List.of(), null, Progress.NONE);
        assertNotEquals(a.runDirectory(), b.runDirectory());
        assertTrue(b.runDirectory().getFileName().toString().endsWith("-test.sum-2"), b.runDirectory().toString());
    }

    @Test
    void outOptionChoosesTheDirectoryRelativeToCwd() throws Exception {
        RunOutcome o = engine().run("test.need", List.of("label=x=y"), Path.of("mine/run1"), Progress.NONE);
        assertEquals(cwd.resolve("mine/run1"), o.runDirectory());
        assertEquals("x=y", ((Map<?, ?>) read(o.runDirectory().resolve("result.json")).get("params")).get("label"));
    }

    @Test
    void badInputIsRejectedBeforeAnyDirectoryIsCreated() {
        RunEngine e = engine();
        assertBad(e, "test.summ", List.of(), "unknown method 'test.summ'", "did you mean test.sum");
        assertBad(e, "test.sum", List.of("m=3"), "unknown parameter 'm'", "describe test.sum");
        assertBad(e, "test.sum", List.of("n=abc"), "parameter 'n' = 'abc'", "not an integer");
        assertBad(e, "test.sum", List.of("n=0"), "parameter 'n' = '0'", "out of range [1, 1000]");
        assertBad(e, "test.sum", List.of("sizes=4,100"), "parameter 'sizes'", "out of range [1, 64]");
        assertBad(e, "test.sum", List.of("n"), "'n'", "key=value");
        assertBad(e, "test.need", List.of(), "missing required parameter 'label'", "label=<text>");
        assertFalse(Files.exists(cwd.resolve("runs")), "no run directory for bad input");
    }

    private static void assertBad(RunEngine e, String id, List<String> args, String... fragments) {
        BadInputException x = assertThrows(BadInputException.class, () -> e.run(id, args, null, Progress.NONE));
        for (String f : fragments) assertTrue(x.getMessage().contains(f), x.getMessage() + " lacks: " + f);
    }

    @Test
    @SuppressWarnings("unchecked")
    void failureWritesFailedResultAndRethrows() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class,
                () -> engine().run("test.fail", List.of(), cwd.resolve("f"), Progress.NONE));
        assertInstanceOf(ArithmeticException.class, x.getCause());
        assertTrue(x.getMessage().contains("diverged at step 7"), x.getMessage());
        Map<String, Object> doc = read(cwd.resolve("f/result.json"));
        assertEquals("failed", doc.get("status"));
        Map<String, Object> error = (Map<String, Object>) doc.get("error");
        assertEquals("java.lang.ArithmeticException", error.get("type"));
        assertEquals(Boolean.FALSE, error.get("bad_input"));
        assertEquals(Files.readString(cwd.resolve("f/result.json")), x.resultJson());
    }

    @Test
    void badInputFoundWhileRunningIsKeptAsCause() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class,
                () -> engine().run("test.badfile", List.of(), cwd.resolve("b"), Progress.NONE));
        assertInstanceOf(BadInputException.class, x.getCause());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) read(cwd.resolve("b/result.json")).get("error")).get("bad_input"));
    }

    @Test
    void nonFiniteResultIsAFailureNotAResult() throws Exception {
        RunFailedException x = assertThrows(RunFailedException.class,
                () -> engine().run("test.nan", List.of(), cwd.resolve("n"), Progress.NONE));
        assertTrue(x.getMessage().contains("non-finite"), x.getMessage());
        assertEquals("failed", read(cwd.resolve("n/result.json")).get("status"));
    }
}
