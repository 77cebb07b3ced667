package org.polymorph.materials.internal.crystal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;

/** crystal.predict's parameters turned into the stages' inputs, each bad value a BadInputException naming it. */
final class PredictInputs {
    private PredictInputs() { }

    /** The cubic cell (9 row-major components, Å) of box_length, or of density. */
    static double[] cell(Params p, Composition c) {
        double len = p.getDouble("box_length");
        double rho = p.getDouble("density");
        if (!(len > 0) && !(rho > 0)) throw BadInputException.forParam("box_length", len, "neither box_length nor density is given", "give box_length=<Å> (e.g. 11.1 for Si64) or density=<g/cm³>");
        return RandomPacking.cubicCell(c, len, rho);
    }

    /** The melt–quench schedule; dt from fs to ps, τ from time steps to ps. */
    static MeltQuench.Schedule schedule(Params p) {
        double hi = p.getDouble("t_high");
        double lo = p.getDouble("t_low");
        if (lo > hi) throw BadInputException.forParam("t_low", lo, "is above t_high = " + hi + " K", "give t_low <= t_high: the schedule cools");
        double dt = p.getDouble("dt") / 1000;
        return new MeltQuench.Schedule(hi, lo, p.getInt("equi_steps"), p.getInt("cool_steps"), p.getInt("final_steps"), dt, p.getDouble("tau") * dt);
    }

    /** element_energies as a map; every element of the composition must have one when any is given. */
    static Map<String, Double> elementEnergies(Params p, Composition c) {
        String s = p.getString("element_energies").trim();
        Map<String, Double> out = new HashMap<>();
        if (s.isEmpty()) return out;
        for (String term : s.split("\\s*,\\s*")) {
            String[] kv = term.split("\\s*:\\s*");
            try {
                if (kv.length != 2) throw new NumberFormatException(term);
                out.put(kv[0], Double.parseDouble(kv[1]));
            } catch (NumberFormatException e) {
                throw BadInputException.forParam("element_energies", s, "'" + term + "' is not El:energy", "write e.g. Si:-4.3366,O:-4.95");
            }
        }
        for (String el : c.elements()) {
            if (!out.containsKey(el)) throw BadInputException.forParam("element_energies", s, "has no energy for " + el, "give one for every element of the composition");
        }
        return out;
    }

    /** The subcell filter of sizes, cubic_only, restrict_to_compositions and max_coef. */
    static Subcells.Filter filter(Params p, Composition c) {
        int nMin = p.getInt("n_min");
        int nMax = p.getInt("n_max");
        if (nMax < nMin) throw BadInputException.forParam("n_max", nMax, "is below n_min = " + nMin, "give n_max >= n_min");
        Set<Integer> sizes = new HashSet<>();
        String sz = p.getString("sizes").trim();
        if (!sz.isEmpty()) {
            for (String t : sz.split("\\s*,\\s*")) {
                try {
                    sizes.add(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw BadInputException.forParam("sizes", sz, "'" + t + "' is not an atom count", "write counts separated by commas, e.g. 2,4,8");
                }
            }
        }
        Set<String> comps = new HashSet<>();
        String rc = p.getString("restrict_to_compositions").trim();
        if (!rc.isEmpty()) for (String f : rc.split("\\s*,\\s*")) comps.add(Composition.parse(f, "restrict_to_compositions").key());
        int maxCoef = p.getInt("max_coef");
        if (maxCoef > 0) comps.addAll(stoichiometries(c.elements(), maxCoef));
        return new Subcells.Filter(comps, sizes, p.getBoolean("cubic_only"));
    }

    /** The composition keys of every formula of {@code elements} with counts 0..maxCoef, not all 0 (jax-md's max_coef). */
    static Set<String> stoichiometries(List<String> elements, int maxCoef) {
        Set<String> out = new HashSet<>();
        int[] n = new int[elements.size()];
        while (true) {
            int k = 0;
            while (k < n.length && n[k] == maxCoef) n[k++] = 0;
            if (k == n.length) return out;
            n[k]++;
            out.add(Composition.ofCounts(elements, n).key());
        }
    }
}
