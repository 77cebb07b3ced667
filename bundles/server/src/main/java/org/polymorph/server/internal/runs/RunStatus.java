package org.polymorph.server.internal.runs;

import java.util.Locale;
import java.util.Optional;

/** Where a server run stands. */
public enum RunStatus {
    QUEUED, RUNNING, OK, FAILED, BAD_INPUT, CANCELLED, INTERRUPTED;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public boolean done() { return this != QUEUED && this != RUNNING; }

    public static Optional<RunStatus> parse(String id) {
        for (RunStatus s : values()) if (s.id().equals(id)) return Optional.of(s);
        return Optional.empty();
    }
}
