package org.polymorph.shell.internal.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** The content of result.json: method, status, params, result, timing, versions, backend, run directory. */
final class RunDocument {
    private final Map<String, Object> doc = new LinkedHashMap<>();

    RunDocument(String methodId, Map<String, Object> params) {
        doc.put("method", methodId);
        doc.put("status", "running");
        doc.put("params", params);
    }

    RunDocument ok(Map<String, Object> result) {
        doc.put("status", "ok");
        doc.put("result", result);
        return this;
    }

    RunDocument failed(Throwable error) {
        doc.put("status", "failed");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", error.getClass().getName());
        e.put("message", error.getMessage() == null ? "" : error.getMessage());
        e.put("bad_input", error instanceof BadInputException);
        doc.put("error", e);
        return this;
    }

    RunDocument context(RunEnvironment env, Instant started, double wallSeconds, Path runDirectory) {
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        timing.put("wall_s", wallSeconds);
        doc.put("timing", timing);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("polymorph", env.polymorphVersion());
        versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch").toLowerCase(Locale.ROOT));
        doc.put("versions", versions);
        doc.put("backend", env.backendName().get().orElse(null));
        doc.put("run_directory", runDirectory.toString());
        return this;
    }

    /** Pretty JSON; throws IllegalArgumentException (naming the path) for NaN or unsupported values. */
    String toJson() {
        return Json.write(doc, true) + "\n";
    }
}
