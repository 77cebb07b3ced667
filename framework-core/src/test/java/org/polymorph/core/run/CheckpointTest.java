package org.polymorph.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

class CheckpointTest {
    @TempDir
    Path tmp;

    /** A Method with a trajectory parameter (dt), a deny-listed one (steps) and one of its own free ones. */
    private static Method method(String id, List<ParamSpec> specs, Set<String> free) {
        return new Method() {
            @Override public String id() { return id; }
            @Override public String description() { return "test"; }
            @Override public List<ParamSpec> params() { return specs; }
            @Override public Result run(Params p, Progress progress, RunDirectory d) { return Result.builder().build(); }
            @Override public Set<String> resumeMayChange() { return free; }
        };
    }

    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("steps", 100, "", 0, 1000, "steps"),
            ParamSpec.real("dt", 0.001, "ps", 0, 1, "time step"),
            ParamSpec.integer("thermo_every", 10, "steps", 1, 1000, "thermo interval"),
            ParamSpec.intList("sizes", List.of(1, 2), "", 1, 64, "sizes"),
            ParamSpec.bool("resume", false, "resume"));
    private static final Method MD = method("test.md", SPECS, Set.of("thermo_every"));

    private static Params params(String... kv) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String s : kv) raw.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        return Params.parse("test.md", SPECS, raw);
    }

    @Test
    void roundTripKeepsHeaderAndPayload() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        byte[] payload = {1, 2, 3, -1, 0, 42};
        Path f = Checkpoint.write(dir, "checkpoint.bin", MD, params("dt=0.002"), 7, payload);
        assertTrue(Checkpoint.recognises(f));
        Checkpoint c = Checkpoint.resume(dir, "checkpoint.bin", MD, params("dt=0.002", "steps=500", "resume=true", "thermo_every=5"));
        assertEquals("test.md", c.methodId());
        assertEquals(7, c.payloadVersion());
        assertArrayEquals(payload, c.payload());
        assertEquals(0.002, c.params().get("dt"));
        assertEquals(List.of(1L, 2L), c.params().get("sizes"));
        assertEquals(6, c.payloadStream().readAllBytes().length);
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void aChangedTrajectoryParameterIsRefusedNamingOldAndNewValue() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        Checkpoint.write(dir, "checkpoint.bin", MD, params("dt=0.002"), 1, new byte[0]);
        byte[] before = Files.readAllBytes(tmp.resolve("checkpoint.bin"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params("dt=0.003", "resume=true")));
        assertTrue(e.getMessage().startsWith("parameter 'dt' = '0.003'"), e.getMessage());
        assertTrue(e.getMessage().contains("had dt = 0.002"), e.getMessage());
        assertTrue(e.getMessage().contains("resume with dt=0.002"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params("dt=0.002", "sizes=1,3")));
        assertTrue(e.getMessage().contains("'sizes' = '1,3'") && e.getMessage().contains("sizes = 1,2"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(tmp.resolve("checkpoint.bin")), "a refused resume leaves the file as it was");
    }

    @Test
    void aParameterAddedLaterIsComparedByDefault() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        Method old = method("test.md", SPECS.subList(0, 2), Set.of());
        Checkpoint.write(dir, "checkpoint.bin", old, Params.parse("test.md", SPECS.subList(0, 2), Map.of()), 1, new byte[0]);
        List<ParamSpec> newer = new java.util.ArrayList<>(SPECS);
        newer.add(ParamSpec.real("damping", 0.5, "", 0, 1, "a parameter added after the checkpoint was written"));
        Method now = method("test.md", newer, Set.of());
        // absent in the earlier run: it had the default
        Checkpoint.resume(dir, "checkpoint.bin", now, Params.parse("test.md", newer, Map.of()));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", now,
                Params.parse("test.md", newer, Map.of("damping", "0.25"))));
        assertTrue(e.getMessage().contains("'damping' = '0.25'") && e.getMessage().contains("had damping = 0.5"), e.getMessage());
    }

    @Test
    void theDenyListAndTheMethodsAdditionsMayChange() {
        ResumeRule rule = ResumeRule.of(MD);
        assertTrue(rule.mayChange().containsAll(Set.of("steps", "resume", "checkpoint_every", "threads", "out", "thermo_every")));
        assertFalse(rule.mayChange().contains("dt"));
        rule.check(Map.of("steps", 10L, "dt", 0.001, "thermo_every", 1L), params("steps=20", "thermo_every=3").asMap(), "x");
        assertThrows(BadInputException.class, () -> ResumeRule.of(SPECS, Set.of())
                .check(Map.of("thermo_every", 1L), params("thermo_every=3").asMap(), "x"));
    }

    @Test
    void anotherMethodsCheckpointIsRefused() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        Checkpoint.write(dir, "checkpoint.bin", method("test.other", SPECS, Set.of()), params(), 1, new byte[0]);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params()));
        assertTrue(e.getMessage().contains("written by test.other, not test.md"), e.getMessage());
    }

    @Test
    void missingForeignNewerAndTruncatedFilesAreBadInput() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params()));
        assertTrue(e.getMessage().startsWith("parameter 'resume' = 'true': there is no checkpoint.bin"), e.getMessage());

        Files.writeString(tmp.resolve("checkpoint.bin"), "something else entirely", StandardCharsets.UTF_8);
        assertFalse(Checkpoint.recognises(tmp.resolve("checkpoint.bin")));
        e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params()));
        assertTrue(e.getMessage().contains("is not a Polymorph checkpoint"), e.getMessage());

        Path f = Checkpoint.write(dir, "checkpoint.bin", MD, params(), 1, new byte[100]);
        byte[] whole = Files.readAllBytes(f);
        byte[] newer = whole.clone();
        newer[11] = (byte) (Checkpoint.FORMAT_VERSION + 1);   // the int after the 8-byte magic, big-endian
        Files.write(f, newer);
        e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params()));
        assertTrue(e.getMessage().contains("format version " + (Checkpoint.FORMAT_VERSION + 1)), e.getMessage());

        Files.write(f, Arrays.copyOf(whole, whole.length - 10));
        e = assertThrows(BadInputException.class, () -> Checkpoint.resume(dir, "checkpoint.bin", MD, params()));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
    }

    @Test
    void aCancelledRunWritesItsCheckpointBeforeTheCancelledExceptionEvenWhenInterrupted() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        Checkpoint.Save save = () -> Checkpoint.write(dir, "checkpoint.bin", MD, params("dt=0.002"), 1, new byte[] {9});
        Checkpoint.writeIfCancelled(Progress.NONE, "step 1 of 2", save);
        assertFalse(Files.exists(tmp.resolve("checkpoint.bin")), "not cancelled: nothing written");
        Thread.currentThread().interrupt();
        try {
            CancelledException e = assertThrows(CancelledException.class, () -> Checkpoint.writeIfCancelled(Progress.NONE, "step 7 of 9", save));
            assertTrue(e.getMessage().contains("step 7 of 9") && e.getMessage().contains("resume=true"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is set again");
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(new byte[] {9}, Checkpoint.read(tmp.resolve("checkpoint.bin")).payload(), "written although the thread was interrupted");
    }

    @Test
    void namesMustStartWithCheckpoint() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp);
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.write(dir, "state.bin", MD, params(), 1, new byte[0]));
    }
}
