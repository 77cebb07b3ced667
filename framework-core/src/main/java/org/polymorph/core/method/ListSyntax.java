package org.polymorph.core.method;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a Method parameter writes lists on the command line, parsed here once for every Method.
 * <ul>
 * <li>Elements of a list are separated by commas: {@code repeat=2,2,2}.</li>
 * <li>Items of a list of lists (q-points, band-path points, sweep weightings, per-type potential values)
 *     are separated by {@value #ITEM_SEPARATOR}: {@code qpoints=0,0,0/0.5,0.5,0.5}. A slash is no special
 *     character to the Gogo shell or to bash, so the value needs no quotes. The older {@value #OLD_ITEM_SEPARATOR}
 *     is still read where it was accepted before, but only quoted: both shells end a command at an
 *     unquoted {@code ;}.</li>
 * <li>Numbers are decimal as people write them ({@code -1.5}, {@code .5}, {@code 2e-3}): no hexadecimal,
 *     no Java suffixes ({@code 2d}), no NaN or Infinity.</li>
 * </ul>
 * Empty elements and items ({@code 0,0,}, {@code 0,,1}, {@code 0,0,0/}, {@code //}) are bad input, never
 * dropped; every rejection is a {@link BadInputException} naming the parameter, the value and the form
 * expected.
 *
 * @since 1.4.0
 */
public final class ListSyntax {
    /** Between the items of a list of lists. */
    public static final String ITEM_SEPARATOR = "/";
    /** The separator the items had before; Gogo and bash split an unquoted value there. */
    public static final String OLD_ITEM_SEPARATOR = ";";
    private static final Pattern ITEMS = Pattern.compile("[/;]");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private ListSyntax() { }

    /**
     * The items of {@code raw} split at {@value #ITEM_SEPARATOR} (or {@value #OLD_ITEM_SEPARATOR}), trimmed.
     *
     * @param param the parameter, for the message
     * @param raw the value as given
     * @param form the form expected, for the message (e.g. "qa,qb,qc/qa,qb,qc..., e.g. 0,0,0/0.5,0.5,0.5")
     * @throws BadInputException when {@code raw} is blank or an item is empty (leading, trailing or doubled separator)
     */
    public static List<String> items(String param, String raw, String form) {
        return items(param, raw, raw, form);
    }

    /**
     * The items of {@code text}, a part of {@code raw} (a value inside {@code potential=}) or what {@code raw}
     * stands for, as {@link #items(String, String, String)} splits them; messages show {@code raw}.
     */
    public static List<String> items(String param, String raw, String text, String form) {
        return split(ITEMS, param, raw, text, "item", form);
    }

    /**
     * The comma-separated elements of {@code text} (one item of {@code raw}, or all of it), trimmed.
     *
     * @throws BadInputException when {@code text} is blank or an element is empty ({@code 0,0,}, {@code 0,,1})
     */
    public static List<String> elements(String param, String raw, String text, String form) {
        return split(Pattern.compile(","), param, raw, text, "element", form);
    }

    /**
     * The comma-separated numbers of {@code text}, exactly {@code count} of them ({@code count} 0: one or more).
     *
     * @throws BadInputException on an empty element, a number written otherwise than {@link #number}
     *     reads, or another count
     */
    public static double[] numbers(String param, String raw, String text, int count, String form) {
        List<String> parts = elements(param, raw, text, form);
        double[] out = new double[parts.size()];
        for (int k = 0; k < out.length; k++) out[k] = number(param, raw, parts.get(k), form);
        if (count > 0 && parts.size() != count) {
            throw BadInputException.forParam(param, raw, "'" + text.trim() + "' has " + parts.size() + (parts.size() == 1 ? " number" : " numbers")
                    + ", not " + count, "write " + form);
        }
        return out;
    }

    /**
     * A decimal number: optional sign, digits with an optional point, optional exponent; finite.
     *
     * @throws BadInputException naming {@code text} when it is not one
     */
    public static double number(String param, String raw, String text, String form) {
        String t = text.trim();
        if (DECIMAL.matcher(t).matches()) {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) return d;
            throw BadInputException.forParam(param, raw, "'" + t + "' is too large", "write " + form);
        }
        throw BadInputException.forParam(param, raw, (t.equals(raw.trim()) ? "not a number" : "'" + t + "' is not a number"), "write " + form);
    }

    private static List<String> split(Pattern at, String param, String raw, String text, String what, String form) {
        if (text.isBlank()) throw BadInputException.forParam(param, raw, "empty " + (text.trim().equals(raw.trim()) ? "list" : what), "write " + form);
        String[] parts = at.split(text, -1);
        List<String> out = new ArrayList<>(parts.length);
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k].trim();
            if (p.isEmpty()) {
                String where = k == 0 ? "before the first separator" : k == parts.length - 1 ? "after the last separator" : "between two separators";
                throw BadInputException.forParam(param, raw, "empty " + what + " " + where + " in '" + text.trim() + "'", "write " + form);
            }
            out.add(p);
        }
        return out;
    }
}
