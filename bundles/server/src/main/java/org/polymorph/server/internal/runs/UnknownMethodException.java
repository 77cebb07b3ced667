package org.polymorph.server.internal.runs;

import org.polymorph.core.method.BadInputException;

/** A run asked for a Method the runtime does not have (HTTP 404); the message names close ids. */
public final class UnknownMethodException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public UnknownMethodException(String message) { super(message); }

    /** The catalog's refusal, with its parameter ("method"), value and fix kept. */
    public UnknownMethodException(BadInputException unknown) {
        super(unknown.getMessage(), unknown.parameter().orElse("method"), unknown.value().orElse(null), unknown.fix().orElse(null));
        initCause(unknown);
    }
}
