package org.polymorph.server.internal.runs;

/** The queue holds max_queued_runs runs already (HTTP 503); nothing was queued. */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(int maxQueued) {
        super("the run queue is full (" + maxQueued + " runs waiting, max_queued_runs in conf/server.properties);"
                + " submit again when some have finished");
    }
}
