package org.polymorph.server.internal.runs;

/** No run of that id. */
public class UnknownRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownRunException(String message) { super(message); }
}
