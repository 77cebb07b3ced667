package org.polymorph.analysis.kernels;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import org.polymorph.core.runtime.PythonPeer;

/** Runs a numpy script (lines joined) as a test peer; the test is skipped when no python3 with numpy is found. */
final class NumpyPeer {
    private NumpyPeer() { }

    static Map<String, Object> run(String... lines) {
        Map<String, Object> peer = PythonPeer.run(String.join("\n", lines), 1, 120, List.of("numpy"));
        assumeFalse(peer.containsKey("unavailable"), () -> "numpy peer: " + peer.get("unavailable"));
        return peer;
    }

    @SuppressWarnings("unchecked")
    static double[] numbers(Object list) {
        return ((List<Number>) list).stream().mapToDouble(Number::doubleValue).toArray();
    }
}
