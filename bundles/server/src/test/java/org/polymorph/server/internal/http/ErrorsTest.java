package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;
import org.polymorph.server.internal.runs.QueueFullException;
import org.polymorph.server.internal.runs.UnknownMethodException;
import org.polymorph.server.internal.runs.UnknownRunException;

class ErrorsTest {
    @Test
    void badParametersAre400WithParameterValueAndFix() {
        ApiException e = Errors.map(BadInputException.forParam("steps", "-1", "out of range [0, 100]", "give a value between [0, 100]"));
        assertEquals(400, e.status());
        assertEquals(Map.of("error", "parameter 'steps' = '-1': out of range [0, 100]; give a value between [0, 100]",
                "parameter", "steps", "value", "-1", "fix", "give a value between [0, 100]"), e.body());
    }

    @Test
    void statusesOfTheSpec() {
        assertEquals(404, Errors.map(new UnknownMethodException("unknown method 'md.rnu' (did you mean md.run?)")).status());
        assertEquals(404, Errors.map(new UnknownRunException("x")).status());
        assertEquals(503, Errors.map(new QueueFullException(1000)).status());
        assertEquals(503, Errors.map(new IllegalStateException("no TensorService service is registered")).status());
        ApiException internal = Errors.map(new NullPointerException("x is null"));
        assertEquals(500, internal.status());
        assertFalse(internal.getMessage().contains("NullPointerException"), internal.getMessage());
    }

    @Test
    void aMessageWithoutParameterHasNullFields() {
        Map<String, Object> body = Errors.map(new BadInputException("file 'x.xyz' has 3 columns; give 4")).body();
        assertEquals("file 'x.xyz' has 3 columns; give 4", body.get("error"));
        assertNull(body.get("parameter"));
        assertNull(body.get("fix"));
        assertEquals("{\"error\":\"file 'x.xyz' has 3 columns; give 4\",\"parameter\":null,\"value\":null,\"fix\":null}",
                Json.write(body, false));
        assertEquals(List.of("error", "parameter", "value", "fix"), List.copyOf(body.keySet()));
    }
}
