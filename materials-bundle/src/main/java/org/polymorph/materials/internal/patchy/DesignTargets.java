package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;

/** The targets of patchy.design and the {@link DesignObjective} each builds from the Method's parameters. */
final class DesignTargets {
    static final List<String> NAMES = List.of("ring4", "ring6");

    private DesignTargets() { }

    static DesignObjective objective(AD ad, Params p) {
        String target = p.getString("target");
        int n = Integer.parseInt(target.substring("ring".length()));
        List<Integer> sizes = new ArrayList<>(p.getIntList("competitors"));
        if (sizes.isEmpty()) sizes.addAll(List.of(n - 1, n, n + 1));
        if (!sizes.contains(n)) throw BadInputException.forParam("competitors", sizes, "the target ring size " + n + " is missing",
                "add " + n + " to the list, or leave it empty");
        double[] lo = {p.getDouble("opening_min"), p.getDouble("eps_min"), p.getDouble("alpha_min")};
        double[] hi = {p.getDouble("opening_max"), p.getDouble("eps_max"), p.getDouble("alpha_max")};
        double[] start = {p.getDouble("opening"), p.getDouble("eps"), p.getDouble("alpha")};
        String[] names = {"opening", "eps", "alpha"};
        for (int i = 0; i < names.length; i++) {
            if (!(lo[i] < hi[i])) throw BadInputException.forParam(names[i] + "_min", lo[i], "is not below " + names[i] + "_max = " + hi[i],
                    "give " + names[i] + "_min < " + names[i] + "_max");
            if (start[i] < lo[i] || start[i] > hi[i]) throw BadInputException.forParam(names[i], start[i], "lies outside its bounds ["
                    + lo[i] + ", " + hi[i] + "]", "start between " + names[i] + "_min and " + names[i] + "_max");
        }
        return new RingDesign(ad, n, sizes.stream().distinct().sorted().toList(), p.getDouble("patch_radius"), p.getDouble("core_eps"),
                p.getDouble("concentration"), lo, hi, start);
    }
}
