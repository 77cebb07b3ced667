package org.polymorph.server.internal.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.polymorph.core.method.ListSyntax;

/**
 * Turns the JSON values of a run request's {@code params} into the command line's text form, which the run
 * engine validates as it does for {@code polymorph run}: strings as they are, numbers and booleans as written,
 * arrays of numbers or strings joined with ',', arrays of number arrays with '/' between items
 * ({@code [[0,0,0],[0.5,0.5,0.5]]} → {@code 0,0,0/0.5,0.5,0.5}).
 */
final class ParamText {
    private ParamText() { }

    /** Every entry converted; a 400 naming the parameter for null, objects and mixed or deeper arrays. */
    static Map<String, String> of(Map<String, Object> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((name, value) -> out.put(name, text(name, value)));
        return out;
    }

    static String text(String name, Object value) {
        if (value instanceof String s) return s;
        if (value instanceof Boolean || value instanceof Number) return scalar(name, value);
        if (value instanceof List<?> list) {
            if (!list.isEmpty() && list.stream().allMatch(e -> e instanceof List)) {
                List<String> items = new ArrayList<>();
                for (Object item : list) items.add(flat(name, (List<?>) item, value));
                return String.join(ListSyntax.ITEM_SEPARATOR, items);
            }
            return flat(name, list, value);
        }
        if (value == null) {
            throw Errors.badParam(name, "null", "no value", "give a value, or leave the parameter out for its default");
        }
        throw Errors.badParam(name, shown(value), "an object is not a parameter value",
                "give a string, a number, a boolean or an array of them");
    }

    private static String flat(String name, List<?> list, Object whole) {
        List<String> out = new ArrayList<>();
        for (Object e : list) {
            if (e instanceof String || e instanceof Number || e instanceof Boolean) {
                out.add(e instanceof String s ? s : scalar(name, e));
            } else {
                throw Errors.badParam(name, shown(whole), "arrays may hold numbers, strings or arrays of numbers only",
                        "give e.g. [1, 2, 3] or [[0, 0, 0], [0.5, 0.5, 0.5]]");
            }
        }
        return String.join(",", out);
    }

    /**
     * A number as written: integers as integers, and a JSON double that holds a whole number below 1e15 too
     * (1e3 → "1000", so that integer parameters accept it); other doubles in the shortest form that reads back
     * the same (Double.toString's digits, without exponent when plain is short).
     */
    private static String scalar(String name, Object v) {
        if (!(v instanceof Double d)) return v.toString();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        BigDecimal digits = BigDecimal.valueOf(d).stripTrailingZeros();
        String plain = digits.toPlainString();
        return plain.length() <= 24 ? plain : d.toString();
    }

    private static String shown(Object value) {
        if (value instanceof Map<?, ?> m) return "{" + m.keySet().stream().map(Object::toString).collect(Collectors.joining(", ")) + "}";
        return String.valueOf(value);
    }
}
