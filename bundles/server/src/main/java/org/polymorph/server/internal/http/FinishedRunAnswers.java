package org.polymorph.server.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.server.internal.runs.RunRecord;

/**
 * The JSON answers of {@code GET /runs/{id}} for finished runs, made once: a finished run's record and its
 * result.json stay as they are until the run is resumed, which gives it a new record (so a stale answer is never
 * served). Keeps the {@value #KEPT} most recently asked for.
 */
final class FinishedRunAnswers {
    static final int KEPT = 256;

    private record Answer(RunRecord run, byte[] json) { }

    private final Map<String, Answer> byId = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) { return size() > KEPT; }
    };

    /** The answer made for exactly this record, or null. */
    synchronized byte[] get(RunRecord run) {
        Answer a = byId.get(run.id());
        return a != null && a.run().equals(run) ? a.json() : null;
    }

    synchronized void put(RunRecord run, byte[] json) {
        if (run.state().done()) byId.put(run.id(), new Answer(run, json));
    }
}
