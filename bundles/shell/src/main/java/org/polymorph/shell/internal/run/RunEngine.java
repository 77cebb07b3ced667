package org.polymorph.shell.internal.run;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.shell.internal.registry.MethodCatalog;
import org.polymorph.shell.internal.text.Suggestions;

/**
 * Runs one method for the shell and the CLI alike: looks the id up, validates the key=value
 * arguments, creates the run directory, calls {@link Method#run} and writes result.json atomically.
 * Bad input is reported before any directory is created.
 */
public final class RunEngine {
    public static final String RESULT_FILE = "result.json";

    private final MethodCatalog catalog;
    private final RunEnvironment env;

    @Inject
    public RunEngine(MethodCatalog catalog, RunEnvironment env) {
        this.catalog = catalog;
        this.env = env;
    }

    /** The method registered under {@code id}, or BadInputException with close matches. */
    public Method method(String id) {
        return catalog.find(id).orElseThrow(() -> unknownMethod(id));
    }

    public BadInputException unknownMethod(String id) {
        return new BadInputException("unknown method '" + id + "'"
                + Suggestions.didYouMean(id, catalog.all().keySet()) + "; see: polymorph methods");
    }

    /**
     * @param out the run directory, or null for {@code <cwd>/runs/<timestamp>-<id>/}
     * @throws BadInputException for an unknown method or invalid arguments (nothing is written)
     * @throws RunFailedException when the method throws; result.json then has status "failed"
     */
    public RunOutcome run(String methodId, List<String> args, Path out, Progress progress) throws Exception {
        Method method = method(methodId);
        Map<String, String> raw = KeyValueArgs.parse(methodId, args);
        Params params = Params.parse(methodId, method.params(), raw);
        Instant started = env.clock().instant();
        RunDirectory dir = RunDirectory.create(RunDirectories.create(out, env.cwd(), methodId, started, env.clock().getZone()));
        long t0 = System.nanoTime();
        RunDocument doc = new RunDocument(methodId, params.asMap());
        try {
            Result result = method.run(params, progress, dir);
            if (result == null) throw new IllegalStateException("method '" + methodId + "' returned no result (null)");
            double wall = (System.nanoTime() - t0) * 1e-9;
            String json = doc.ok(result.values()).context(env, started, wall, dir.path()).toJson();
            dir.writeString(RESULT_FILE, json);
            return new RunOutcome(methodId, result, dir.path(), wall, json);
        } catch (Exception | LinkageError | AssertionError e) {
            double wall = (System.nanoTime() - t0) * 1e-9;
            String json = null;
            try {
                json = new RunDocument(methodId, params.asMap()).failed(e).context(env, started, wall, dir.path()).toJson();
                dir.writeString(RESULT_FILE, json);
            } catch (Exception writeFailure) {
                e.addSuppressed(writeFailure);
            }
            throw new RunFailedException(methodId, dir.path(), json, e);
        }
    }
}
