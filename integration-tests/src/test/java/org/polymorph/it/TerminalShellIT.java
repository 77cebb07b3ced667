package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.PtySession;

/**
 * The interactive shell at a real (pseudo-)terminal, as a user types: JLine builds a system terminal (no "dumb
 * terminal" fallback), TAB completes commands, Method ids, parameter names and choices, the history is kept in
 * {@code ~/.polymorph/history} and recalled with Up in the next session, and Ctrl-C cancels a running Method
 * (through the run engine, with the resume command printed) without leaving the shell.
 */
class TerminalShellIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration SHORT = Duration.ofSeconds(60); // generous for a loaded 2-core machine
    private static final String PROMPT = "g! ";
    private static final String UP = "\u001BOA"; // xterm's Up key in the keypad mode JLine switches on
    private static final String LONG_RUN = "run md.run lattice=fcc a=5.26 element=Ar"
            + " potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5 repeat=3,3,3 steps=10000000";

    @Test
    @Timeout(value = 280, unit = TimeUnit.SECONDS)
    void completionHistoryAndCtrlCAtARealTerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PtySession.PYTHON), "needs Debian's /usr/bin/python3 (pty module)");
        Path scratch = DistributionHome.scratch("terminal");
        Path home = DistributionHome.copy(scratch);
        Path cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        Path userHome = Files.createDirectories(scratch.resolve("user-home"));
        Path history = userHome.resolve(".polymorph/history");

        try (PtySession shell = PtySession.start(home, cwd, userHome, 120)) {
            shell.expect("Welcome to Apache Felix Gogo.*?" + PROMPT, START);
            assertFalse(shell.screen().contains("dumb terminal"), "a system terminal, not JLine's dumb one\n" + shell.screen());

            shell.type("\u0003"); // Ctrl-C at an empty prompt: a new prompt, not the end of the shell
            shell.expect(PROMPT, SHORT);

            // TAB: the command name, then a Method id
            shell.type("desc\t").expect("describe", SHORT);
            shell.type("tensor.inf\t").expect("tensor\\.info", SHORT);
            shell.type("\r").expect("parameters:.*fft_n.*" + PROMPT, SHORT);

            // TAB: a parameter name (key=) and the values of a choice parameter, listed
            shell.type("run md.run ensem\t").expect("ensemble=", SHORT);
            shell.type("nvt\t").expect("ensemble=nvt-langevin.*ensemble=nvt-nhc", SHORT);
            shell.type("\u0015"); // Ctrl-U: clear the line

            // Ctrl-C during a long run: cancelled through the run engine, resume command printed, shell answers
            shell.type(LONG_RUN + "\r").expect("\\[\\s*\\d+\\.\\d%\\] \\d+/10000000", START);
            shell.type("\u0003");
            Matcher resume = shell.expect("cancelled at step (\\d+).*?to continue: (run md\\.run .*? resume=true --out (\\S+))\n", SHORT);
            Path runDir = Path.of(resume.group(3));
            assertTrue(resume.group(2).startsWith(LONG_RUN + " "), resume.group(2));
            assertTrue(Files.isRegularFile(runDir.resolve("checkpoint.bin")), "checkpoint written: " + runDir);
            assertTrue(Files.readString(runDir.resolve("result.json")).contains("\"status\": \"cancelled\""));
            shell.expect(PROMPT, SHORT);
            shell.type("jobs\r").expect("md\\.run\\s+cancelled", SHORT);
            shell.expect(PROMPT, SHORT);
            shell.type("exit\r");
            assertEquals(0, shell.exit(SHORT), shell.screen());
            assertFalse(shell.screen().contains("Exception"), "no Java exception on the terminal\n" + shell.screen());
        }
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith(":describe tensor.info")), "history: " + saved);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith(":jobs")), "history: " + saved);

        // a second session (a new JVM, no runs yet) recalls the first one's lines with Up: exit, then jobs
        try (PtySession shell = PtySession.start(home, cwd, userHome, 120)) {
            shell.expect("Welcome to Apache Felix Gogo.*?" + PROMPT, START);
            shell.type(UP + UP).expect("jobs", SHORT);
            shell.type("\r").expect("no runs in this session", SHORT);
            shell.expect(PROMPT, SHORT);
            shell.type("exit\r");
            assertEquals(0, shell.exit(SHORT), shell.screen());
        } finally {
            DistributionHome.dropCaches(home);
        }
    }
}
