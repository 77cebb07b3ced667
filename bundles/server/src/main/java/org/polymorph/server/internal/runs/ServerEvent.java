package org.polymorph.server.internal.runs;

import java.util.List;

/** What SSE streams carry. */
public sealed interface ServerEvent {
    record Progress(String runId, RunStatus state, long done, long total, String message) implements ServerEvent { }
    record Log(String runId, String line) implements ServerEvent { }
    record State(RunRecord run) implements ServerEvent { }
    record Methods(List<String> added, List<String> removed) implements ServerEvent { }
}
