package org.polymorph.shell.internal.gogo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.shell.internal.fakes.FakeSession;
import org.polymorph.shell.internal.fakes.NoBackend;
import org.polymorph.shell.internal.run.ForegroundRuns;

/** The Gogo {@code run} command: {@code --out}, and Ctrl-C (a cancel through the session's foreground run). */
class RunCommandTest {
    @TempDir
    Path cwd;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;
    private final ForegroundRuns foreground = new ForegroundRuns();
    private RunService runs;
    private PolymorphCommands commands;

    @BeforeEach
    void setUp() {
        runs = FakeMethods.service(cwd, null, FakeMethods.steps(), FakeMethods.sum());
        commands = new PolymorphCommands(runs, new NoBackend(), foreground);
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private CommandSession session() {
        return FakeSession.of(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void runTakesOutLikeTheHeadlessCommand() throws Exception {
        commands.run(session(), "test.sum", "n=3", "--out", "mine");
        assertTrue(Files.isRegularFile(cwd.resolve("mine/result.json")), errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("run directory: " + cwd.resolve("mine")));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cancellingTheSessionsRunEndsTheCommandWithHowToResume() throws Exception {
        CommandSession session = session();
        Thread command = new Thread(() -> commands.run(session, "test.steps", "steps=100000", "step_ms=2"), "gogo-command");
        command.start();
        while (!foreground.cancel(session)) Thread.sleep(10); // Ctrl-C as soon as the run is on
        command.join();

        String out = outBytes.toString(StandardCharsets.UTF_8);
        String err = errBytes.toString(StandardCharsets.UTF_8);
        Path dir = runs.runs().get(0).runDirectory();
        assertEquals(RunState.CANCELLED, runs.runs().get(0).state());
        // the cancel lands either at the step's check or in its sleep (the run engine also interrupts the thread)
        assertTrue(err.startsWith("error: method 'test.steps' was cancelled: "), err);
        assertEquals("to continue: run test.steps steps=100000 step_ms=2 resume=true --out " + dir + "\n", out);
        assertTrue(!foreground.cancel(session), "the session waits for no run any more");

        outBytes.reset();
        commands.run(session, "test.steps", "steps=1", "step_ms=2", "resume=true", "--out", dir.toString());
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("resumed_from"), outBytes + " / " + errBytes);
    }
}
