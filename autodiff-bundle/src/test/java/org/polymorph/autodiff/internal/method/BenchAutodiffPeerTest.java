package org.polymorph.autodiff.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * bench.autodiff says which backend it ran on; the PyTorch peer's script is valid Python on either
 * device, synchronised on the GPU; MlpBench's public step is the loss and its six gradients.
 */
class BenchAutodiffPeerTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();

    @Test
    void printsTheBackend() throws Exception {
        BenchAutodiffMethod m = new BenchAutodiffMethod(() -> ts, new AutodiffEngines());
        Result r = m.run(Params.of(Map.of("batch", 2, "hidden", 4, "repeats", 1, "budget_ms", 10, "torch", false)), Progress.NONE, null);
        assertEquals("backend: reference", r.summary().get(0));
    }

    @Test
    void theTorchScriptParsesOnBothDevicesAndSynchronisesOnTheGpu() throws Exception {
        String cuda = MlpBench.torchScript(8, 16, 3, "cuda");
        String cpu = MlpBench.torchScript(8, 16, 3, "cpu");
        assertTrue(cuda.contains("dev = torch.device('cuda')") && cpu.contains("dev = torch.device('cpu')"));
        assertTrue(cuda.contains("t0 = time.perf_counter(); f(); sync(); ts.append("), cuda);
        assertTrue(cuda.contains("torch.randn(8, 784, dtype=dt, device=dev)") && cuda.contains("torch.randint(0, 10, (8,), device=dev)"), cuda);
        String python = PythonPeer.interpreterFor("import ast");
        assumeTrue(python != null, "no python3 here");
        for (String script : List.of(cuda, cpu)) {
            Process p = new ProcessBuilder(python, "-c", "import ast, sys; ast.parse(sys.stdin.read())").redirectErrorStream(true).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out + "\n" + script);
        }
    }

    @Test
    void theStepIsTheLossAndItsSixGradients() {
        AD ad = new AutodiffEngines().create(ts);
        MlpBench net = new MlpBench(ad, DType.FLOAT64, 3, 5);
        ValueAndGrad<List<Var>> vg = net.valueAndGrad();
        assertEquals(6, vg.grad().size());
        List<int[]> shapes = List.of(new int[] {784, 5}, new int[] {5}, new int[] {5, 5}, new int[] {5}, new int[] {5, 10}, new int[] {10});
        for (int i = 0; i < 6; i++) assertEquals(java.util.Arrays.toString(shapes.get(i)), java.util.Arrays.toString(vg.grad().get(i).value().shape().toArray()));
        double loss = vg.value().item();
        assertTrue(loss > 0 && Double.isFinite(loss), "cross-entropy is positive: " + loss);
        assertEquals(2.0 * 3 * (784 * 5 + 5 * 5 + 5 * 10), net.forwardFlops(), 0.0);
        assertFalse(Double.isNaN(ts.toDoubleArray(vg.grad().get(0).value())[0]));
    }
}
