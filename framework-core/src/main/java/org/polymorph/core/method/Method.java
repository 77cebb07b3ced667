package org.polymorph.core.method;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A runnable capability, registered as an OSGi service. Ids are {@code domain.verb}
 * ({@code md.run}); benchmarks are {@code bench.*}. Call order: the runtime validates the raw
 * key=value pairs against {@link #params()}, creates the run directory, then calls {@link #run}.
 */
@ConsumerType
public interface Method {
    /** Service property carrying the id, so that lookups need not instantiate the service. */
    String ID_PROPERTY = "polymorph.method.id";

    String id();

    /** One line, with the units of the main results. */
    String description();

    List<ParamSpec> params();

    /**
     * Runs with validated parameters. Throw {@link BadInputException} for bad input found while
     * running (an unreadable file, say); any other exception is a failure.
     */
    Result run(Params params, Progress progress, RunDirectory runDirectory) throws Exception;

    /**
     * Parameters that may differ between a run and its resume ({@code resume=true} into the same run
     * directory) besides {@code org.polymorph.core.run.ResumeRule.MAY_CHANGE} (steps, checkpoint_every,
     * threads, ...); every other parameter must be equal. Default: none.
     */
    default Set<String> resumeMayChange() { return Set.of(); }
}
