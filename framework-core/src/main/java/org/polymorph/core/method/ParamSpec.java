package org.polymorph.core.method;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One typed parameter: name, type, default (null when required), unit, inclusive numeric range
 * (applies to each element of a list), allowed choices, a description, and for a list of number lists
 * the count of numbers in each item (0: any). Lists are written as {@link ListSyntax} reads them.
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, String unit,
                        double min, double max, List<String> choices, String description, int itemSize) {

    public ParamSpec {
        choices = List.copyOf(choices);
        unit = unit == null ? "" : unit; // no unit: "" (the API, the OpenAPI document and messages read it)
        if (!name.matches("[a-z][a-z0-9_.]*")) throw new IllegalArgumentException("bad parameter name '" + name + "'");
        if (itemSize < 0 || (itemSize > 0 && type != ParamType.DOUBLE_LISTS)) {
            throw new IllegalArgumentException("item size " + itemSize + " for parameter '" + name + "' of type " + type);
        }
    }

    /** A parameter whose items have no fixed size (every type but {@link ParamType#DOUBLE_LISTS}). */
    public ParamSpec(String name, ParamType type, Object defaultValue, String unit,
                     double min, double max, List<String> choices, String description) {
        this(name, type, defaultValue, unit, min, max, choices, description, 0);
    }

    public static ParamSpec integer(String name, Integer def, String unit, long min, long max, String description) {
        return new ParamSpec(name, ParamType.INT, def, unit, min, max, List.of(), description);
    }

    public static ParamSpec real(String name, Double def, String unit, double min, double max, String description) {
        return new ParamSpec(name, ParamType.DOUBLE, def, unit, min, max, List.of(), description);
    }

    public static ParamSpec bool(String name, boolean def, String description) {
        return new ParamSpec(name, ParamType.BOOLEAN, def, "", 0, 0, List.of(), description);
    }

    public static ParamSpec text(String name, String def, String description) {
        return new ParamSpec(name, ParamType.STRING, def, "", 0, 0, List.of(), description);
    }

    /**
     * A file that must exist and be readable; a bare name not in the working directory is looked for in
     * {@code $POLYMORPH_POTENTIALS} and the distribution's {@code potentials/} folder.
     */
    public static ParamSpec path(String name, String def, String description) {
        return new ParamSpec(name, ParamType.PATH, def, "", 0, 0, List.of(), description);
    }

    /**
     * Comma-separated input files that must exist and be readable; the value is their absolute paths,
     * joined by commas again ({@link Params#getString}).
     */
    public static ParamSpec files(String name, String def, String description) {
        return new ParamSpec(name, ParamType.FILES, def, "", 0, 0, List.of(), description);
    }

    /**
     * One of {@code choices}. A choice that ends with ':' stands for that prefix followed by an
     * argument (the choice {@code learned:} accepts {@code learned:run1/opt.lopt}).
     */
    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, ParamType.CHOICE, def, "", 0, 0, choices, description);
    }

    public static ParamSpec intList(String name, List<Integer> def, String unit, long min, long max, String description) {
        return new ParamSpec(name, ParamType.INT_LIST, def, unit, min, max, List.of(), description);
    }

    public static ParamSpec realList(String name, List<Double> def, String unit, double min, double max, String description) {
        return new ParamSpec(name, ParamType.DOUBLE_LIST, def, unit, min, max, List.of(), description);
    }

    /**
     * A list of number lists, items separated by {@value ListSyntax#ITEM_SEPARATOR} and numbers by commas
     * ({@code qpoints=0,0,0/0.5,0.5,0.5}); the value is a {@code List<List<Double>>} ({@link Params#getDoubleLists}).
     *
     * @param itemSize numbers in each item (3 for a q-point), or 0 for any count
     * @since 1.4.0
     */
    public static ParamSpec realLists(String name, List<List<Double>> def, String unit, double min, double max, int itemSize,
                                      String description) {
        List<List<Double>> copy = def == null ? null : def.stream().map(List::copyOf).toList();
        return new ParamSpec(name, ParamType.DOUBLE_LISTS, copy, unit, min, max, List.of(), description, itemSize);
    }

    /**
     * How a value is written: for a list of number lists "3 numbers per item: numbers separated by commas,
     * items by '/' (e.g. 0,0,0/0.5,0.5,0.5)"; "" for the other types.
     *
     * @since 1.4.0
     */
    public String syntax() {
        if (type != ParamType.DOUBLE_LISTS) return "";
        String one = itemSize == 0 ? "1,2" : String.join(",", java.util.Collections.nCopies(itemSize, "0"));
        String two = itemSize == 0 ? "3" : String.join(",", java.util.Collections.nCopies(itemSize, "0.5"));
        return (itemSize == 0 ? "" : itemSize + (itemSize == 1 ? " number" : " numbers") + " per item: ")
                + "numbers separated by commas, items by '" + ListSyntax.ITEM_SEPARATOR + "' (e.g. " + one + ListSyntax.ITEM_SEPARATOR + two + ")";
    }

    public boolean required() { return defaultValue == null; }

    /** "[1, 100000]", "one of a|b", or "" when unconstrained. */
    public String rangeText() {
        switch (type) {
            case INT: case INT_LIST:
                return "[" + (long) min + ", " + (long) max + "]";
            case DOUBLE: case DOUBLE_LIST: case DOUBLE_LISTS:
                return "[" + fmt(min) + ", " + fmt(max) + "]";
            case CHOICE:
                return String.join("|", choices);
            default:
                return "";
        }
    }

    /** Converts and validates a raw command-line value; throws {@link BadInputException}. */
    public Object parse(String raw) {
        String v = raw.trim();
        switch (type) {
            case INT: return checkRange(parseLong(v, raw), raw);
            case DOUBLE: return checkRange(parseDouble(v, raw), raw);
            case BOOLEAN:
                // LAMMPS spells its flags yes/no (neigh_modify check yes); any case
                if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) return true;
                if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) return false;
                throw BadInputException.forParam(name, raw, "not a boolean", "write true or false (or yes or no)");
            case STRING: return raw;
            case PATH: return checkPath(raw);
            case FILES: {
                if (v.isEmpty() && "".equals(defaultValue)) return "";
                List<String> out = new ArrayList<>();
                for (String s : ListSyntax.elements(name, raw, v, "existing, readable files separated by commas")) {
                    Path p = FileSearch.find(s, true).orElseThrow(() -> BadInputException.forParam(name, raw,
                            "no readable file there (" + s.trim() + ")", FileSearch.fix("give existing, readable files separated by commas")));
                    out.add(p.toString());
                }
                return String.join(",", out);
            }
            case CHOICE:
                if (choices.contains(v) && !v.endsWith(":")) return v;
                for (String c : choices) {
                    if (c.endsWith(":") && v.startsWith(c) && !v.substring(c.length()).isBlank()) return v;
                }
                throw BadInputException.forParam(name, raw, "not an allowed value", "use one of " + String.join(", ", choices));
            case INT_LIST: {
                List<Integer> out = new ArrayList<>();
                for (String s : ListSyntax.elements(name, raw, v, "comma-separated whole numbers such as 1,2,3" + rangeHint())) {
                    out.add(checkRange(parseLong(s, raw), raw).intValue());
                }
                return List.copyOf(out);
            }
            case DOUBLE_LIST: {
                List<Double> out = new ArrayList<>();
                for (String s : ListSyntax.elements(name, raw, v, "comma-separated numbers such as 1,2.5,3" + rangeHint())) {
                    out.add(checkRange(parseDouble(s, raw), raw));
                }
                return List.copyOf(out);
            }
            case DOUBLE_LISTS: {
                List<List<Double>> out = new ArrayList<>();
                for (String item : ListSyntax.items(name, raw, syntax())) {
                    List<Double> numbers = new ArrayList<>();
                    for (double d : ListSyntax.numbers(name, raw, item, itemSize, syntax())) numbers.add(checkRange(d, raw));
                    out.add(List.copyOf(numbers));
                }
                return List.copyOf(out);
            }
            default: throw new IllegalStateException("unhandled type " + type);
        }
    }

    private Long parseLong(String v, String raw) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(name, raw, "not an integer", "give a whole number" + rangeHint());
        }
    }

    private Double parseDouble(String v, String raw) {
        return ListSyntax.number(name, raw, v, "a decimal number" + rangeHint());
    }

    private <T extends Number> T checkRange(T value, String raw) {
        double d = value.doubleValue();
        if (d < min || d > max) {
            throw BadInputException.forParam(name, raw, "out of range " + rangeText()
                    + (unit.isEmpty() ? "" : " " + unit), "give a value between " + rangeText());
        }
        return value;
    }

    private String checkPath(String raw) {
        return FileSearch.find(raw).orElseThrow(() -> BadInputException.forParam(name, raw, "no readable file there",
                FileSearch.fix("give the path of an existing, readable file"))).toString();
    }

    private String rangeHint() {
        return rangeText().isEmpty() ? "" : " in " + rangeText();
    }

    /**
     * A bound as written: the shortest decimal that reads back as {@code d} (the digits of
     * {@link Double#toString}) without trailing zeros, so 1e-4 prints "0.0001" and 100.0 "100";
     * outside [1e-5, 1e15) in scientific form ("1e-08", "2.5e+20").
     */
    private static String fmt(double d) {
        if (d == Double.MAX_VALUE) return "inf";
        if (d == -Double.MAX_VALUE) return "-inf";
        BigDecimal digits = BigDecimal.valueOf(d).stripTrailingZeros();
        double a = Math.abs(d);
        if (a == 0 || (a >= 1e-5 && a < 1e15)) return digits.toPlainString();
        // d = mantissa · 10^exponent with one digit before the point (BigDecimal's own toString keeps 1e-6 plain)
        int exponent = digits.precision() - digits.scale() - 1;
        return digits.movePointLeft(exponent).toPlainString()
                + String.format(Locale.ROOT, "e%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    }
}
