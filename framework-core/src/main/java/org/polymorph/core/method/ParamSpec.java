package org.polymorph.core.method;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One typed parameter: name, type, default (null when required), unit, inclusive numeric range
 * (applies to each element of a list), allowed choices, and a description.
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, String unit,
                        double min, double max, List<String> choices, String description) {

    public ParamSpec {
        choices = List.copyOf(choices);
        if (!name.matches("[a-z][a-z0-9_.]*")) throw new IllegalArgumentException("bad parameter name '" + name + "'");
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

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, ParamType.CHOICE, def, "", 0, 0, choices, description);
    }

    public static ParamSpec intList(String name, List<Integer> def, String unit, long min, long max, String description) {
        return new ParamSpec(name, ParamType.INT_LIST, def, unit, min, max, List.of(), description);
    }

    public static ParamSpec realList(String name, List<Double> def, String unit, double min, double max, String description) {
        return new ParamSpec(name, ParamType.DOUBLE_LIST, def, unit, min, max, List.of(), description);
    }

    public boolean required() { return defaultValue == null; }

    /** "[1, 100000]", "one of a|b", or "" when unconstrained. */
    public String rangeText() {
        switch (type) {
            case INT: case INT_LIST:
                return "[" + (long) min + ", " + (long) max + "]";
            case DOUBLE: case DOUBLE_LIST:
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
                for (String s : splitList(v, raw)) {
                    Path p = FileSearch.find(s.trim()).orElseThrow(() -> BadInputException.forParam(name, raw,
                            "no readable file there (" + s.trim() + ")", FileSearch.fix("give existing, readable files separated by commas")));
                    out.add(p.toString());
                }
                return String.join(",", out);
            }
            case CHOICE:
                if (choices.contains(v)) return v;
                throw BadInputException.forParam(name, raw, "not an allowed value", "use one of " + String.join(", ", choices));
            case INT_LIST: {
                List<Integer> out = new ArrayList<>();
                for (String s : splitList(v, raw)) out.add(checkRange(parseLong(s, raw), raw).intValue());
                return List.copyOf(out);
            }
            case DOUBLE_LIST: {
                List<Double> out = new ArrayList<>();
                for (String s : splitList(v, raw)) out.add(checkRange(parseDouble(s, raw), raw));
                return List.copyOf(out);
            }
            default: throw new IllegalStateException("unhandled type " + type);
        }
    }

    private String[] splitList(String v, String raw) {
        if (v.isEmpty()) throw BadInputException.forParam(name, raw, "empty list", "give comma-separated values such as 1,2,3");
        return v.split(",");
    }

    private Long parseLong(String v, String raw) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(name, raw, "not an integer", "give a whole number" + rangeHint());
        }
    }

    private Double parseDouble(String v, String raw) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(name, raw, "not a number", "give a decimal number" + rangeHint());
        }
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
        // BigDecimal.toString writes 1e-6 as "0.000001" (it turns scientific only below 1e-6): take the exponent from the digits
        int exponent = digits.precision() - digits.scale() - 1;
        String mantissa = digits.movePointLeft(exponent).toPlainString();
        return mantissa + String.format(Locale.ROOT, "e%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    }
}
