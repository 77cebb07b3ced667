package org.polymorph.server.internal.runs;

/** The queue holds max_queued_runs runs. */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) { super(message); }
}
