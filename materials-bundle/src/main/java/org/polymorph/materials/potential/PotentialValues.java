package org.polymorph.materials.potential;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ListSyntax;

/**
 * The values of one pair style as a run gave them ({@code potential=style:name=value,...} and
 * {@code overrides=}), names already checked against the style's {@link PotentialParameter}s and the
 * required ones present; defaults fill the rest. The typed getters turn a malformed value into a
 * {@link BadInputException} naming the run parameter it came from ({@code potential}, or {@code overrides}
 * for the names that one gave), the value and the fix.
 */
public final class PotentialValues {
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> given;
    private final Set<String> overridden;

    /** Values all given by {@code potential=}. */
    public PotentialValues(List<PotentialParameter> parameters, Map<String, String> given) {
        this(parameters, given, Set.of());
    }

    /**
     * @param overridden the names of {@code given} whose value came from {@code overrides=}, so that a
     *                   malformed one is reported against that parameter
     * @since 1.3.0
     */
    public PotentialValues(List<PotentialParameter> parameters, Map<String, String> given, Set<String> overridden) {
        this.overridden = Set.copyOf(overridden);
        for (PotentialParameter p : parameters) defaults.put(p.name(), p.defaultValue());
        this.given = Map.copyOf(given);
        for (String name : given.keySet()) {
            if (!defaults.containsKey(name)) throw new IllegalArgumentException("value '" + name + "' is not one of " + defaults.keySet());
        }
        if (!given.keySet().containsAll(overridden)) throw new IllegalArgumentException("overridden " + overridden + " not all among " + given.keySet());
    }

    /** Whether the run gave {@code name} (rather than leaving its default). */
    public boolean given(String name) { return given.containsKey(name); }

    /** The text of {@code name}: given, else its default ({@code ""} when it has none). */
    public String text(String name) {
        if (!defaults.containsKey(name)) throw new IllegalArgumentException("'" + name + "' is not a parameter of this style; it has " + defaults.keySet());
        String v = given.getOrDefault(name, defaults.get(name));
        return v == null ? "" : v;
    }

    /** A finite number. */
    public double real(String name) {
        String v = text(name);
        double x = parse(name, v);
        if (!Double.isFinite(x)) throw BadInputException.forParam(source(name), name + "=" + v, "not a finite number", "give " + name + " as a decimal number");
        return x;
    }

    /** true/yes or false/no. */
    public boolean bool(String name) {
        String v = text(name);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) return true;
        if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) return false;
        throw BadInputException.forParam(source(name), name + "=" + v, "not a boolean", "write " + name + "=yes or " + name + "=no (or true/false)");
    }

    /**
     * One value per type [T] or one for all, separated by {@value ListSyntax#ITEM_SEPARATOR}
     * ({@code epsilon=0.0104/0.0050}; the older ';' still reads when quoted).
     */
    public double[] perType(String name, int types) {
        double[] given = values(name);
        if (given.length != 1 && given.length != types) {
            throw BadInputException.forParam(source(name), name + "=" + text(name), given.length + " values for " + types + " types",
                    "give one value, or one per type separated by '" + ListSyntax.ITEM_SEPARATOR + "'");
        }
        double[] out = new double[types];
        for (int t = 0; t < types; t++) out[t] = given[given.length == 1 ? 0 : t];
        return out;
    }

    /**
     * The finite numbers of {@code name}, separated by {@value ListSyntax#ITEM_SEPARATOR} (or the older ';'),
     * for a style that takes one value per type or per type pair.
     *
     * @throws BadInputException naming the run parameter that gave {@code name} for an empty item or a malformed number
     * @since 1.4.0
     */
    public double[] values(String name) {
        String v = name + "=" + text(name);
        String form = name + " as decimal numbers separated by '" + ListSyntax.ITEM_SEPARATOR + "' (e.g. " + name + "=0.01/0.02)";
        List<String> items = ListSyntax.items(source(name), v, text(name), form);
        double[] out = new double[items.size()];
        for (int k = 0; k < out.length; k++) out[k] = ListSyntax.number(source(name), v, items.get(k), form);
        return out;
    }

    /** A symmetric [T, T] table (row-major) with every type pair set to the one value given. */
    public double[] table(String name, int types) {
        double[] out = new double[types * types];
        Arrays.fill(out, real(name));
        return out;
    }

    /** The run parameter that gave {@code name}: {@code overrides} or {@code potential} (also for defaults). */
    private String source(String name) {
        return overridden.contains(name) ? "overrides" : "potential";
    }

    private double parse(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(source(name), name + "=" + v, "not a number", "give " + name + " as a decimal number");
        }
    }
}
