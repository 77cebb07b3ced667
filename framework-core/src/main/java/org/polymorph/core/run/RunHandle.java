package org.polymorph.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** One submitted run. Thread-safe. */
@ProviderType
public interface RunHandle {
    /** Unique id, also in result.json's {@code run_id}. */
    String id();

    String methodId();

    /** Absolute path of the run directory (created at submission). */
    Path runDirectory();

    RunState state();

    /** The latest event (state change or progress); a listener added late reads where the run stands here. */
    RunEvent latest();

    /** Adds a listener for the events after this call. */
    void addListener(RunListener listener);

    void removeListener(RunListener listener);

    /**
     * Asks the run to stop: {@code Progress.cancelled()} becomes true for it and its thread is
     * interrupted; a queued run never starts. The run ends CANCELLED (its result.json says so) once the
     * Method returns; a Method with a checkpoint writes it first. No effect on a finished run.
     */
    void cancel();

    /**
     * Waits for the end of the run.
     *
     * @throws RunFailedException when it ended FAILED, BAD_INPUT or CANCELLED
     */
    RunOutcome await() throws InterruptedException, RunFailedException;

    /** As {@link #await()}, giving up after {@code timeout}: empty when the run has not ended by then. */
    Optional<RunOutcome> await(Duration timeout) throws InterruptedException, RunFailedException;

    /** Completes with the outcome, or exceptionally with the {@link RunFailedException}. */
    CompletionStage<RunOutcome> completion();
}
