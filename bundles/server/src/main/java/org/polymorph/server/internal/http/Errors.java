package org.polymorph.server.internal.http;

import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;
import org.polymorph.server.internal.runs.QueueFullException;
import org.polymorph.server.internal.runs.UnknownMethodException;
import org.polymorph.server.internal.runs.UnknownRunException;

/** Maps what a route threw to the HTTP status and JSON error of the spec, in the CLI's words. */
final class Errors {
    private static final Logger LOG = LogManager.getLogger(Errors.class);

    private Errors() { }

    static ApiException map(Throwable t) {
        if (t instanceof ApiException a) return a;
        if (t instanceof UnknownMethodException e) return fromBadInput(404, e);
        if (t instanceof BadInputException e) return fromBadInput(400, e);
        if (t instanceof UnknownRunException e) return ApiException.of(404, ErrorText.of(e), null);
        if (t instanceof QueueFullException e) return ApiException.of(503, ErrorText.of(e), null);
        if (t instanceof IllegalStateException e) {
            // a service the server needs (run engine, backend) is not registered right now
            LOG.warn("request refused: {}", ErrorText.of(e));
            return ApiException.of(503, ErrorText.of(e), null);
        }
        LOG.error("request failed", t);
        return ApiException.of(500, "internal error: " + ErrorText.of(t), "see logs/polymorph.log");
    }

    static ApiException fromBadInput(int status, BadInputException e) {
        return new ApiException(status, ErrorText.of(e), e.parameter().orElse(null), e.value().orElse(null),
                e.fix().orElse(null), Map.of());
    }

    /** 400 about one parameter: "parameter 'p' = 'v': problem; fix", as {@link BadInputException#forParam}. */
    static ApiException badParam(String parameter, Object value, String problem, String fix) {
        return fromBadInput(400, BadInputException.forParam(parameter, value, problem, fix));
    }

    static ApiException notFound(String what, String fix) {
        return ApiException.of(404, what, fix);
    }
}
