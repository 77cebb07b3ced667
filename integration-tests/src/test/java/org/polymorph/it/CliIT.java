package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ProcessRun;
import org.polymorph.it.support.ScratchCli;

/**
 * The headless CLI as a user runs it: {@code bin/polymorph <command> ...} in a fresh process, from a
 * working directory of its own. Checks exit codes (0 ok, 2 bad input), stdout/stderr separation,
 * and where run directories land.
 */
@Timeout(value = 150, unit = java.util.concurrent.TimeUnit.SECONDS)
class CliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static ScratchCli cli;
    private static Path cwd;

    @BeforeAll
    static void copyDistribution() throws Exception {
        cli = ScratchCli.create("cli", "CliIT", TIMEOUT);
        cwd = cli.cwd();
    }

    @AfterAll
    static void dropCaches() {
        cli.dropCaches();
    }

    private static ProcessRun polymorph(String... args) { return cli.run(args); }

    @Test
    void methodsListsTheBuiltInMethods() {
        ProcessRun r = polymorph("methods");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().matches("(?s).*\\btensor\\.info\\s+\\S.*"), r.describe());
        assertTrue(r.out().matches("(?s).*\\bbench\\.matmul\\s+\\S.*"), r.describe());
    }

    @Test
    void describeShowsTypesDefaultsAndRanges() {
        ProcessRun info = polymorph("describe", "tensor.info");
        assertEquals(0, info.exit(), info.describe());
        assertTrue(info.out().startsWith("tensor.info: "), info.describe());

        ProcessRun mm = polymorph("describe", "bench.matmul", "--json");
        assertEquals(0, mm.exit(), mm.describe());
        Map<?, ?> d = (Map<?, ?>) Json.parse(mm.out());
        assertEquals("bench.matmul", d.get("id"));
        List<?> params = (List<?>) d.get("params");
        Map<?, ?> sizes = param(params, "sizes");
        assertEquals("int_list", sizes.get("type"));
        assertTrue(((String) sizes.get("range")).matches("\\[\\d+, \\d+\\]"), sizes.toString());
        assertTrue(sizes.get("default") instanceof List, sizes.toString());
        Map<?, ?> repeats = param(params, "repeats");
        assertEquals("int", repeats.get("type"));
        assertTrue(repeats.get("default") instanceof Long, repeats.toString());

        ProcessRun human = polymorph("describe", "bench.matmul");
        assertEquals(0, human.exit(), human.describe());
        assertTrue(human.out().matches("(?s).*\\n\\s+sizes\\s+integer list\\s+[\\d,]+\\s.*\\[\\d+, \\d+\\].*"), human.describe());
    }

    private static Map<?, ?> param(List<?> params, String name) {
        return params.stream().map(p -> (Map<?, ?>) p).filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter '" + name + "' in " + params));
    }

    @Test
    void runTensorInfoWritesResultJsonUnderTheUsersRunsFolder() throws Exception {
        ProcessRun r = polymorph("run", "tensor.info");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().contains("tensor.info finished in"), r.describe());
        assertTrue(r.out().contains("run directory: " + cwd.resolve("runs")), r.describe());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cwd.resolve("runs"))) {
            dirs = s.filter(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-\\d{3}-tensor\\.info(-\\d+)?")).toList();
        }
        assertFalse(dirs.isEmpty(), "no runs/<timestamp>-tensor.info folder in " + cwd);
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(dirs.get(0).resolve("result.json")));
        assertEquals("ok", doc.get("status"));
        assertEquals("tensor.info", doc.get("method"));
    }

    @Test
    void benchAutodiffRunsThroughTheAutodiffBundle() throws Exception {
        ProcessRun r = polymorph("run", "bench.autodiff", "batch=8", "hidden=16", "repeats=1", "budget_ms=10", "torch=false", "--json");
        assertEquals(0, r.exit(), r.describe());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
        Map<?, ?> result = (Map<?, ?>) doc.get("result");
        Map<?, ?> f64 = (Map<?, ?>) ((Map<?, ?>) result.get("mlp")).get("float64");
        assertTrue(((Number) f64.get("grad_ms")).doubleValue() > 0, r.describe());
        // cross-entropy of 10 classes from small logits is near log(10)
        assertEquals(Math.log(10), ((Number) f64.get("loss")).doubleValue(), 0.7, r.describe());
        ProcessRun bad = polymorph("run", "bench.autodiff", "hidden=0");
        assertEquals(2, bad.exit(), bad.describe());
        assertTrue(bad.err().contains("hidden"), bad.describe());
    }

    @Test
    void nnTrainWritesCurvesAndCheckpointAndResumes() throws Exception {
        Path out = cwd.resolve("train-run");
        String[] common = {"dataset=spirals:n=200", "hidden=8", "batch=16", "eval_every=10", "checkpoint_every=10", "dtype=float64"};
        ProcessRun r = polymorph(concat(new String[] {"run", "nn.train", "steps=20", "--json", "--out", out.toString()}, common));
        assertEquals(0, r.exit(), r.describe());
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.out())).get("result");
        assertEquals(20, ((Number) result.get("steps")).intValue(), r.describe());
        double acc = ((Number) result.get("test_accuracy")).doubleValue();
        assertTrue(acc >= 0 && acc <= 1, r.describe());
        for (String f : List.of("curve.png", "curve.csv", "checkpoint.bin", "result.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing in " + out);
        }
        ProcessRun resumed = polymorph(concat(new String[] {"run", "nn.train", "steps=30", "resume=true", "--json", "--out", out.toString()}, common));
        assertEquals(0, resumed.exit(), resumed.describe());
        Map<?, ?> again = (Map<?, ?>) ((Map<?, ?>) Json.parse(resumed.out())).get("result");
        assertEquals(20, ((Number) again.get("resumed_from")).intValue(), resumed.describe());
        assertEquals(31, Files.readAllLines(out.resolve("curve.csv")).size(), resumed.describe());
        ProcessRun bad = polymorph("run", "nn.train", "model=cnn");
        assertEquals(2, bad.exit(), bad.describe());
        assertTrue(bad.err().contains("model"), bad.describe());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void runJsonPrintsOnlyJsonOnStdoutAndHonoursOut() throws Exception {
        Path out = cwd.resolve("chosen/info-run");
        ProcessRun r = polymorph("run", "tensor.info", "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.describe());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
        assertEquals("ok", doc.get("status"));
        assertTrue(doc.get("result") instanceof Map, r.describe());
        assertTrue(doc.containsKey("versions") && doc.containsKey("timing") && doc.containsKey("backend"), r.describe());
        assertEquals(out.toString(), doc.get("run_directory"));
        assertEquals(Files.readString(out.resolve("result.json")), r.out());
    }

    @Test
    void outHoldingAnotherRunIsRefusedAndLeftUntouched() throws Exception {
        Path out = cwd.resolve("taken");
        ProcessRun first = polymorph("run", "tensor.info", "--out", out.toString());
        assertEquals(0, first.exit(), first.describe());
        byte[] before = Files.readAllBytes(out.resolve("result.json"));
        java.nio.file.attribute.FileTime stamp = Files.getLastModifiedTime(out.resolve("result.json"));
        ProcessRun again = polymorph("run", "tensor.info", "--out", out.toString(), "--json");
        assertBadInput(again, "--out " + out, "holds an earlier tensor.info run", "give a new folder");
        assertEquals("", again.out(), "nothing on stdout for a refused run\n" + again.describe());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(out.resolve("result.json")));
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("result.json")));
    }

    @Test
    void outThatCannotBeCreatedOrWrittenExitsTwoNamingOut() throws Exception {
        Path file = Files.writeString(cwd.resolve("a-file-not-a-folder"), "x");
        Path below = file.resolve("run");
        assertBadInput(polymorph("run", "tensor.info", "--out", below.toString()), "--out " + below, "cannot be created");
        assertBadInput(polymorph("run", "tensor.info", "--out", file.toString()), "--out " + file, "not a directory");
        if (!"root".equals(System.getProperty("user.name"))) {   // root writes through permissions
            Path locked = Files.createDirectories(cwd.resolve("locked"));
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                assertBadInput(polymorph("run", "tensor.info", "--out", locked.resolve("run").toString()), "--out ", "cannot be created");
            } finally {
                Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void unknownMethodExitsTwoAndSuggests() {
        ProcessRun r = polymorph("run", "tensor.inf");
        assertBadInput(r, "unknown method 'tensor.inf'", "tensor.info", "polymorph methods");
    }

    @Test
    void unknownKeyExitsTwo() {
        assertBadInput(polymorph("run", "bench.matmul", "size=100"), "unknown parameter 'size'", "sizes");
    }

    @Test
    void wrongTypeExitsTwo() {
        assertBadInput(polymorph("run", "bench.matmul", "repeats=lots"), "'repeats' = 'lots'", "not an integer");
    }

    @Test
    void outOfRangeExitsTwo() {
        assertBadInput(polymorph("run", "bench.matmul", "sizes=64,0"), "'sizes' = '64,0'", "out of range");
        assertBadInput(polymorph("run", "bench.matmul", "repeats=-1"), "'repeats' = '-1'", "out of range");
    }

    @Test
    void missingEqualsSignExitsTwo() {
        assertBadInput(polymorph("run", "bench.matmul", "sizes", "100"), "'sizes'", "key=value");
    }

    private static void assertBadInput(ProcessRun r, String... fragments) {
        assertEquals(2, r.exit(), r.describe());
        String errorLine = r.err().lines().filter(l -> l.startsWith("error: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'error: ' line on stderr\n" + r.describe()));
        for (String f : fragments) assertTrue(errorLine.contains(f), "'" + errorLine + "' lacks '" + f + "'");
        assertFalse(r.out().contains("Exception"), "stack trace on stdout\n" + r.describe());
        assertFalse(errorLine.contains("Exception"), "a Java class name in the message\n" + r.describe());
        assertFalse(benchMatmulRunDirectoryExists(), "bad input must not create a run directory");
    }

    private static boolean benchMatmulRunDirectoryExists() {
        if (!Files.isDirectory(cwd.resolve("runs"))) return false;
        try (Stream<Path> s = Files.list(cwd.resolve("runs"))) {
            return s.anyMatch(p -> p.getFileName().toString().contains("bench.matmul"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void headlessRunSeesAMethodFromAJarAlreadyInDeploy() throws Exception {
        Path deployHome = DistributionHome.copy(DistributionHome.scratch("cli-deploy"));
        try {
            Files.copy(DistributionHome.exampleJar(), deployHome.resolve("deploy").resolve("custom-method-example.jar"));
            ProcessRun r = ProcessRun.polymorph(deployHome, cwd, null, TIMEOUT,
                    "run", "example.rosenbrock", "dim=2", "steps=20", "--json");
            assertEquals(0, r.exit(), r.describe());
            Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
            assertEquals("ok", doc.get("status"), r.describe());
            assertEquals("example.rosenbrock", doc.get("method"), r.describe());
        } finally {
            DistributionHome.dropCaches(deployHome);
        }
    }
}
