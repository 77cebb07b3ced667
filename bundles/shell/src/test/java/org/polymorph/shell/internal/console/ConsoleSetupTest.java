package org.polymorph.shell.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandSession;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.shell.internal.fakes.FakeSession;
import org.polymorph.shell.internal.run.ForegroundRuns;

/** The console session gets the Polymorph completer, the history file and the Ctrl-C handler. */
class ConsoleSetupTest {
    @TempDir
    Path dir;

    private Terminal terminal;
    private LineReader reader;
    private CommandSession session;
    private final ForegroundRuns foreground = new ForegroundRuns();
    private final AtomicInteger consoleInterrupts = new AtomicInteger();
    private ConsoleSetup setup;

    @BeforeEach
    void setUp() throws Exception {
        terminal = TerminalBuilder.builder().system(false).dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build();
        reader = LineReaderBuilder.builder().terminal(terminal)
                .completer((r, line, candidates) -> candidates.add(new Candidate("describe"))).build();
        session = FakeSession.of(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of(ConsoleSetup.READER, reader, ConsoleSetup.TERMINAL, terminal, ConsoleSetup.SCOPE, "gogo:*"));
        terminal.handle(Terminal.Signal.INT, s -> consoleInterrupts.incrementAndGet()); // the console's own handler
        setup = new ConsoleSetup(new Completions(FakeMethods.catalog(FakeMethods.sum(), FakeMethods.steps())),
                dir.resolve(".polymorph/history"), foreground);
    }

    @AfterEach
    void close() throws Exception {
        terminal.close();
    }

    private List<String> complete(String line) {
        List<Candidate> out = new ArrayList<>();
        ((LineReaderImpl) reader).getCompleter().complete(reader, new DefaultParser().parse(line, line.length()), out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void completerAndHistoryFileAreInstalledOnce() {
        setup.beforeExecute(session, "profile");
        setup.afterExecute(session, "profile", (Object) null);
        assertEquals(List.of("test.steps", "test.sum"), complete("run test.s"));
        assertEquals(List.of("describe"), complete("desc"), "the console's completer for the command word");
        assertEquals(dir.resolve(".polymorph/history"), session.get(LineReader.HISTORY_FILE));
        assertTrue(Files.isDirectory(dir.resolve(".polymorph")));
        setup.beforeExecute(session, "again");
        assertEquals(List.of("test.steps", "test.sum"), complete("run test.s"), "not wrapped twice");
    }

    @Test
    void afterTheProfileThePolymorphCommandsComeFirstOnce() {
        setup.beforeExecute(session, "profile");
        setup.afterExecute(session, "profile", (Object) null);
        assertEquals("polymorph:gogo:*", session.get(ConsoleSetup.SCOPE), "jobs and exit are Polymorph's");
        session.put(ConsoleSetup.SCOPE, "*");
        setup.afterExecute(session, "SCOPE = '*'", (Object) null);
        assertEquals("*", session.get(ConsoleSetup.SCOPE), "the user's choice stays");
    }

    @Test
    void ctrlCCancelsTheSessionsRunElseGoesToTheConsole() throws Exception {
        setup.beforeExecute(session, "run test.steps");
        terminal.raise(Terminal.Signal.INT);
        assertEquals(1, consoleInterrupts.get(), "no run: the console interrupts the command");

        RunService runs = FakeMethods.service(dir, null, FakeMethods.steps());
        RunHandle run = runs.submit(RunRequest.of("test.steps", List.of("steps=100000", "step_ms=2"), null), e -> { });
        foreground.started(session, run);
        setup.beforeExecute(session, "run test.steps"); // the console may have put its handler back
        terminal.raise(Terminal.Signal.INT);
        assertEquals(1, consoleInterrupts.get(), "the run is cancelled instead");
        assertSame(RunState.CANCELLED, awaitEnd(run));
    }

    @Test
    void beforeTheConsoleHasAHandlerCtrlCIsIgnoredAsTheTerminalWasBuilt() {
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN); // how the console builds its terminal
        setup.beforeExecute(session, "profile");
        terminal.raise(Terminal.Signal.INT); // SIG_IGN is a marker: calling it would throw
        assertEquals(0, consoleInterrupts.get());
    }

    private static RunState awaitEnd(RunHandle run) throws InterruptedException {
        try {
            run.await();
        } catch (Exception e) {
            // cancelled: RunFailedException
        }
        return run.state();
    }
}
