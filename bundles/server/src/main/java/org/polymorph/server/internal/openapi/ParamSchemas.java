package org.polymorph.server.internal.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.ParamType;
import org.polymorph.core.tensor.Backends;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a Method's parameters: one property per ParamSpec with its
 * type, default, inclusive minimum/maximum (on each element of a list), enum for choices, and the unit in the
 * description; required are the parameters without a default. Lists may also be given in the command line's
 * text form ("1,2,3"), hence {@code anyOf} an array and a string. Every run also takes the reserved
 * {@value Backends#PARAM}, the TensorService it runs on.
 */
public final class ParamSchemas {
    private ParamSchemas() { }

    /** The object schema of {@code specs}. */
    public static Map<String, Object> of(String methodId, List<ParamSpec> specs) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ParamSpec s : specs) {
            props.put(s.name(), property(s));
            if (s.required()) required.add(s.name());
        }
        props.putIfAbsent(Backends.PARAM, Map.of("type", "string", "description", "the TensorService the run uses: "
                + Backends.CPU + " (the highest-ranked backend not on a GPU), cuda or any registered backend's name (GET /backend);"
                + " default the highest-ranked; not one of the Method's own parameters"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("title", "parameters of " + methodId);
        schema.put("properties", props);
        if (!required.isEmpty()) schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map<String, Object> property(ParamSpec s) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (s.type()) {
            case INT, DOUBLE -> p.putAll(number(s));
            case BOOLEAN -> p.put("type", "boolean");
            case STRING, PATH -> p.put("type", "string");
            case CHOICE -> { p.put("type", "string"); p.put("enum", s.choices()); }
            case FILES -> p.put("anyOf", List.of(Map.of("type", "array", "items", Map.of("type", "string")), Map.of("type", "string")));
            case INT_LIST, DOUBLE_LIST -> p.put("anyOf", List.of(Map.of("type", "array", "items", number(s)), Map.of("type", "string")));
            case DOUBLE_LISTS -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", "array");
                item.put("items", number(s));
                if (s.itemSize() > 0) { item.put("minItems", s.itemSize()); item.put("maxItems", s.itemSize()); }
                p.put("anyOf", List.of(Map.of("type", "array", "items", item), Map.of("type", "string")));
            }
            default -> throw new IllegalStateException("unhandled parameter type " + s.type());
        }
        if (s.defaultValue() != null) p.put("default", s.defaultValue());
        p.put("description", description(s));
        return p;
    }

    /** "description (unit: eV; range [0, 10]; numbers separated by commas, ...)"; the parts that apply. */
    static String description(ParamSpec s) {
        List<String> notes = new ArrayList<>();
        if (!s.unit().isEmpty()) notes.add("unit: " + s.unit());
        if (!s.rangeText().isEmpty() && s.type() != ParamType.CHOICE) notes.add("range " + s.rangeText());
        if (s.type() == ParamType.PATH || s.type() == ParamType.FILES) notes.add(s.type().label() + " on the server");
        if (!s.syntax().isEmpty()) notes.add("as text: " + s.syntax());
        return s.description() + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    private static Map<String, Object> number(ParamSpec s) {
        Map<String, Object> n = new LinkedHashMap<>();
        boolean integer = s.type() == ParamType.INT || s.type() == ParamType.INT_LIST;
        n.put("type", integer ? "integer" : "number");
        Object min = bound(s.min(), integer);
        Object max = bound(s.max(), integer);
        if (min != null) n.put("minimum", min);
        if (max != null) n.put("maximum", max);
        return n;
    }

    /** A numeric bound as JSON: a long for integer types, null when unbounded (±Double.MAX_VALUE or infinite). */
    public static Object bound(double v, boolean integer) {
        if (Double.isInfinite(v) || Math.abs(v) == Double.MAX_VALUE) return null;
        return integer ? (Object) (long) v : (Object) v;
    }
}
