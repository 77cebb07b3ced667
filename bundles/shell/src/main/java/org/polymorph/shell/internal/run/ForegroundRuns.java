package org.polymorph.shell.internal.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.polymorph.core.run.RunHandle;

/**
 * The run each console session is waiting for, so that Ctrl-C in that session cancels it through the run engine
 * ({@link RunHandle#cancel()}) while the command that waits for it stays in charge of reporting the end. Sessions
 * are told apart by identity.
 */
public final class ForegroundRuns {
    private final Map<Object, RunHandle> bySession = new ConcurrentHashMap<>();

    /** {@code session} now waits for {@code run}. */
    public void started(Object session, RunHandle run) {
        bySession.put(session, run);
    }

    /** {@code session} no longer waits for a run. */
    public void ended(Object session) {
        bySession.remove(session);
    }

    /** Cancels the run {@code session} waits for; false when it waits for none (or it has ended). */
    public boolean cancel(Object session) {
        RunHandle run = bySession.get(session);
        if (run == null || run.state().done()) return false;
        run.cancel();
        return true;
    }
}
