package org.polymorph.server.internal.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;

class OpenApiDocumentTest {
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/health", "health", 200, "Health", null, true),
            new Endpoint("POST", "/runs", "submit", 202, "Run", "RunRequest", false),
            new Endpoint("GET", "/runs", "list", 200, "Runs", null, false),
            new Endpoint("GET", "/runs/{id}/files/{path}", "file", 200, "file", null, false));

    private static SortedMap<String, MethodEntry> catalog(Method... methods) {
        SortedMap<String, MethodEntry> m = new TreeMap<>();
        for (Method x : methods) m.put(x.id(), new MethodEntry(x.id(), x, FakeMethods.BUNDLE, FakeMethods.BUNDLE_VERSION));
        return m;
    }

    /** The document as a client reads it: written to JSON text and parsed back. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> doc(SortedMap<String, MethodEntry> methods) {
        return (Map<String, Object>) Json.parse(Json.write(OpenApiDocument.build(ENDPOINTS, methods, "0.1.0"), false));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Object o, String... keys) {
        Object x = o;
        for (String k : keys) x = ((Map<String, Object>) x).get(k);
        return (Map<String, Object>) x;
    }

    @Test
    void hasTheStructureOfOpenApi31() {
        Map<String, Object> d = doc(catalog(FakeMethods.sum()));
        assertEquals("3.1.0", d.get("openapi"));
        assertEquals("0.1.0", at(d, "info").get("version"));
        assertEquals(List.of("/health", "/runs", "/runs/{id}/files/{path}"), List.copyOf(at(d, "paths").keySet()));
        assertEquals(List.of("post", "get"), List.copyOf(at(d, "paths", "/runs").keySet()));
        assertTrue(at(d, "paths", "/runs", "post", "responses").containsKey("202"));
        assertEquals(List.of(), at(d, "paths", "/health", "get").get("security"), "health needs no token");
        List<?> params = (List<?>) at(d, "paths", "/runs/{id}/files/{path}", "get").get("parameters");
        assertEquals(List.of("id", "path", "download"), params.stream().map(p -> ((Map<?, ?>) p).get("name")).toList());
        // every $ref points at a schema that exists
        String text = Json.write(d, false);
        Map<String, Object> schemas = at(d, "components", "schemas");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#/components/schemas/([^\"]+)").matcher(text);
        int refs = 0;
        while (m.find()) {
            assertTrue(schemas.containsKey(m.group(1)), "dangling $ref " + m.group(1));
            refs++;
        }
        assertTrue(refs > 5);
        assertEquals("bearer", at(d, "components", "securitySchemes", "bearer").get("scheme"));
    }

    @Test
    void methodParametersAreMappedToSchemas() {
        Map<String, Object> d = doc(catalog(FakeMethods.sum(), FakeMethods.required(), FakeMethods.points()));
        Map<String, Object> sum = at(d, "components", "schemas", "params.test.sum");
        assertEquals("object", sum.get("type"));
        assertEquals(false, sum.get("additionalProperties"));
        assertNull(sum.get("required"), "every parameter of test.sum has a default");
        Map<String, Object> n = at(sum, "properties", "n");
        assertEquals(Map.of("type", "integer", "minimum", 1L, "maximum", 1000L, "default", 10L, "description", "number of terms (range [1, 1000])"), n);
        Map<String, Object> factor = at(sum, "properties", "factor");
        assertEquals("number", factor.get("type"));
        assertEquals(-10.0, factor.get("minimum"));
        assertEquals(1.0, factor.get("default"));
        assertTrue(((String) factor.get("description")).contains("unit: eV"), factor.toString());
        Map<String, Object> sizes = at(sum, "properties", "sizes");
        Map<?, ?> array = (Map<?, ?>) ((List<?>) sizes.get("anyOf")).get(0);
        assertEquals(Map.of("type", "integer", "minimum", 1L, "maximum", 64L), array.get("items"));
        assertEquals(List.of(1L, 2L), sizes.get("default"));

        assertEquals(List.of("label"), at(d, "components", "schemas", "params.test.need").get("required"));
        Map<String, Object> points = at(d, "components", "schemas", "params.test.points", "properties", "points");
        Map<?, ?> item = (Map<?, ?>) ((Map<?, ?>) ((List<?>) points.get("anyOf")).get(0)).get("items");
        assertEquals(3L, item.get("minItems"));
        assertEquals(3L, item.get("maxItems"));

        List<?> requests = (List<?>) at(d, "components", "schemas", "RunRequest").get("oneOf");
        assertEquals(3, requests.size());
        assertEquals(Map.of("const", "test.need"), ((Map<?, ?>) ((Map<?, ?>) requests.get(0)).get("properties")).get("method"));
    }

    @Test
    void choicesBecomeAnEnum() {
        Method choose = new Method() {
            public String id() { return "test.choose"; }
            public String description() { return "chooses"; }
            public List<org.polymorph.core.method.ParamSpec> params() {
                return List.of(org.polymorph.core.method.ParamSpec.choice("lattice", "fcc", List.of("fcc", "bcc"), "lattice"));
            }
            public org.polymorph.core.method.Result run(org.polymorph.core.method.Params p, org.polymorph.core.method.Progress g,
                                                         org.polymorph.core.method.RunDirectory r) { return null; }
        };
        Map<String, Object> lattice = at(doc(catalog(choose)), "components", "schemas", "params.test.choose", "properties", "lattice");
        assertEquals(List.of("fcc", "bcc"), lattice.get("enum"));
        assertEquals("fcc", lattice.get("default"));
    }

    @Test
    void aMethodAddedAppearsInTheNextDocument() {
        SortedMap<String, MethodEntry> methods = catalog(FakeMethods.sum());
        assertFalse(at(doc(methods), "components", "schemas").containsKey("params.test.steps"));
        methods.putAll(catalog(FakeMethods.steps()));
        assertTrue(at(doc(methods), "components", "schemas").containsKey("params.test.steps"));
    }
}
