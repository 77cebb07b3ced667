package org.polymorph.gpu.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.tensor.DType;
import org.polymorph.gpu.cpu.internal.TestServices;

/** bench.matmul says which backend it ran on and which peer it timed; the GPU peer's script is valid Python that times synchronised FP32/FP64 products. */
class BenchMatmulPeerTest {
    @TempDir Path dir;

    @Test
    void printsTheBackendAndThePeer() throws Exception {
        BenchMatmulMethod m = new BenchMatmulMethod(TestServices::service, TestServices.ND4J);
        Result r = m.run(Params.parse(m.id(), m.params(), Map.of("sizes", "8", "dtypes", "float64", "repeats", "1", "numpy", "false")),
                Progress.NONE, RunDirectory.create(dir));
        assertEquals("backend: nd4j-cpu; peer: none (numpy=false)", r.summary().get(0));
        assertEquals("numpy", r.values().get("peer"), "a CPU backend never gets the GPU peer");
        Map<?, ?> row = (Map<?, ?>) ((List<?>) r.values().get("results")).get(0);
        assertTrue(row.containsKey("service_gflops_best") && !row.containsKey("ratio_service_torch"), String.valueOf(row));
    }

    @Test
    void theTorchScriptParsesAndTimesSynchronisedTrueFp32() throws Exception {
        String script = BenchMatmulMethod.torchScript(List.of(64, 128), List.of(DType.FLOAT32, DType.FLOAT64), 2, 5);
        assertTrue(script.contains("torch.backends.cuda.matmul.allow_tf32 = False"), script);
        assertTrue(script.contains("t0 = time.perf_counter(); torch.matmul(a, b); torch.cuda.synchronize(); ts.append("), script);
        assertTrue(script.contains("for dt in ['float32', 'float64']:") && script.contains("for n in [64, 128]:"), script);
        String python = PythonPeer.interpreterFor("import ast");
        assumeTrue(python != null, "no python3 here");
        Process p = new ProcessBuilder(python, "-c", "import ast, sys; ast.parse(sys.stdin.read())").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + "\n" + script);
    }
}
