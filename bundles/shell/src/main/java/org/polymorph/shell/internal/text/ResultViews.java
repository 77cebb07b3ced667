package org.polymorph.shell.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.Result;

/** Human summaries of a finished run, and aligned key: value lines (the backend view uses them). */
public final class ResultViews {
    private ResultViews() { }

    /** Result.summary() lines, or, when the method gave none, its top-level scalar values. */
    public static List<String> summary(Result result) {
        if (!result.summary().isEmpty()) return result.summary();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Object> e : result.values().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof Enum) {
                lines.add(e.getKey() + " = " + scalar(v));
            }
        }
        return lines;
    }

    /** The {@code run} report: summary lines indented, the warnings, then the run directory. */
    public static String runReport(String id, Result result, double wallSeconds, String runDirectory) {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(" finished in ").append(String.format(Locale.ROOT, "%.3f", wallSeconds)).append(" s\n");
        for (String line : summary(result)) sb.append("  ").append(line).append('\n');
        sb.append(warnings(result));
        sb.append("run directory: ").append(runDirectory).append('\n');
        return sb.toString();
    }

    /** One "warning: ..." line per warning of the result (empty text when it has none). */
    public static String warnings(Result result) {
        StringBuilder sb = new StringBuilder();
        for (String w : result.warnings()) sb.append("warning: ").append(w).append('\n');
        return sb.toString();
    }

    /** The map as aligned "key: value" lines under {@code indent}, nested maps indented further. */
    static void appendMap(StringBuilder sb, Map<?, ?> map, String indent) {
        int width = 0;
        for (Object k : map.keySet()) width = Math.max(width, String.valueOf(k).length());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            sb.append(indent).append(key).append(':');
            if (e.getValue() instanceof Map && !((Map<?, ?>) e.getValue()).isEmpty()) {
                sb.append('\n');
                appendMap(sb, (Map<?, ?>) e.getValue(), indent + "  ");
            } else {
                sb.append(" ".repeat(width - key.length() + 1)).append(scalar(e.getValue())).append('\n');
            }
        }
    }

    static String scalar(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return MethodViews.number(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }
}
