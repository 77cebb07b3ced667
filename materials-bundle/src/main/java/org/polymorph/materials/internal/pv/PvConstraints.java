package org.polymorph.materials.internal.pv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.pv.FlatBand;

/**
 * Linear inequality constraints over named design quantities, each written as text such as
 * {@code "layers[2].material.Chi + layers[2].material.Eg <= 5.4"}: two sides of terms {@code ± [number *] quantity} or
 * {@code ± number}, joined by {@code >=} or {@code <=}. A quantity is a design path (design units) or
 * {@code layers[k].flatband_wf}, the flat-band work function of layer k in eV ({@link FlatBand}, deltapv's
 * {@code physics.flatband_wf} of the layer's Nc, Nv, Eg, Chi and doping). Each constraint is kept as
 * g(θ) = Σ a_i q_i(θ) + c ≥ 0 (scipy's sign), so a value below zero is a violation.
 */
final class PvConstraints {
    private static final Pattern FLATBAND = Pattern.compile("layers\\[(\\d+)]\\.flatband_wf");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(>=|<=)|([+-])|(\\*)|((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)|([A-Za-z_][A-Za-z0-9_.\\[\\]]*))");
    private static final String SYNTAX = "write terms '± [number *] quantity' or '± number' on both sides of one '>=' or '<=',"
            + " e.g. \"layers[0].flatband_wf - layers[0].material.Chi >= 0\"";

    /** One constraint: g = Σ coefficient·quantity + constant ≥ 0, from {@code text}. */
    record Constraint(String text, Map<String, Double> terms, double constant) {
        /** g(θ), θ given per design path in design units. */
        double value(ToDoubleFunction<String> theta) {
            double g = constant;
            for (Map.Entry<String, Double> t : terms.entrySet()) g += t.getValue() * quantity(t.getKey(), theta);
            return g;
        }

