package org.polymorph.shell.internal.gogo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.shell.internal.fakes.NoBackend;

/**
 * The polymorph commands through Gogo's own parser (CommandProcessorImpl, as the runtime's shell runs a
 * typed line): list values survive it unquoted, and tables fit the session's COLUMNS.
 */
class PolymorphCommandsTest {
    @TempDir
    Path cwd;

    private ThreadIOImpl threadIo;
    private CommandProcessorImpl processor;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private CommandSession session;

    @BeforeEach
    void gogo() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        PolymorphCommands commands = new PolymorphCommands(FakeMethods.service(cwd, null, FakeMethods.points(), FakeMethods.sum(),
                FakeMethods.required()), new NoBackend());
        for (String f : PolymorphCommands.FUNCTIONS) processor.addCommand(PolymorphCommands.SCOPE, commands, f);
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps);
    }

    @AfterEach
    void close() {
        session.close();
        threadIo.stop();
    }

    private String text() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void listOfListsWithSlashesReachesTheMethodWhole() throws Exception {
        session.execute("run test.points points=0,0,0/0.5,0.5,0.5/-1,2.5e-1,1E+0");
        assertTrue(text().contains("  3 points\n"), text());
    }

    @Test
    void anUnquotedSemicolonEndsTheGogoCommandWhichIsWhyTheSlashIsTheSeparator() throws Exception {
        assertThrows(CommandNotFoundException.class, () -> session.execute("run test.points points=0,0,0;0.5,0.5,0.5"));
        assertTrue(text().contains("  1 points\n"), "Gogo ran the first half alone: " + text());
        out.reset();
        session.execute("run test.points 'points=0,0,0;0.5,0.5,0.5'");
        assertTrue(text().contains("  2 points\n"), "quoted, the older separator still reads: " + text());
    }

    @Test
    void trailingGarbageIsOneErrorLineNamingTheParameterAndTheForm() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            session.execute("run test.points points=0,0,0/");
            session.execute("run test.points points=0,0");
        } finally {
            System.setErr(err);
        }
        String e = errBytes.toString(StandardCharsets.UTF_8) + text();
        assertTrue(e.contains("error: parameter 'points' = '0,0,0/': empty item after the last separator"), e);
        assertTrue(e.contains("error: parameter 'points' = '0,0': '0,0' has 2 numbers, not 3; write 3 numbers per item"), e);
        assertTrue(!e.contains(" points\n"), "no run: " + e);
    }

    @Test
    void tablesFitTheSessionColumns() throws Exception {
        session.put("COLUMNS", 200);
        session.execute("describe test.points");
        assertTrue(text().contains("  points     3-number lists  0,0,0"), "the type and the default as written: " + text());
        out.reset();
        session.put("COLUMNS", 72);
        session.execute("describe test.points");
        session.execute("methods");
        String t = text();
        for (String line : t.split("\n")) assertTrue(line.length() <= 72, line.length() + " > 72: '" + line + "'\n" + t);
        assertTrue(t.contains("DESCRIPTION"), "headers are not broken while the cells can wrap: " + t);
        assertTrue(t.lines().anyMatch(l -> l.strip().endsWith("by '/'") && !l.contains("points a,b,c")), "the description wraps onto a continuation line: " + t);

        // gogo-jline's shell computes COLUMNS from its terminal through the session function #COLUMNS
        session.put("COLUMNS", null);
        session.put("#COLUMNS", (Function) (s, args) -> 50);
        out.reset();
        session.execute("methods");
        assertTrue(text().lines().mapToInt(String::length).max().orElseThrow() <= 50, text());
        assertTrue(text().lines().anyMatch(l -> l.length() > 40), "uses the width it has: " + text());
    }
}
