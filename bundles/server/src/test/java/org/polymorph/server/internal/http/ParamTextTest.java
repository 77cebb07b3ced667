package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;

class ParamTextTest {
    /** The params object of a JSON body, converted. */
    private static Map<String, String> of(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        return ParamText.of(m);
    }

    @Test
    void scalarsAreWrittenAsOnTheCommandLine() {
        assertEquals(Map.of("s", "fcc", "n", "100", "x", "0.25", "b", "true", "w", "1000", "tiny", "0.00001", "neg", "-3"),
                of("{\"s\":\"fcc\",\"n\":100,\"x\":0.25,\"b\":true,\"w\":1e3,\"tiny\":1e-5,\"neg\":-3}"));
        assertEquals("1.0E-30", of("{\"t\":1e-30}").get("t"));
    }

    @Test
    void arraysAreJoinedWithCommasAndSlashes() {
        assertEquals("4,4,4", of("{\"v\":[4,4,4]}").get("v"));
        assertEquals("0,0,0/0.5,0.5,0.5", of("{\"q\":[[0,0,0],[0.5,0.5,0.5]]}").get("q"));
        assertEquals("a.xyz,b.xyz", of("{\"f\":[\"a.xyz\",\"b.xyz\"]}").get("f"));
        assertEquals("", of("{\"e\":[]}").get("e"));
    }

    @Test
    void nullObjectsAndDeepArraysNameTheParameter() {
        for (String json : new String[] {"{\"p\":null}", "{\"p\":{\"a\":1}}", "{\"p\":[[[1]]]}", "{\"p\":[1,{\"a\":1}]}", "{\"p\":[[1],2]}"}) {
            ApiException e = assertThrows(ApiException.class, () -> of(json), json);
            assertEquals(400, e.status());
            assertEquals("p", e.body().get("parameter"), json);
            assertTrue(e.getMessage().startsWith("parameter 'p' = "), e.getMessage());
        }
    }
}
