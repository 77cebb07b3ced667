package org.polymorph.server.internal.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polymorph.core.run.MethodEntry;

/**
 * The OpenAPI 3.1 document of the REST API, built from the routes and the Methods in the catalog at the time
 * of the call (a hot-deployed Method appears in the next document). Each Method's parameters are the schema
 * {@code components.schemas["params.<method id>"]} ({@link ParamSchemas}); the body of {@code POST /runs} is
 * one of the per-Method run requests.
 */
public final class OpenApiDocument {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z]+)}");

    private OpenApiDocument() { }

    /** The document as JSON-ready maps and lists. */
    public static Map<String, Object> build(List<Endpoint> endpoints, SortedMap<String, MethodEntry> methods, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Polymorph server", "version", version,
                "description", "Runs the Methods of this Polymorph runtime: submit, follow (Server-Sent Events), cancel, "
                        + "resume, and fetch their result files. Parameter values are checked as on the command line."));
        doc.put("servers", List.of(Map.of("url", "/api/v1")));
        doc.put("security", List.of(Map.of("bearer", List.of()), Map.of("cookie", List.of())));
        doc.put("paths", paths(endpoints));
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer", "description", "the token in conf/server.token"),
                "cookie", Map.of("type", "apiKey", "in", "cookie", "name", "polymorph_token",
                        "description", "set by POST /session")));
        components.put("schemas", schemas(methods));
        doc.put("components", components);
        return doc;
    }

    private static Map<String, Object> paths(List<Endpoint> endpoints) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(e.path(), k -> new LinkedHashMap<>());
            item.put(e.method().toLowerCase(java.util.Locale.ROOT), operation(e));
        }
        return paths;
    }

    private static Map<String, Object> operation(Endpoint e) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", e.summary());
        op.put("operationId", operationId(e));
        List<Object> parameters = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(e.path());
        while (m.find()) {
            parameters.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (e.method().equals("GET") && e.path().equals("/runs")) {
            parameters.add(Map.of("name", "state", "in", "query", "required", false, "schema", Map.of("type", "string",
                    "enum", List.of("queued", "running", "ok", "failed", "bad_input", "cancelled", "interrupted"))));
        }
        if ("file".equals(e.response())) {
            parameters.add(Map.of("name", "download", "in", "query", "required", false,
                    "description", "1: served as an attachment", "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) op.put("parameters", parameters);
        if (e.request() != null) {
            op.put("requestBody", Map.of("required", true, "content",
                    Map.of("application/json", Map.of("schema", ref(e.request())))));
        }
        if (e.open()) op.put("security", List.of());
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(String.valueOf(e.status()), success(e));
        responses.put("default", Map.of("description", "an error: 400 bad input, 401 no or wrong token, 404 unknown, "
                        + "405 wrong HTTP method, 413 body too large, 503 queue full",
                "content", Map.of("application/json", Map.of("schema", ref("Error")))));
        op.put("responses", responses);
        return op;
    }

    private static String operationId(Endpoint e) {
        StringBuilder b = new StringBuilder(e.method().toLowerCase(java.util.Locale.ROOT));
        for (String part : e.path().split("[/{}.]+")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static Map<String, Object> success(Endpoint e) {
        if (e.response() == null) return Map.of("description", "done");
        switch (e.response()) {
            case "sse": return Map.of("description", "Server-Sent Events", "content", Map.of("text/event-stream", Map.of("schema", Map.of("type", "string"))));
            case "file": return Map.of("description", "the file", "content", Map.of("application/octet-stream", Map.of("schema", Map.of("type", "string", "contentMediaType", "application/octet-stream"))));
            case "zip": return Map.of("description", "a zip of the run's files", "content", Map.of("application/zip", Map.of("schema", Map.of("type", "string", "contentMediaType", "application/zip"))));
            default: return Map.of("description", "ok", "content", Map.of("application/json", Map.of("schema", ref(e.response()))));
        }
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }

    private static Map<String, Object> schemas(SortedMap<String, MethodEntry> methods) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> nullableString = Map.of("type", List.of("string", "null"));
        s.put("Error", object(Map.of("error", Map.of("type", "string"), "parameter", nullableString, "value", nullableString,
                "fix", nullableString), List.of("error")));
        Map<String, Object> progress = object(Map.of("done", Map.of("type", "integer"), "total", Map.of("type", "integer"),
                "fraction", Map.of("type", List.of("number", "null")), "message", nullableString), List.of());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", Map.of("type", "string"));
        run.put("method", Map.of("type", "string"));
        run.put("params", Map.of("type", "object", "additionalProperties", Map.of("type", "string")));
        run.put("state", Map.of("type", "string", "enum", List.of("queued", "running", "ok", "failed", "bad_input", "cancelled", "interrupted")));
        run.put("progress", progress);
        run.put("submitted", Map.of("type", "string", "format", "date-time"));
        run.put("started", Map.of("type", List.of("string", "null"), "format", "date-time"));
        run.put("finished", Map.of("type", List.of("string", "null"), "format", "date-time"));
        run.put("resumable", Map.of("type", "boolean"));
        run.put("attempts", Map.of("type", "integer"));
        run.put("links", Map.of("type", "object"));
        run.put("result", Map.of("description", "result.json of a finished run (GET /runs/{id} only)"));
        s.put("Run", object(run, List.of("id", "method", "state")));
        s.put("Runs", Map.of("type", "array", "items", ref("Run")));
        s.put("Method", object(Map.of("id", Map.of("type", "string"), "description", Map.of("type", "string"),
                "bundle", Map.of("type", "string"), "bundle_version", Map.of("type", "string")), List.of("id")));
        s.put("Methods", Map.of("type", "array", "items", ref("Method")));
        s.put("MethodDetail", Map.of("allOf", List.of(ref("Method"), object(Map.of("params", Map.of("type", "array",
                "items", Map.of("type", "object"))), List.of()))));
        s.put("Files", Map.of("type", "array", "items", object(Map.of("name", Map.of("type", "string"), "size", Map.of("type", "integer"),
                "type", Map.of("type", "string", "enum", List.of("csv", "png", "json", "xyz", "text", "other"))), List.of("name"))));
        s.put("Health", object(Map.of("status", Map.of("type", "string"), "version", Map.of("type", "string"),
                "runs", Map.of("type", "object"), "uptime_s", Map.of("type", "number")), List.of("status")));
        s.put("Backend", object(Map.of("name", Map.of("type", "string"), "details", Map.of("type", "string")), List.of("name")));
        s.put("Cluster", object(Map.of("clustered", Map.of("type", "boolean"), "name", Map.of("type", "string"),
                "members", Map.of("type", "array", "items", object(Map.of("id", Map.of("type", "string"), "address", Map.of("type", "string"),
                        "local", Map.of("type", "boolean"), "cores", Map.of("type", "integer"), "running", Map.of("type", "integer"),
                        "done", Map.of("type", "integer"), "kinds", Map.of("type", "array", "items", Map.of("type", "string"))), List.of("id"))),
                "in_flight", Map.of("type", "array", "items", object(Map.of("job", Map.of("type", "string"), "item", Map.of("type", "string"),
                        "kind", Map.of("type", "string"), "member", Map.of("type", "string"), "seconds", Map.of("type", "number")), List.of("item")))),
                List.of("clustered", "members")));
        s.put("Session", object(Map.of("token", Map.of("type", "string")), List.of("token")));
        List<Object> requests = new ArrayList<>();
        for (MethodEntry m : methods.values()) {
            String name = "params." + m.id();
            s.put(name, ParamSchemas.of(m.id(), m.method().params()));
            requests.add(object(Map.of("method", Map.of("const", m.id()), "params", ref(name)), List.of("method")));
        }
        s.put("RunRequest", requests.isEmpty() ? object(Map.of("method", Map.of("type", "string"),
                "params", Map.of("type", "object")), List.of("method")) : Map.of("oneOf", requests));
        return s;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "object");
        o.put("properties", new java.util.TreeMap<>(properties));
        if (!required.isEmpty()) o.put("required", required);
        return o;
    }
}
