package org.polymorph.core.internal.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunState;
import org.polymorph.core.runtime.Json;

/**
 * The content of result.json: run id, method, bundle, status, params, input files, result and warnings or error,
 * timing, versions, backend, run directory. Made once per run with what is known at submission;
 * {@link #running}, {@link #ok} and {@link #failed} give the text for each state. {@code backend} is the backend the
 * run used ({@link #ran}); {@code backend_requested} the value of the run parameter {@code backend}, present when
 * it was given (the Method does not see it, so it is not among {@code params}, and a resume may change it).
 */
final class RunDocument {
    private final String runId;
    private final MethodEntry method;
    private final Map<String, Object> params;
    private final List<Map<String, Object>> inputs;
    private final RunEnvironment env;
    private final Instant started;
    private final Path runDirectory;
    private final String backendRequested;
    private final String backend;

    /**
     * @param backendRequested the value of the run parameter {@code backend}, or null
     * @param backend the backend's name as resolved at submission, or null when none is registered
     */
    RunDocument(String runId, MethodEntry method, Map<String, Object> params, List<Map<String, Object>> inputs,
                RunEnvironment env, Instant started, Path runDirectory, String backendRequested, String backend) {
        this.runId = runId;
        this.method = method;
        this.params = params;
        this.inputs = inputs;
        this.env = env;
        this.started = started;
        this.runDirectory = runDirectory;
        this.backendRequested = backendRequested;
        this.backend = backend;
    }

    /** This document with {@code backend} the one the run used (resolved again when it started). */
    RunDocument ran(String backend) {
        return new RunDocument(runId, method, params, inputs, env, started, runDirectory, backendRequested, backend);
    }

    /** Written when the run starts, so that a folder with a run in it says so even after a kill -9. */
    String running() {
        return toJson(head(RunState.RUNNING), -1);
    }

    /** Status ok: {@code result} the Method's values, then {@code warnings}, the key present when it warned. */
    String ok(Map<String, Object> result, List<String> warnings, double wallSeconds) {
        Map<String, Object> doc = head(RunState.OK);
        doc.put("result", result);
        if (!warnings.isEmpty()) doc.put("warnings", warnings);
        return toJson(doc, wallSeconds);
    }

    /** Status bad_input, cancelled or failed; {@code error.type} the category, {@code error.message} the user's text. */
    String failed(Throwable error, double wallSeconds) {
        RunState state = RunState.of(error);
        Map<String, Object> doc = head(state);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", state.errorType());
        e.put("message", ErrorText.of(error));
        e.put("bad_input", error instanceof BadInputException);
        doc.put("error", e);
        return toJson(doc, wallSeconds);
    }

    private Map<String, Object> head(RunState state) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("method", method.id());
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("symbolic_name", method.bundle());
        bundle.put("version", method.bundleVersion());
        doc.put("bundle", bundle);
        doc.put("status", state.id());
        doc.put("params", params);
        doc.put("inputs", inputs);
        return doc;
    }

    private String toJson(Map<String, Object> doc, double wallSeconds) {
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        if (wallSeconds >= 0) timing.put("wall_s", wallSeconds);
        doc.put("timing", timing);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("polymorph", env.polymorphVersion());
        versions.put("git_commit", env.gitCommit());
        versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch").toLowerCase(Locale.ROOT));
        doc.put("versions", versions);
        doc.put("backend", backend);
        if (backendRequested != null) doc.put("backend_requested", backendRequested);
        doc.put("run_directory", runDirectory.toString());
        return Json.write(doc, true) + "\n";
    }
}