        /** ∂g/∂θ per design path (paths g does not depend on are absent). */
        Map<String, Double> gradient(ToDoubleFunction<String> theta) {
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<String, Double> t : terms.entrySet()) {
                double a = t.getValue();
                Matcher fb = FLATBAND.matcher(t.getKey());
                if (!fb.matches()) {
                    out.merge(t.getKey(), a, Double::sum);
                    continue;
                }
                String layer = "layers[" + fb.group(1) + "].";
                FlatBand.WorkFunction w = flatband(layer, theta);
                out.merge(layer + "material.Nc", a * w.dNc(), Double::sum);
                out.merge(layer + "material.Nv", a * w.dNv(), Double::sum);
                out.merge(layer + "material.Eg", a * w.dEg(), Double::sum);
                out.merge(layer + "material.Chi", a * w.dChi(), Double::sum);
                out.merge(layer + "doping_cm3", a * w.dN(), Double::sum);
            }
            return out;
        }
    }

    private final List<Constraint> list;

    private PvConstraints(List<Constraint> list) { this.list = list; }

    /**
     * Parses {@code texts}; {@code paths} are the design's valid paths (with {@code layers[k].doping_cm3} present for
     * each layer k whose flat-band work function may be named).
     *
     * @throws BadInputException naming {@code param[k]}, the text and the fix, for a syntax error or an unknown quantity
     */
    static PvConstraints parse(List<String> texts, Set<String> paths, String param) {
        List<Constraint> out = new ArrayList<>();
        for (int k = 0; k < texts.size(); k++) out.add(parseOne(texts.get(k), paths, param + "[" + k + "]"));
        return new PvConstraints(List.copyOf(out));
    }

    private static Constraint parseOne(String text, Set<String> paths, String param) {
        Map<String, Double> terms = new LinkedHashMap<>();
        double[] constant = {0};
        Matcher m = TOKEN.matcher(text);
        int pos = 0;
        int side = 1; // +1 left of the relation, −1 right of it
        int relation = 0; // +1 for >=, −1 for <=
        double sign = 1;
        Double number = null;
        boolean times = false, expectTerm = true;
        if (text.isBlank()) throw bad(param, text, "is empty", SYNTAX);
        while (pos < text.length()) {
            if (text.substring(pos).isBlank()) break;
            if (!m.find(pos) || m.start() != pos) {
                throw bad(param, text, "cannot be read at '" + text.substring(pos).strip() + "'", SYNTAX);
            }
            pos = m.end();
            if (m.group(1) != null) {
                if (relation != 0) throw bad(param, text, "has more than one '>=' or '<='", SYNTAX);
                if (expectTerm || times) throw bad(param, text, "has no term before '" + m.group(1) + "'", SYNTAX);
                relation = m.group(1).equals(">=") ? 1 : -1;
                flush(number, constant, side * sign);
                number = null;
                side = -1;
                expectTerm = true;
                sign = 1;
            } else if (m.group(2) != null) {
                if (times) throw bad(param, text, "has a sign after '*'", SYNTAX);
                if (!expectTerm) {
                    flush(number, constant, side * sign);
                    number = null;
                    sign = 1;
                    expectTerm = true;
                }
                if (m.group(2).equals("-")) sign = -sign;
            } else if (m.group(3) != null) {
                if (number == null || times) throw bad(param, text, "has '*' without a number before it", SYNTAX);
                times = true;
            } else if (m.group(4) != null) {
                if (!expectTerm) throw bad(param, text, "has two terms without '+' or '-' between them near '" + m.group(4) + "'", SYNTAX);
                number = Double.parseDouble(m.group(4));
                expectTerm = false;
            } else {
                String q = m.group(5);
                if (!expectTerm && !times) throw bad(param, text, "has two terms without '+' or '-' between them near '" + q + "'", SYNTAX);
                checkQuantity(q, paths, param, text);
                double coef = side * sign * (times ? number : 1.0);
                terms.merge(q, coef, Double::sum);
                number = null;
                times = false;
                expectTerm = false;
                sign = 1;
            }
        }
        if (times) throw bad(param, text, "ends with '*'", SYNTAX);
        if (relation == 0) throw bad(param, text, "has no '>=' or '<='", SYNTAX);
        if (expectTerm) throw bad(param, text, "has nothing after its last operator", SYNTAX);
        flush(number, constant, side * sign);
        terms.values().removeIf(v -> v == 0);
        if (terms.isEmpty()) throw bad(param, text, "names no design quantity", "name at least one, e.g. layers[0].material.Chi");
        Map<String, Double> oriented = new LinkedHashMap<>();
        for (Map.Entry<String, Double> t : terms.entrySet()) oriented.put(t.getKey(), relation * t.getValue());
        return new Constraint(text, Map.copyOf(oriented), relation * constant[0]);
    }

    private static void flush(Double number, double[] constant, double signed) {
        if (number != null) constant[0] += signed * number;
    }

    private static void checkQuantity(String q, Set<String> paths, String param, String text) {
        Matcher fb = FLATBAND.matcher(q);
        if (fb.matches() ? paths.contains("layers[" + fb.group(1) + "].doping_cm3") : paths.contains(q)) return;
        Set<String> known = new TreeSet<>(paths);
        for (String p : paths) {
            if (p.endsWith(".doping_cm3")) known.add(p.replace(".doping_cm3", ".flatband_wf"));
        }
        throw bad(param, text, "names '" + q + "', which is not a quantity of the design" + BadInputException.didYouMean(q, known),
                "use a design path such as layers[0].material.Chi or layers[0].flatband_wf");
    }

    private static BadInputException bad(String param, String text, String problem, String fix) {
        return BadInputException.forParam(param, text, problem, fix);
    }

    /** The flat-band work function of the layer whose paths start with {@code layer}. */
    private static FlatBand.WorkFunction flatband(String layer, ToDoubleFunction<String> theta) {
        return FlatBand.of(theta.applyAsDouble(layer + "material.Nc"), theta.applyAsDouble(layer + "material.Nv"),
                theta.applyAsDouble(layer + "material.Eg"), theta.applyAsDouble(layer + "material.Chi"),
                theta.applyAsDouble(layer + "doping_cm3"));
    }

    private static double quantity(String q, ToDoubleFunction<String> theta) {
        Matcher fb = FLATBAND.matcher(q);
        return fb.matches() ? flatband("layers[" + fb.group(1) + "].", theta).value() : theta.applyAsDouble(q);
    }

    /** The number of constraints. */
    int size() { return list.size(); }

    /** The k-th constraint. */
    Constraint get(int k) { return list.get(k); }

    /** g_k(θ) for every constraint [size()]. */
    double[] values(ToDoubleFunction<String> theta) {
        double[] g = new double[list.size()];
        for (int k = 0; k < g.length; k++) g[k] = list.get(k).value(theta);
        return g;
    }

    /** True when every g_k(θ) ≥ 0. */
    boolean feasible(ToDoubleFunction<String> theta) {
        for (double g : values(theta)) if (!(g >= 0)) return false;
        return true;
    }
}
