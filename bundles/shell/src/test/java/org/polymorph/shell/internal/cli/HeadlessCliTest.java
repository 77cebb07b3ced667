package org.polymorph.shell.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;
import org.polymorph.shell.internal.fakes.NoBackend;

class HeadlessCliTest {
    @TempDir
    Path cwd;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int cli(String... args) {
        HeadlessCli cli = new HeadlessCli(FakeMethods.service(cwd, null, FakeMethods.sum(), FakeMethods.required(),
                FakeMethods.failing(), FakeMethods.lateBadInput()), new NoBackend());
        return cli.execute(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private int warningCli(String... args) {
        return new HeadlessCli(FakeMethods.service(cwd, null, FakeMethods.warning()), new NoBackend()).execute(args,
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    /** The CLI over the list-of-lists method test.points alone. */
    private int pointsCli(String... args) {
        HeadlessCli cli = new HeadlessCli(FakeMethods.service(cwd, null, FakeMethods.points()), new NoBackend());
        outBytes.reset();
        errBytes.reset();
        return cli.execute(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() { return outBytes.toString(StandardCharsets.UTF_8); }

    private String err() { return errBytes.toString(StandardCharsets.UTF_8); }

    @Test
    void runJsonPrintsOnlyTheResultJsonOnStdout() throws Exception {
        assertEquals(0, cli("run", "test.sum", "n=3", "--json", "--out", "o"));
        Map<?, ?> doc = (Map<?, ?>) Json.parse(out());
        assertEquals("ok", doc.get("status"));
        assertEquals(6.0, ((Map<?, ?>) doc.get("result")).get("sum"));
        assertEquals(Files.readString(cwd.resolve("o/result.json")), out());
        assertTrue(err().contains("3/3 term 3") || err().contains("1/3"), "progress on stderr: " + err());
    }

    @Test
    void runHumanPrintsSummaryAndRunDirectory() {
        assertEquals(0, cli("run", "test.need", "label=abc"));
        assertTrue(out().contains("label = abc"), out());
        assertTrue(out().contains("length = 3"), out());
        assertTrue(out().contains("run directory: " + cwd.resolve("runs")), out());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void outOfMemoryInAMethodExitsOneWithAMessageInsteadOfHanging() {
        HeadlessCli cli = new HeadlessCli(FakeMethods.service(cwd, null, FakeMethods.outOfMemory()), new NoBackend());
        int code = cli.execute(new String[] {"run", "test.oom"}, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err().contains("error: ") && err().contains("out of memory") && err().contains("-Xmx"), err());
    }

    @Test
    void warningsArePrintedOnTheConsoleAndKeptInResultJson() throws Exception {
        assertEquals(0, warningCli("run", "test.warn", "--out", "w"));
        assertTrue(out().contains("energy = -1.5 eV\nwarning: supercell too small: use supercell=4,4,4\n"
                + "warning: lattice constant a = 1 Å looks absurd\n"), out());
        outBytes.reset();
        errBytes.reset();
        assertEquals(0, warningCli("run", "test.warn", "--json", "--out", "j"));
        assertEquals(List.of("supercell too small: use supercell=4,4,4", "lattice constant a = 1 Å looks absurd"),
                ((Map<?, ?>) Json.parse(out())).get("warnings"));
        assertTrue(err().contains("warning: supercell too small"), "warnings on stderr too: " + err());
    }

    @Test
    void aListOfListsArgumentReachesTheMethodWholeAndTrailingGarbageExitsTwo() throws Exception {
        assertEquals(0, pointsCli("run", "test.points", "points=0,0,0/0.5,0.5,0.5", "--json"));
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) Json.parse(out())).get("result");
        assertEquals(2L, ((Number) result.get("count")).longValue(), out());
        assertEquals(List.of(List.of(0.0, 0.0, 0.0), List.of(0.5, 0.5, 0.5)), result.get("points"));
        for (String[] c : new String[][] {{"points=0,0,0;", "'points' = '0,0,0;'", "empty item", "items by '/'"},
                {"points=0,0,0,", "'points' = '0,0,0,'", "empty element"}, {"points=0,0", "'0,0' has 2 numbers, not 3"}}) {
            assertEquals(2, pointsCli("run", "test.points", c[0]), err());
            String last = err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("error: "), err());
            for (int k = 1; k < c.length; k++) assertTrue(last.contains(c[k]), last + " lacks: " + c[k]);
        }
    }

    @Test
    void badInputExitsTwoWithOneErrorLine() {
        assertBad(new String[] {"run", "test.nope"}, "unknown method 'test.nope'", "see: polymorph methods");
        assertBad(new String[] {"run", "test.sum", "x=1"}, "unknown parameter 'x'");
        assertBad(new String[] {"run", "test.sum", "n=1.5"}, "'n' = '1.5'", "not an integer");
        assertBad(new String[] {"run", "test.sum", "n=5000"}, "out of range");
        assertBad(new String[] {"run", "test.sum", "5000"}, "key=value");
        assertBad(new String[] {"run", "test.need"}, "missing required parameter 'label'");
        assertBad(new String[] {"run"}, "needs a method id");
        assertBad(new String[] {"frobnicate"}, "unknown command 'frobnicate'");
        assertBad(new String[] {"methods", "--fast"}, "unknown option '--fast'");
        assertBad(new String[] {"describe", "tset.sum"}, "did you mean test.sum");
        assertBad(new String[] {}, "no command given");
        assertBad(new String[] {"run", "test.badfile", "--json"}, "3 columns");
    }

    private void assertBad(String[] args, String... fragments) {
        outBytes.reset();
        errBytes.reset();
        assertEquals(2, cli(args), String.join(" ", args) + " -> " + err());
        String[] lines = err().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("error: "), err());
        for (String f : fragments) assertTrue(last.contains(f), last + " lacks: " + f);
    }

    @Test
    void failureExitsOneAndJsonStillReportsIt() {
        assertEquals(1, cli("run", "test.fail", "--json", "--out", "fail"));
        assertEquals("failed", ((Map<?, ?>) Json.parse(out())).get("status"));
        assertTrue(err().startsWith("error: method 'test.fail' failed: diverged"), err());
        assertEquals(1, err().split("\n").length, err());
    }

    @Test
    void noBackendIsAFailure() {
        assertEquals(1, cli("backend"));
        assertTrue(err().contains("no TensorService is registered"), err());
    }

    @Test
    void methodsAndDescribe() {
        assertEquals(0, cli("methods", "--json"));
        List<?> rows = (List<?>) Json.parse(out());
        assertEquals(4, rows.size());
        assertEquals(Map.of("id", "test.badfile", "description", "Rejects its input while running"), rows.get(0));
        outBytes.reset();
        assertEquals(0, cli("methods"));
        assertTrue(out().contains("test.need     Echoes a required text\n"), out());
        assertTrue(!out().contains("second line"), out());
        outBytes.reset();
        assertEquals(0, cli("describe", "test.sum"));
        assertTrue(out().matches("(?s).*n\\s+integer\\s+10\\s+\\[1, 1000\\]\\s+number of terms.*"), out());
        assertTrue(out().matches("(?s).*factor\\s+number\\s+1\\s+eV\\s+\\[-10, 10\\].*"), out());
        outBytes.reset();
        assertEquals(0, cli("describe", "test.need", "--json"));
        Map<?, ?> d = (Map<?, ?>) Json.parse(out());
        Map<?, ?> p = (Map<?, ?>) ((List<?>) d.get("params")).get(0);
        assertEquals(Boolean.TRUE, p.get("required"));
        assertEquals("string", p.get("type"));
    }
}
