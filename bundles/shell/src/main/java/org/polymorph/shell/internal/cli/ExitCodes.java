package org.polymorph.shell.internal.cli;

import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunState;

/** Process exit codes of the headless CLI: 0 ok, 2 bad input, 1 any other failure (a cancelled run included). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() { }

    /** BAD_INPUT for a BadInputException (also when a method threw it while running), else FAILURE. */
    public static int of(Throwable error) {
        if (error instanceof RunFailedException r) return r.state() == RunState.BAD_INPUT ? BAD_INPUT : FAILURE;
        return error instanceof BadInputException ? BAD_INPUT : FAILURE;
    }

    /** The one-line message printed after "error: ", naming no Java class. */
    public static String message(Throwable error) {
        return ErrorText.of(error);
    }
}
