package org.polymorph.core.run;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The run engine, an OSGi service registered by the core bundle, used by every surface (Gogo shell,
 * headless CLI, HTTP server, cluster member).
 *
 * <p>{@link #submit} checks everything it can before anything is written: the method exists, the
 * parameters parse, input files are readable, and the run directory is new, or holds the same run
 * and {@code resume=true} was asked for (the {@link ResumeRule}); then it creates the run directory
 * and starts the run on a thread the service owns. The run writes result.json: run id, method, the
 * supplying bundle and its version, status, resolved parameters, input files with their SHA-256,
 * result or error, timing, versions (Polymorph, git commit, Java, OS), backend and run directory.
 */
@ProviderType
public interface RunService {
    /**
     * Starts a run, with {@code listener} receiving its events from the first one on.
     *
     * @throws org.polymorph.core.method.BadInputException for an unknown method or parameter, a wrong
     *     value, an unreadable input file, a run directory that cannot be created or holds another run;
     *     nothing was written then
     */
    RunHandle submit(RunRequest request, RunListener listener);

    /** {@link #submit(RunRequest, RunListener)} without a listener of its own (one added later may miss early events). */
    default RunHandle submit(RunRequest request) {
        return submit(request, event -> { });
    }

    /** The Methods that can be run now. */
    MethodCatalog methods();

    /** The runs submitted since the service started, oldest first. */
    List<RunHandle> runs();

    default Optional<RunHandle> run(String runId) {
        return runs().stream().filter(r -> r.id().equals(runId)).findFirst();
    }
}
