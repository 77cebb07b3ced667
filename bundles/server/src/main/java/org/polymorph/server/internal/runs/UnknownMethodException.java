package org.polymorph.server.internal.runs;

import org.polymorph.core.method.BadInputException;

/** No Method of that id. */
public class UnknownMethodException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public UnknownMethodException(String message) { super(message); }
}
