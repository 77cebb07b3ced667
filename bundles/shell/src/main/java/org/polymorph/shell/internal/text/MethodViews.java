package org.polymorph.shell.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.ParamType;

/** The {@code methods} and {@code describe} views, as text for people and as maps for JSON. */
public final class MethodViews {
    private MethodViews() { }

    /** Table of id and one-line description, sorted by id, in lines of at most {@code width} characters. */
    public static String methodsTable(SortedMap<String, Method> methods, int width) {
        if (methods.isEmpty()) return "no methods are registered (is a bundle that provides them active? see: lb)\n";
        Table t = new Table("METHOD", "DESCRIPTION");
        methods.forEach((id, m) -> t.row(id, firstLine(m.description())));
        return t.render("", width) + methods.size() + (methods.size() == 1 ? " method" : " methods")
                + "; details: describe <id>\n";
    }

    public static List<Map<String, Object>> methodsJson(SortedMap<String, Method> methods) {
        List<Map<String, Object>> out = new ArrayList<>();
        methods.forEach((id, m) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("description", firstLine(m.description()));
            out.add(row);
        });
        return out;
    }

    /** The method's description, then one row per parameter, then its usage, in lines of at most {@code width} characters. */
    public static String describe(String id, Method m, int width) {
        StringBuilder sb = new StringBuilder();
        sb.append(Table.paragraph(id + ": " + m.description().strip(), width));
        List<ParamSpec> params = m.params();
        if (params.isEmpty()) {
            sb.append("no parameters\n");
        } else {
            Table t = new Table("PARAMETER", "TYPE", "DEFAULT", "UNIT", "RANGE", "DESCRIPTION");
            for (ParamSpec p : params) {
                t.row(p.name(), typeText(p), defaultText(p), p.unit(), p.rangeText(), p.description());
            }
            sb.append("parameters:\n").append(t.render("  ", width));
        }
        StringBuilder usage = new StringBuilder("usage: run ").append(id);
        for (ParamSpec p : params) {
            usage.append(p.required() ? " " + p.name() + "=<" + p.type().label() + ">" : " [" + p.name() + "=...]");
        }
        return sb.append(Table.paragraph(usage.toString(), width)).toString();
    }

    public static Map<String, Object> describeJson(String id, Method m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("description", m.description());
        List<Map<String, Object>> params = new ArrayList<>();
        for (ParamSpec p : m.params()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.name());
            row.put("type", p.type().name().toLowerCase(Locale.ROOT));
            row.put("required", p.required());
            row.put("default", p.defaultValue());
            row.put("unit", p.unit());
            row.put("range", p.rangeText());
            if (p.type() == ParamType.CHOICE) row.put("choices", p.choices());
            row.put("description", p.description());
            params.add(row);
        }
        out.put("params", params);
        return out;
    }

    /** "integer", "number list", "3-number lists" (a list of items of 3 numbers each). */
    static String typeText(ParamSpec p) {
        return (p.itemSize() > 0 ? p.itemSize() + "-" : "") + p.type().label();
    }

    static String defaultText(ParamSpec p) {
        Object d = p.defaultValue();
        if (d == null) return "(required)";
        if (d instanceof List<?> list) return listText(list);
        if (d instanceof Double) return number((Double) d);
        String s = String.valueOf(d);
        return s.isEmpty() ? "\"\"" : s;
    }

    /** A list as it is written on the command line: "2,2,2", or "0,0,0/0.5,0.5,0.5" for a list of lists. */
    static String listText(List<?> list) {
        List<String> parts = new ArrayList<>();
        boolean nested = false;
        for (Object o : list) {
            nested |= o instanceof List;
            parts.add(o instanceof List<?> inner ? listText(inner) : o instanceof Double x ? number(x) : String.valueOf(o));
        }
        return String.join(nested ? ListSyntax.ITEM_SEPARATOR : ",", parts);
    }

    /** 0.001 stays 0.001, 1.0 becomes 1, 1e-8 becomes 1e-08. */
    static String number(double d) {
        double a = Math.abs(d);
        if (a == 0 || (a >= 1e-3 && a < 1e7)) return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+e", "e");
    }

    public static String firstLine(String text) {
        String s = text == null ? "" : text.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
