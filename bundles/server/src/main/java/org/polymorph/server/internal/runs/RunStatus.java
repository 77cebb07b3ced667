package org.polymorph.server.internal.runs;

import java.util.Locale;
import java.util.Optional;
import org.polymorph.core.run.RunState;

/**
 * Where a server run stands: the run engine's {@link RunState}s plus {@link #INTERRUPTED}, a run the
 * server stopped (or lost in a crash) while it ran; it can be resumed when its Method checkpoints.
 */
public enum RunStatus {
    QUEUED, RUNNING, OK, FAILED, BAD_INPUT, CANCELLED, INTERRUPTED;

    /** Lower case, as in the API and the index: queued, running, ok, failed, bad_input, cancelled, interrupted. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Everything but QUEUED and RUNNING. */
    public boolean done() { return this != QUEUED && this != RUNNING; }

    /** The status of {@code id} (lower case, as {@link #id()} writes it); empty for anything else. */
    public static Optional<RunStatus> parse(String id) {
        for (RunStatus s : values()) {
            if (s.id().equals(id)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The same state of the run engine. */
    static RunStatus of(RunState state) {
        return valueOf(state.name());
    }
}
