package org.polymorph.core.runtime;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal JSON (RFC 8259). Writes maps, iterables, arrays (primitive or nested), numbers, strings,
 * booleans, enums and null; non-finite numbers are rejected with their path, since a NaN in a
 * result is an error. Reads into LinkedHashMap, ArrayList, Long/Double, String, Boolean and null.
 */
public final class Json {
    private Json() { }

    /** A parsed JSON array of numbers as double[] (what {@link #write} makes of a double[]). */
    public static double[] doubles(Object parsed) {
        if (!(parsed instanceof List<?> l)) throw new IllegalArgumentException("expected a JSON array of numbers, got " + parsed);
        double[] out = new double[l.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(l.get(k) instanceof Number n)) throw new IllegalArgumentException("element " + k + " of a number array is " + l.get(k));
            out[k] = n.doubleValue();
        }
        return out;
    }

    public static String write(Object value, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, pretty, 0, "$");
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, boolean pretty, int depth, String path) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String || v instanceof Character || v instanceof Enum || v instanceof java.nio.file.Path) {
            quote(sb, v.toString());
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("non-finite number " + d + " at " + path);
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d));
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (i++ > 0) sb.append(',');
                newline(sb, pretty, depth + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(pretty ? ": " : ":");
                write(sb, e.getValue(), pretty, depth + 1, path + "." + e.getKey());
            }
            if (!m.isEmpty()) newline(sb, pretty, depth);
            sb.append('}');
        } else if (v instanceof Iterable) {
            List<Object> list = new ArrayList<>();
            ((Iterable<?>) v).forEach(list::add);
            writeList(sb, list, pretty, depth, path);
        } else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(Array.get(v, i));
            writeList(sb, list, pretty, depth, path);
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON at " + path);
        }
    }

    private static void writeList(StringBuilder sb, List<Object> list, boolean pretty, int depth, String path) {
        boolean flat = list.stream().noneMatch(o -> o instanceof Map || o instanceof Iterable
                || (o != null && o.getClass().isArray()));
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) sb.append(flat && pretty ? ", " : ",");
            if (!flat) newline(sb, pretty, depth + 1);
            write(sb, list.get(i), pretty, depth + 1, path + "[" + i + "]");
        }
        if (!flat && !list.isEmpty()) newline(sb, pretty, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, boolean pretty, int depth) {
        if (pretty) sb.append('\n').append("  ".repeat(depth));
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Parses one JSON value; errors name the character offset. */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) throw p.error("trailing characters");
        return v;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) { this.s = s; }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at offset " + i + ": " + what);
        }

        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        Object value() {
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            return number();
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') { i++; return m; }
            while (true) {
                ws();
                if (peek() != '"') throw error("expected a key");
                String k = string();
                ws();
                expect(':');
                ws();
                m.put(k, value());
                ws();
                if (peek() == ',') { i++; continue; }
                expect('}');
                return m;
            }
        }

        List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') { i++; return l; }
            while (true) {
                ws();
                l.add(value());
                ws();
                if (peek() == ',') { i++; continue; }
                expect(']');
                return l;
            }
        }

        String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                if (i >= s.length()) break;
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        if (i + 4 > s.length()) throw error("bad unicode escape");
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad unicode escape '\\u" + s.substring(i, i + 4) + "'");
                        }
                        i += 4;
                        break;
                    default: b.append(e);
                }
            }
            throw error("unterminated string");
        }

        Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String t = s.substring(start, i);
            if (t.isEmpty()) throw error("unexpected character '" + s.charAt(start) + "'");
            try {
                if (t.contains(".") || t.contains("e") || t.contains("E")) return Double.parseDouble(t);
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error("bad number '" + t + "'");
            }
        }

        char peek() { return i < s.length() ? s.charAt(i) : '\0'; }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            i++;
        }
    }
}
