package org.polymorph.materials.pv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;

/**
 * The numeric inputs of a {@link PvDesign}, each named by its key path in the design file and valued in that file's
 * units: per layer k {@code layers[k].thickness_um}, {@code layers[k].doping_cm3} and {@code layers[k].material.<key>}
 * for every material key (Eg, Chi, eps, Nc, Nv, mu_n, mu_p, tau_n, tau_p, Et, A, Br, Cn, Cp); then the contacts'
 * {@code contacts.Sn_left}, {@code Sp_left}, {@code Sn_right}, {@code Sp_right}, {@code PhiM_left}, {@code PhiM_right}.
 * A layer whose material refers to another ({@code "@0"}) has its own copy here.
 */
public final class DesignInputs {
    private DesignInputs() { }

    /** Material keys in the order of {@link #names}. */
    static final List<String> MATERIAL_KEYS = List.of("Eg", "Chi", "eps", "Nc", "Nv", "mu_n", "mu_p", "tau_n", "tau_p", "Et", "A", "Br", "Cn", "Cp");
    /** Contact keys in the order of {@link #names}. */
    static final List<String> CONTACT_KEYS = List.of("Sn_left", "Sp_left", "Sn_right", "Sp_right", "PhiM_left", "PhiM_right");
    /** Inputs per layer: thickness, doping, then the material keys. */
    static final int PER_LAYER = 2 + MATERIAL_KEYS.size();

    /** Every path of {@code d}, [16·layers + 6]. */
    public static List<String> names(PvDesign d) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < d.layers().size(); k++) {
            out.add("layers[" + k + "].thickness_um");
            out.add("layers[" + k + "].doping_cm3");
            for (String m : MATERIAL_KEYS) out.add("layers[" + k + "].material." + m);
        }
        for (String c : CONTACT_KEYS) out.add("contacts." + c);
        return out;
    }

    /** Every value of {@code d}, in the order of {@link #names}. */
    public static double[] values(PvDesign d) {
        double[] out = new double[PER_LAYER * d.layers().size() + CONTACT_KEYS.size()];
        int i = 0;
        for (PvDesign.Layer l : d.layers()) {
            PvDesign.Material m = l.material();
            out[i++] = l.thicknessUm();
            out[i++] = l.dopingCm3();
            for (double v : new double[] {m.eg(), m.chi(), m.eps(), m.nc(), m.nv(), m.muN(), m.muP(), m.tauN(), m.tauP(), m.et(), m.a(), m.br(), m.cn(), m.cp()}) {
                out[i++] = v;
            }
        }
        PvDesign.Contacts c = d.contacts();
        for (double v : new double[] {c.snLeft(), c.spLeft(), c.snRight(), c.spRight(), c.phiMLeft(), c.phiMRight()}) out[i++] = v;
        return out;
    }

    /** The position of {@code path} in {@link #names}, or −1. */
    public static int index(PvDesign d, String path) {
        return names(d).indexOf(path);
    }

    /**
     * The value of {@code path}.
     * @throws BadInputException naming {@code param} when the path is not one of {@link #names}
     */
    public static double get(PvDesign d, String path, String param) {
        return values(d)[checked(d, path, param)];
    }

    /**
     * A copy of {@code d} with the given paths set, validated as a design file is (a value out of range is a
     * {@link BadInputException} naming the path).
     */
    @SuppressWarnings("unchecked")
    public static PvDesign with(PvDesign d, Map<String, Double> values) {
        Map<String, Object> json = d.toJson();
        List<Object> layers = new ArrayList<>();
        for (Object o : (List<Object>) json.get("layers")) {
            Map<String, Object> l = new LinkedHashMap<>((Map<String, Object>) o);
            l.put("material", new LinkedHashMap<>((Map<String, Object>) l.get("material")));
            layers.add(l);
        }
        json.put("layers", layers);
        Map<String, Object> contacts = new LinkedHashMap<>((Map<String, Object>) json.get("contacts"));
        json.put("contacts", contacts);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String path = e.getKey();
            checked(d, path, path);
            if (path.startsWith("contacts.")) {
                contacts.put(path.substring("contacts.".length()), e.getValue());
            } else {
                int close = path.indexOf(']');
                Map<String, Object> l = (Map<String, Object>) layers.get(Integer.parseInt(path.substring("layers[".length(), close)));
                String key = path.substring(close + 2);
                if (key.startsWith("material.")) {
                    ((Map<String, Object>) l.get("material")).put(key.substring("material.".length()), e.getValue());
                } else {
                    l.put(key, e.getValue());
                }
            }
        }
        return PvDesign.parse(json, null);
    }

    private static int checked(PvDesign d, String path, String param) {
        List<String> names = names(d);
        int i = names.indexOf(path);
        if (i < 0) {
            throw BadInputException.forParam(param, path, "is not a numeric input of the design" + BadInputException.didYouMean(path, names),
                    "give a key path such as layers[0].material.Eg, layers[1].doping_cm3 or contacts.Sn_left (layers counted from 0)");
        }
        return i;
    }
}
