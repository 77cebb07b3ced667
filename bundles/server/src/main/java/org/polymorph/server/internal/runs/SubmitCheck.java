package org.polymorph.server.internal.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.tensor.Backends;

/**
 * What a run submitted to the server must pass before it is queued, so that an accepted run can start: its
 * Method exists, its parameters parse against the Method's specs (which also finds its input files readable),
 * and it does not ask to resume (a new run has nothing to continue). The run engine checks the same again when
 * the run leaves the queue, since a Method or a file may go in between. The reserved run parameter
 * {@value Backends#PARAM} is not the Method's: it goes to the engine untouched, which checks it when the run leaves
 * the queue (a run asking for a backend still being probed then waits there, not in the HTTP request).
 */
final class SubmitCheck {
    static final String RESUME = "resume";

    private SubmitCheck() { }

    /**
     * The Method of a run of {@code methodId} with raw {@code params}.
     *
     * @throws UnknownMethodException when there is no such Method (the message names close ids)
     * @throws BadInputException naming the parameter, the value and the fix
     */
    static MethodEntry check(MethodCatalog catalog, String methodId, Map<String, String> params, boolean resuming) {
        MethodEntry method;
        try {
            method = catalog.require(methodId);
        } catch (BadInputException unknown) {
            throw new UnknownMethodException(unknown);
        }
        Map<String, String> own = new LinkedHashMap<>(params);
        own.remove(Backends.PARAM);
        Params parsed = Params.parse(method.id(), method.method().params(), own);
        if (!resuming && Boolean.TRUE.equals(parsed.asMap().get(RESUME))) {
            throw BadInputException.forParam(RESUME, true, "a new run has no earlier run to continue",
                    "leave resume out, and resume an interrupted run with POST /api/v1/runs/ID/resume");
        }
        return method;
    }

    /** Whether runs of {@code method} can be resumed: it has a {@code resume} parameter (it checkpoints). */
    static boolean resumable(Method method) {
        return method.params().stream().anyMatch(s -> s.name().equals(RESUME));
    }
}
