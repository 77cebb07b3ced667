package org.polymorph.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a benchmark picks its Python peer: a GPU backend by its describe(), an interpreter by a probe, a run on that interpreter. */
class PythonPeerChoiceTest {
    @Test
    void aGpuBackendNamesItsCudaDevice() {
        assertTrue(PythonPeer.gpuBackend(Map.of("backend", "cuda", "cuda", Map.of("name", "NVIDIA H100", "compute_capability", "9.0"))));
        assertFalse(PythonPeer.gpuBackend(Map.of("backend", "nd4j-cpu", "blas", Map.of("threads", 2))));
        assertFalse(PythonPeer.gpuBackend(Map.of("cuda", "absent")), "a map under cuda, not any value");
    }

    @Test
    void theInterpreterIsTheFirstWhoseProbeExitsZero() {
        String python = PythonPeer.interpreterFor("import sys; sys.exit(0)");
        assumeTrue(python != null, "no python3 here");
        assertTrue(PythonPeer.INTERPRETERS.contains(python), python);
        assertNull(PythonPeer.interpreterFor("import sys; sys.exit(3)"));
        assertEquals(Map.of("a", 2L), Map.copyOf(PythonPeer.runOn(python, "import json; print(json.dumps({'a': 1 + 1}))", 1, 60)),
                "the last printed line parsed as JSON");
        assertTrue(PythonPeer.runOn(python, "raise SystemExit(4)", 1, 60).get("unavailable").toString().contains("exited 4"));
    }

    @Test
    void withoutTorchNoInterpreterPassesTheTorchCudaProbe() {
        assumeTrue(PythonPeer.interpreterFor("import torch") == null, "torch imports here: the probe's answer depends on the GPU");
        assertNull(PythonPeer.interpreterFor(PythonPeer.TORCH_CUDA_PROBE));
    }
}
