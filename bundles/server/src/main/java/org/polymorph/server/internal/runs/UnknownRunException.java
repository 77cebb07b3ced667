package org.polymorph.server.internal.runs;

/** No server run has this id (HTTP 404). */
public final class UnknownRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownRunException(String id) {
        super("no run with id '" + id + "'; list the runs with GET /api/v1/runs");
    }
}
