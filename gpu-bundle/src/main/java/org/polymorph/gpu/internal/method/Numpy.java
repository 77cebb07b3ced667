package org.polymorph.gpu.internal.method;

import java.util.Map;
import org.polymorph.core.runtime.PythonPeer;

/**
 * Runs a numpy snippet in {@code python3 -c} (the peer in the bench methods) with the BLAS thread
 * count pinned, and parses the JSON object it prints last. Absent python3 or numpy gives null.
 */
final class Numpy {
    private Numpy() { }

    /** The JSON result, or a map {"unavailable": reason}. */
    static Map<String, Object> run(String script, int threads, long timeoutSeconds) {
        return PythonPeer.run(script, threads, timeoutSeconds, java.util.List.of("numpy"));
    }

    /** Python lines (no leading indent) that define blas_config(): numpy version and its BLAS build. */
    static final String CONFIG_FUNCTION = String.join("\n",
            "def blas_config():",
            "    import numpy as np",
            "    out = {'numpy': np.__version__}",
            "    try:",
            "        cfg = np.show_config(mode='dicts')['Build Dependencies']['blas']",
            "        out['blas'] = cfg.get('name')",
            "        out['blas_version'] = cfg.get('version')",
            "        out['openblas_configuration'] = ' '.join(str(cfg.get('openblas configuration', '')).split())",
            "    except Exception as e:",
            "        out['blas'] = 'unknown: ' + str(e)",
            "    return out",
            "");
}
