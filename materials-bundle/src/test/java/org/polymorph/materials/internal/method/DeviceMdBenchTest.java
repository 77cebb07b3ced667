package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cuda.internal.EmulatedCuda;
import org.polymorph.gpu.cuda.internal.MdForceProbe;

/**
 * The device check's MD harness ({@link DeviceMdBench}) on the CUDA service over the kernels emulated on the CPU,
 * at tiny sizes (lj 256 atoms, sw 216 atoms, a few steps): the JSON's shape; the device and CPU trajectories'
 * total energies at the step where they meet equal to 1e-10 relative; the force kernels' byte count from the
 * neighbour list (and the lj list's length per atom near fcc ρ* 0.8442's 4/3 π 2.5³ ρ* = 55); the budget's skips
 * (spent, and projected to overrun). Skipped without g++.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceMdBenchTest {
    private static final Path GPU_BUNDLE = Path.of("../gpu-bundle");
    private static TensorService cuda;

    @BeforeAll
    static void open() throws Exception {
        String why = EmulatedCuda.unavailableReason(GPU_BUNDLE);
        assumeTrue(why == null, "the CUDA emulation cannot run here: " + why);
        cuda = EmulatedCuda.service(GPU_BUNDLE, new ReferenceTensorService());
    }

    private static DeviceMdBenchOptions options(Path out, String... more) throws Exception {
        String[] base = {"--out", out.toString(), "--steps", "4", "--cpu-warmup", "1", "--cpu-steps", "3", "--threads", "2",
            "--force-evaluations", "3"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return DeviceMdBenchOptions.parse(all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    private static double num(Map<String, Object> m, String key) { return ((Number) m.get(key)).doubleValue(); }

    @Test
    @SuppressWarnings("unchecked")
    void tinyLjAndSwRowsHaveTheShapeAndTheDeviceMeetsTheCpu(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("md_bench.json");
        Map<String, Object> res = new DeviceMdBench(cuda, options(out, "--lj-cells", "4", "--sw-cells", "3", "--budget-s", "250")).run();
        assertEquals("ok", res.get("status"), res.toString());
        Map<String, Object> file = map(Json.parse(Files.readString(out)));
        assertEquals("md_bench", file.get("tool"));
        assertEquals("cuda", file.get("backend"));
        List<Object> rows = (List<Object>) file.get("md");
        assertEquals(2, rows.size());
        for (Object o : rows) {
            Map<String, Object> r = map(o);
            String style = (String) r.get("potential");
            int n = ((Number) r.get("atoms")).intValue();
            assertEquals(style.equals("lj/cut") ? 256 : 216, n, style);
            for (String key : List.of("atom_steps_per_s", "cpu_atom_steps_per_s", "ratio")) assertTrue(num(r, key) > 0, key + " in " + r);
            assertEquals(num(r, "atom_steps_per_s") / num(r, "cpu_atom_steps_per_s"), num(r, "ratio"), 1e-3 * num(r, "ratio"), "ratio = device / cpu");
            assertEquals(2, ((Number) r.get("cpu_threads")).intValue(), "both styles split by rows");
            assertEquals(4, ((Number) r.get("list_builds")).intValue(), "the device rebuilds its list every step");
            Map<String, Object> check = map(r.get("energy_check"));
            assertEquals(4, ((Number) check.get("step")).intValue());
            assertEquals(num(check, "cpu_total_energy"), num(check, "device_total_energy"), 1e-10 * Math.abs(num(check, "cpu_total_energy")), style);
            System.out.printf("%s %d atoms: device %.4g, cpu %.4g atom-steps/s; energies at step 4 differ by %.2e relative%n", style, n,
                    num(r, "atom_steps_per_s"), num(r, "cpu_atom_steps_per_s"), num(check, "relative_difference"));
            Map<String, Object> k = map(r.get("force_kernel"));
            long entries = ((Number) k.get("neighbor_entries")).longValue();
            assertTrue(entries > 0 && num(k, "ms_median") > 0 && num(k, "effective_gb_s") > 0, k.toString());
            long bytes = ((Number) k.get("bytes_per_evaluation")).longValue();
            assertEquals(style.equals("lj/cut") ? 112L * n + 12 * entries : 144L * n + 72 * entries, bytes, "compulsory bytes of " + k.get("kernels"));
            if (style.equals("lj/cut")) assertEquals(55, num(k, "entries_per_atom"), 8, "fcc rho* 0.8442 within 2.5 sigma");
            assertTrue(r.containsKey("bandwidth_fraction_why") && !r.containsKey("bandwidth_fraction"), "the emulation reports no memory clock: " + r);
        }
        assertTrue(((List<?>) file.get("not_run")).isEmpty() && ((List<?>) file.get("errors")).isEmpty());
    }

    @Test
    void aSpentBudgetRunsNothingAndSaysWhy(@TempDir Path dir) throws Exception {
        Map<String, Object> res = new DeviceMdBench(cuda, options(dir.resolve("b.json"), "--lj-cells", "4", "--sw-cells", "3", "--budget-s", "0")).run();
        assertEquals("partial", res.get("status"));
        assertTrue(((List<?>) res.get("md")).isEmpty());
        List<?> notRun = (List<?>) res.get("not_run");
        assertEquals(2, notRun.size());
        for (Object o : notRun) assertTrue(map(o).get("why").toString().startsWith("past --budget-s 0.0"), o.toString());
    }

    @Test
    void aSizeProjectedToOverrunIsSkippedWithItsProjection(@TempDir Path dir) throws Exception {
        DeviceMdBench bench = new DeviceMdBench(cuda, options(dir.resolve("c.json"), "--lj-cells", "4,64", "--sw-cells", "", "--budget-s", "100"));
        assertNull(bench.reasonToSkip("lj/cut", 1_048_576), "no lj case measured yet: nothing to project from");
        bench.remember("lj/cut", 256, 1e-3);
        String why = bench.reasonToSkip("lj/cut", 1_048_576);
        assertTrue(why != null && why.startsWith("projected 1310.7 s") && why.contains("at 256 atoms"), why);
        assertNull(bench.reasonToSkip("lj/cut", 50_000), "62.5 s projected fits in 100 s");
        assertNull(bench.reasonToSkip("sw", 1_000_000), "another style's time is not projected");
        Map<String, Object> res = new DeviceMdBench(cuda, options(dir.resolve("d.json"), "--lj-cells", "4,64", "--sw-cells", "", "--budget-s", "100")).run();
        assertEquals(1, ((List<?>) res.get("md")).size());
        Map<String, Object> skipped = map(((List<?>) res.get("not_run")).get(0));
        assertEquals(1_048_576L, ((Number) skipped.get("atoms")).longValue());
        assertTrue(skipped.get("why").toString().startsWith("projected "), skipped.toString());
    }

    @Test
    void badOptionsNameTheOptionAndTheFix() {
        DeviceMdBenchOptions.BadOption e = assertThrows(DeviceMdBenchOptions.BadOption.class,
                () -> DeviceMdBenchOptions.parse(new String[] {"--out", "x.json", "--lj-cells", "20,two"}));
        assertTrue(e.getMessage().contains("--lj-cells") && e.getMessage().contains("'two'"), e.getMessage());
        e = assertThrows(DeviceMdBenchOptions.BadOption.class, () -> DeviceMdBenchOptions.parse(new String[] {"--lj-cells", "20"}));
        assertTrue(e.getMessage().contains("--out FILE is required"), e.getMessage());
        e = assertThrows(DeviceMdBenchOptions.BadOption.class, () -> DeviceMdBenchOptions.parse(new String[] {"--out", "x", "--sw-cells", "2"}));
        assertTrue(e.getMessage().contains("3 to 400"), e.getMessage());
    }

    @Test
    void forceBytesFollowTheKernels() {
        assertEquals(112L * 10 + 12 * 500, MdForceProbe.forceBytes("lj/cut", 10, 500).values().stream().mapToLong(Long::longValue).sum());
        assertEquals(144L * 10 + 72 * 40, MdForceProbe.forceBytes("sw", 10, 40).values().stream().mapToLong(Long::longValue).sum());
        assertThrows(IllegalArgumentException.class, () -> MdForceProbe.forceBytes("eam", 10, 40));
    }
}
