package org.polymorph.core.run;

import java.util.Locale;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;

/** Where a run stands. The last four are final; {@link #id()} is what result.json's {@code status} says. */
public enum RunState {
    /** Submitted, waiting for a run thread. */
    QUEUED,
    /** {@code Method.run} is executing. */
    RUNNING,
    /** Finished with a result. */
    OK,
    /** The Method threw (a numerical or internal failure): exit code 1. */
    FAILED,
    /** The Method rejected its input while running (an unreadable file, a refused resume): exit code 2. */
    BAD_INPUT,
    /** Stopped by {@link RunHandle#cancel()} or an interrupt; a Method with a checkpoint left it behind. */
    CANCELLED;

    /** Lower case, as in result.json: queued, running, ok, failed, bad_input, cancelled. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    public boolean done() { return this != QUEUED && this != RUNNING; }

    /**
     * The final state of a run that ended with {@code error}: BAD_INPUT for a {@link BadInputException},
     * CANCELLED for a {@link CancelledException} or an {@link InterruptedException}, else FAILED.
     */
    public static RunState of(Throwable error) {
        if (error instanceof BadInputException) return BAD_INPUT;
        if (error instanceof CancelledException || error instanceof InterruptedException) return CANCELLED;
        return FAILED;
    }

    /** The category of an error of this final state, as in result.json's {@code error.type}: bad_input, cancelled or failure. */
    public String errorType() { return this == FAILED ? "failure" : id(); }
}
