package org.polymorph.core.internal.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.core.internal.run.RunEngineTest.read;
import static org.polymorph.core.internal.run.RunEngineTest.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;
import org.polymorph.core.run.testing.FakeMethods;

/** Run directories are never clobbered; resume continues only the same run; result.json records provenance. */
class RunDirectoryRulesTest {
    @TempDir
    Path cwd;

    private RunService engine() {
        return FakeMethods.service(cwd, "fake-cpu", FakeMethods.sum(), FakeMethods.steps());
    }

    /** Every file under {@code dir} with its bytes and modification time. */
    private static Map<Path, String> snapshot(Path dir) throws Exception {
        Map<Path, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!Files.isRegularFile(f)) continue;
                FileTime t = Files.getLastModifiedTime(f);
                out.put(f, HexFormat.of().formatHex(Files.readAllBytes(f)) + "@" + t.toMillis());
            }
        }
        return out;
    }

    @Test
    void aFolderHoldingAnotherRunIsRefusedAndLeftUntouched() throws Exception {
        RunService e = engine();
        Path out = cwd.resolve("once");
        run(e, "test.sum", List.of("n=3"), out);
        Map<Path, String> before = snapshot(out);
        BadInputException x = assertThrows(BadInputException.class, () -> e.submit(RunRequest.of("test.sum", List.of("n=3"), out)));
        assertTrue(x.getMessage().startsWith("--out " + out + " holds an earlier test.sum run (result.json)"), x.getMessage());
        assertTrue(x.getMessage().contains("give a new folder"), x.getMessage());
        x = assertThrows(BadInputException.class, () -> e.submit(RunRequest.of("test.steps", List.of(), out)));
        assertTrue(x.getMessage().contains("holds an earlier test.sum run"), x.getMessage());
        assertEquals(before, snapshot(out));
    }

    @Test
    void aFolderWithOnlyACheckpointHoldsARunToo() throws Exception {
        Path out = Files.createDirectories(cwd.resolve("killed"));
        Files.writeString(out.resolve("checkpoint.bin"), "state of a run killed before its result.json");
        BadInputException x = assertThrows(BadInputException.class, () -> engine().submit(RunRequest.of("test.steps", List.of(), out)));
        assertTrue(x.getMessage().contains("holds an earlier run (checkpoint.bin)"), x.getMessage());
        assertTrue(x.getMessage().contains("resume=true"), x.getMessage());
    }

    @Test
    void resumeContinuesTheSameRunAndRefusesAChangedParameter() throws Exception {
        RunService e = engine();
        Path out = cwd.resolve("long");
        run(e, "test.steps", List.of("steps=5", "dt=0.25"), out);
        Map<Path, String> before = snapshot(out);

        BadInputException x = assertThrows(BadInputException.class,
                () -> e.submit(RunRequest.of("test.steps", List.of("steps=8", "dt=0.5", "resume=true"), out)));
        assertTrue(x.getMessage().startsWith("parameter 'dt' = '0.5': the earlier run"), x.getMessage());
        assertTrue(x.getMessage().contains("had dt = 0.25"), x.getMessage());
        assertEquals(before, snapshot(out), "a refused resume leaves every file as it was");

        RunOutcome o = e.submit(new RunRequest("test.steps", Map.of("steps", "8", "dt", "0.25"), out, true)).await();
        assertEquals(5L, ((Number) o.result().values().get("resumed_from")).longValue());
        assertEquals(8L, ((Number) o.result().values().get("steps")).longValue());
        assertEquals(Map.of("steps", 8L, "dt", 0.25, "step_ms", 0L, "input", "", "resume", true), read(out.resolve("result.json")).get("params"));
    }

    @Test
    void resumeNeedsTheEarlierRunsFolderOfTheSameMethod() throws Exception {
        RunService e = engine();
        BadInputException x = assertThrows(BadInputException.class,
                () -> e.submit(RunRequest.of("test.steps", List.of("resume=true"), null)));
        assertTrue(x.getMessage().startsWith("parameter 'resume' = 'true': there is no earlier run to continue"), x.getMessage());
        Path out = cwd.resolve("sum");
        run(e, "test.sum", List.of(), out);
        x = assertThrows(BadInputException.class, () -> e.submit(RunRequest.of("test.steps", List.of("resume=true"), out)));
        assertTrue(x.getMessage().contains("holds a run of test.sum, not of test.steps"), x.getMessage());
        x = assertThrows(BadInputException.class, () -> e.submit(new RunRequest("test.sum", Map.of(), out, true)));
        assertTrue(x.getMessage().contains("test.sum cannot resume a run"), x.getMessage());
        assertFalse(Files.exists(cwd.resolve("runs")), "no run directory for bad input");
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultJsonRecordsRunBundleInputsAndVersions() throws Exception {
        Path input = Files.writeString(cwd.resolve("in.txt"), "hello\n", StandardCharsets.UTF_8);
        RunHandle h = engine().submit(RunRequest.of("test.steps", List.of("input=" + input), null));
        RunOutcome o = h.await();
        Map<String, Object> doc = read(o.runDirectory().resolve("result.json"));
        assertEquals(h.id(), doc.get("run_id"));
        assertEquals(o.runId(), h.id());
        assertEquals(Map.of("symbolic_name", FakeMethods.BUNDLE, "version", FakeMethods.BUNDLE_VERSION), doc.get("bundle"));
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) doc.get("inputs");
        assertEquals(1, inputs.size());
        assertEquals("input", inputs.get(0).get("param"));
        assertEquals(input.toAbsolutePath().toString(), inputs.get(0).get("path"));
        assertEquals(6L, inputs.get(0).get("bytes"));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, inputs.get(0).get("sha256"));
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", inputs.get(0).get("sha256"));
        Map<String, Object> versions = (Map<String, Object>) doc.get("versions");
        assertEquals(FakeMethods.GIT_COMMIT, versions.get("git_commit"));
        assertEquals("9.9.9.test", versions.get("polymorph"));
        assertEquals(Map.of("steps", 10L, "dt", 0.5, "step_ms", 0L, "input", input.toAbsolutePath().toString(), "resume", false),
                doc.get("params"), "defaults filled in");
    }

    @Test
    void resultFilesAreCreatedWithTheProcessUmask() throws Exception {
        RunOutcome o = run(engine(), "test.sum", List.of(), null);
        // a file created plainly in the same folder gets the process umask
        Path reference = Files.createFile(o.runDirectory().resolve("reference"));
        var expected = Files.getPosixFilePermissions(reference);
        assertEquals(expected, Files.getPosixFilePermissions(o.runDirectory().resolve("result.json")));
        assertEquals(expected, Files.getPosixFilePermissions(o.runDirectory().resolve("note.txt")));
    }

    @Test
    void anOutThatCannotBeCreatedIsBadInputNamingOut() throws Exception {
        Path file = Files.writeString(cwd.resolve("plain-file"), "x");
        BadInputException x = assertThrows(BadInputException.class, () -> engine().submit(RunRequest.of("test.sum", List.of(), file)));
        assertTrue(x.getMessage().startsWith("--out " + file + " exists and is not a directory"), x.getMessage());
        Path below = file.resolve("run");
        x = assertThrows(BadInputException.class, () -> engine().submit(RunRequest.of("test.sum", List.of(), below)));
        assertTrue(x.getMessage().startsWith("--out " + below + " cannot be created ("), x.getMessage());
        assertFalse(x.getMessage().contains("Exception"), x.getMessage());
    }

    @Test
    void aRunningRunSaysSoInItsFolderAndIsCancelledWithinASecond() throws Exception {
        Path out = cwd.resolve("slow");
        RunHandle h = engine().submit(RunRequest.of("test.steps", List.of("steps=100000", "step_ms=5"), out));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (h.latest().done() < 3 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(RunState.RUNNING, h.state());
        assertEquals("running", read(out.resolve("result.json")).get("status"));

        long t0 = System.nanoTime();
        h.cancel();
        var failure = assertThrows(org.polymorph.core.run.RunFailedException.class, h::await);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertTrue(seconds < 1.0, "cancelled after " + seconds + " s");
        assertEquals(RunState.CANCELLED, failure.state());
        assertEquals(RunState.CANCELLED, h.state());
        assertTrue(failure.getMessage().startsWith("method 'test.steps' was cancelled: "), failure.getMessage());
        Map<String, Object> doc = read(out.resolve("result.json"));
        assertEquals("cancelled", doc.get("status"));
        assertEquals("cancelled", ((Map<?, ?>) doc.get("error")).get("type"));
        assertTrue(Files.readString(out.resolve("checkpoint.txt")).strip().matches("\\d+"), "the method left its checkpoint");
        byte[] kept = Files.readAllBytes(out.resolve("result.json"));
        h.cancel();   // no effect on a finished run
        assertArrayEquals(kept, Files.readAllBytes(out.resolve("result.json")));
    }
}
