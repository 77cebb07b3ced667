package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.io.Elements;

/**
 * A chemical formula with atom counts, elements in the order written ({@code Si64}, {@code Ti8O16}); an element
 * written twice adds up. {@link #reduced()} divides the counts by their greatest common divisor and writes them in the
 * same order ({@code Ti8O16} → {@code TiO2}), which is how subcell compositions are compared.
 */
record Composition(List<String> elements, int[] counts) {
    private static final Pattern TERM = Pattern.compile("([A-Z][a-z]?)(\\d*)");

    Composition {
        elements = List.copyOf(elements);
        counts = counts.clone();
    }

    /** Parses {@code formula}; a BadInputException on parameter {@code param} when it is not a formula of known elements. */
    static Composition parse(String formula, String param) {
        String f = formula.trim();
        Matcher m = TERM.matcher(f);
        Map<String, Integer> out = new LinkedHashMap<>();
        int at = 0;
        while (at < f.length()) {
            if (!m.find(at) || m.start() != at) {
                throw BadInputException.forParam(param, formula, "is not a formula at '" + f.substring(at) + "'", "write element symbols with counts, e.g. Si64 or Ti8O16");
            }
            String el = m.group(1);
            if (!Elements.isElement(el)) throw BadInputException.forParam(param, formula, "'" + el + "' is not an element symbol", "use symbols such as Si, Ti, O");
            int n = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
            if (n < 1) throw BadInputException.forParam(param, formula, "count 0 for " + el, "give every element a count >= 1");
            out.merge(el, n, Integer::sum);
            at = m.end();
        }
        if (out.isEmpty()) throw BadInputException.forParam(param, formula, "is empty", "give a formula with counts, e.g. Si64");
        return new Composition(new ArrayList<>(out.keySet()), out.values().stream().mapToInt(Integer::intValue).toArray());
    }

    /** The composition of atoms with type index {@code types[i]} into {@code names}, elements in type order (absent types left out). */
    static Composition of(int[] types, List<String> names) {
        int[] c = new int[names.size()];
        for (int t : types) c[t]++;
        return ofCounts(names, c);
    }

    /** The composition of {@code counts[k]} atoms of {@code names[k]}, the elements with count 0 left out. */
    static Composition ofCounts(List<String> names, int[] counts) {
        List<String> el = new ArrayList<>();
        List<Integer> n = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] > 0) {
                el.add(names.get(t));
                n.add(counts[t]);
            }
        }
        return new Composition(el, n.stream().mapToInt(Integer::intValue).toArray());
    }

    int atoms() {
        int s = 0;
        for (int c : counts) s += c;
        return s;
    }

    @Override public int[] counts() { return counts.clone(); }

    /** The reduced formula, e.g. TiO2 for Ti8O16 and Si for Si64 (a count of 1 is not written). */
    String reduced() {
        int g = 0;
        for (int c : counts) g = gcd(g, c);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < counts.length; k++) {
            sb.append(elements.get(k));
            if (counts[k] / g != 1) sb.append(counts[k] / g);
        }
        return sb.toString();
    }

    /** The reduced formula with elements sorted alphabetically: equal for equal compositions whatever the order written. */
    String key() {
        int g = 0;
        for (int c : counts) g = gcd(g, c);
        List<String> terms = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) terms.add(elements.get(k) + (counts[k] / g == 1 ? "" : String.valueOf(counts[k] / g)));
        terms.sort(null);
        return String.join("", terms);
    }

    static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

    @Override public boolean equals(Object o) {
        return o instanceof Composition c && elements.equals(c.elements) && java.util.Arrays.equals(counts, c.counts);
    }

    @Override public int hashCode() { return elements.hashCode() * 31 + java.util.Arrays.hashCode(counts); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < counts.length; k++) sb.append(elements.get(k)).append(counts[k]);
        return sb.toString();
    }
}
