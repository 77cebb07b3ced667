package org.polymorph.server.internal.runs;

import java.util.List;

/** What the server's event streams carry (Server-Sent Events). */
public sealed interface ServerEvent {
    /** A progress report of a running run; {@code total <= 0} when unknown. */
    record Progress(String runId, RunStatus state, long done, long total, String message) implements ServerEvent { }

    /** One line the run logged (its run.log). */
    record Log(String runId, String line) implements ServerEvent { }

    /** A state change of a run (queued, running, a final state); a final one is the last event of a run's attempt. */
    record State(RunRecord run) implements ServerEvent { }

    /** Methods that came or went (hot deploy); only on the stream of all runs. */
    record Methods(List<String> added, List<String> removed) implements ServerEvent {
        public Methods {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }
}
