package org.polymorph.shell.internal.cli;

import org.polymorph.core.method.BadInputException;
import org.polymorph.shell.internal.run.RunFailedException;

/** Process exit codes of the headless CLI: 0 ok, 2 bad input, 1 any other failure. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() { }

    /** BAD_INPUT for a BadInputException (also when a method threw it while running), else FAILURE. */
    public static int of(Throwable error) {
        Throwable t = error instanceof RunFailedException && error.getCause() != null ? error.getCause() : error;
        return t instanceof BadInputException ? BAD_INPUT : FAILURE;
    }

    /** The one-line message printed after "error: ". */
    public static String message(Throwable error) {
        if (error instanceof BadInputException || error instanceof RunFailedException) return oneLine(error.getMessage());
        String msg = error.getMessage();
        return oneLine(error.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
