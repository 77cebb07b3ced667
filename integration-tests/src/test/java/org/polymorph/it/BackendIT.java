package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;
import org.polymorph.it.support.ProcessRun;

/**
 * The run parameter {@code backend} in the assembled distribution, in two launches: {@code bin/polymorph run
 * tensor.info backend=cuda} as a process of its own (exit 2 with the reason where no GPU answers, as on the build
 * machines), then one runtime in this JVM driven through the CLI service and Gogo: {@code backend=nd4j-cpu} runs and
 * result.json names it, {@code backend=nope} exits 2 listing the backends, {@code backend} lists them all.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BackendIT {
    private static Path home;
    private static Path cwd;
    private static ProcessRun cudaProcess;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("backend");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        cudaProcess = ProcessRun.polymorph(home, cwd, null, Duration.ofSeconds(120), "run", "tensor.info", "backend=cuda");
        System.out.printf(Locale.ROOT, "[BackendIT] polymorph run tensor.info backend=cuda -> exit %d in %.1f s%n",
                cudaProcess.exit(), cudaProcess.seconds());
        runtime = InProcessRuntime.start(home, cwd);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    /** Whether a GPU answered in this runtime (then cuda is registered and the checks below turn around). */
    private static boolean cudaRegistered() {
        Output b = runtime.cli("backend", "--json");
        assertEquals(0, b.exit(), b.all());
        List<?> backends = (List<?>) ((Map<?, ?>) Json.parse(b.out())).get("backends");
        return backends.stream().anyMatch(x -> "cuda".equals(((Map<?, ?>) x).get("name")));
    }

    @Test
    void cudaWithoutAGpuExitsTwoSayingWhy() {
        if (cudaRegistered()) {
            assertEquals(0, cudaProcess.exit(), cudaProcess.describe());
            assertTrue(cudaProcess.out().contains("backend cuda"), cudaProcess.describe());
            return;
        }
        assertEquals(2, cudaProcess.exit(), cudaProcess.describe());
        // the error line (the JVM may have warned before it, e.g. that it uses the Vector API's incubator module)
        String err = cudaProcess.err().lines().dropWhile(l -> l.startsWith("WARNING: ")).collect(java.util.stream.Collectors.joining("\n")).strip();
        assertTrue(err.startsWith("error: parameter 'backend' = 'cuda': backend cuda is not available: "), cudaProcess.describe());
        assertTrue(err.contains("no CUDA driver (") || err.contains("reports no device") || err.contains("self-check"), cudaProcess.describe());
        assertTrue(err.contains("use one of cpu (nd4j-cpu), nd4j-cpu (default, ranking 0)"), cudaProcess.describe());
        assertTrue(Files.notExists(cwd.resolve("runs")) || noRunOf(cwd.resolve("runs"), "tensor.info"), "bad input writes no run directory");

        Output again = runtime.cli("run", "tensor.info", "backend=cuda");
        assertEquals(2, again.exit(), again.all());
        assertTrue(again.err().contains("backend cuda is not available: "), again.all());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNamedBackendRunsAndResultJsonNamesIt() throws Exception {
        Output run = runtime.cli("run", "tensor.info", "backend=nd4j-cpu", "--json", "--out", cwd.resolve("cpu-run").toString());
        assertEquals(0, run.exit(), run.all());
        Map<String, Object> doc = (Map<String, Object>) Json.parse(run.out());
        assertEquals("nd4j-cpu", doc.get("backend"));
        assertEquals("nd4j-cpu", doc.get("backend_requested"));
        assertEquals(Map.of("n", 3L, "fft_n", 16L), doc.get("params"), "backend is not among the Method's parameters");
        Map<String, Object> result = (Map<String, Object>) doc.get("result");
        assertEquals("nd4j-cpu", result.get("backend"));
        assertEquals(true, result.get("all_ok"), String.valueOf(result.get("checks")));
        List<Map<String, Object>> backends = (List<Map<String, Object>>) result.get("backends");
        Map<String, Object> cpu = backends.stream().filter(b -> "nd4j-cpu".equals(b.get("name"))).findFirst().orElseThrow();
        assertEquals(0L, cpu.get("ranking"));
        assertEquals("cpu", cpu.get("device"));
        assertEquals(true, cpu.get("this_run"));
        assertTrue(((Map<String, Object>) cpu.get("describe")).containsKey("blas"), cpu.toString());
        if (!cudaRegistered()) {
            List<Map<String, Object>> absent = (List<Map<String, Object>>) result.get("absent");
            assertEquals(List.of("cuda"), absent.stream().map(a -> a.get("name")).toList(), absent.toString());
        }
        assertEquals(run.out(), Files.readString(cwd.resolve("cpu-run").resolve("result.json")));
    }

    @Test
    void anUnknownBackendExitsTwoListingTheBackends() {
        Output run = runtime.cli("run", "tensor.info", "backend=nope");
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().startsWith("error: parameter 'backend' = 'nope': unknown backend; use one of cpu (nd4j-cpu), "), run.all());
        assertTrue(run.err().contains("nd4j-cpu (") && run.err().contains("or leave backend out for the default"), run.all());
    }

    @Test
    void theBackendCommandListsEveryBackend() throws Exception {
        Output gogo = runtime.gogo("backend");
        assertNull(gogo.error(), gogo.all());
        assertTrue(gogo.out().startsWith("active TensorService: "), gogo.all());
        assertTrue(gogo.out().contains("choose one per run with backend=cpu|"), gogo.all());
        if (!cudaRegistered()) {
            assertTrue(gogo.out().startsWith("active TensorService: nd4j-cpu (default; service.ranking 0, device cpu"), gogo.all());
            assertTrue(gogo.out().contains("\nnot available: cuda ("), gogo.all());
        }
    }

    private static boolean noRunOf(Path runs, String method) {
        try (var dirs = Files.list(runs)) {
            return dirs.noneMatch(d -> d.getFileName().toString().endsWith("-" + method));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
