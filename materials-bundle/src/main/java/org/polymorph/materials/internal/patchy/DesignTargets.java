package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;

/**
 * The targets of patchy.design and the {@link DesignObjective} each builds from the Method's parameters: 2D rings
 * ({@link RingDesign}: ring4, ring6, against the neighbouring ring sizes) and 3D clusters ({@link PolyhedronDesign}:
 * triangle of two-patch bodies against 3D rings of 4 and 5; tetrahedron of three-patch and octahedron of four-patch bodies
 * against rings of 3 and 4).
 */
final class DesignTargets {
    static final List<String> NAMES = List.of("ring4", "ring6", "triangle", "tetrahedron", "octahedron", KagomeDesign.TARGET);

    private DesignTargets() { }

    static DesignObjective objective(AD ad, Params p) {
        String target = p.getString("target");
        boolean rings = target.startsWith("ring");
        String angle = rings ? "opening" : "polar";
        double[] lo = {p.getDouble(angle + "_min"), p.getDouble("eps_min"), p.getDouble("alpha_min")};
        double[] hi = {p.getDouble(angle + "_max"), p.getDouble("eps_max"), p.getDouble("alpha_max")};
        double[] start = {p.getDouble(angle), p.getDouble("eps"), p.getDouble("alpha")};
        String[] names = {angle, "eps", "alpha"};
        for (int i = 0; i < names.length; i++) {
            if (!(lo[i] < hi[i])) throw BadInputException.forParam(names[i] + "_min", lo[i], "is not below " + names[i] + "_max = " + hi[i],
                    "give " + names[i] + "_min < " + names[i] + "_max");
            if (start[i] < lo[i] || start[i] > hi[i]) throw BadInputException.forParam(names[i], start[i], "lies outside its bounds ["
                    + lo[i] + ", " + hi[i] + "]", "start between " + names[i] + "_min and " + names[i] + "_max");
        }
        double radius = p.getDouble("patch_radius"), core = p.getDouble("core_eps"), c = p.getDouble("concentration");
        if (target.equals("triangle")) return new PolyhedronDesign(ad, 2, List.of(PolyhedronDesign.polygon(3, radius),
                PolyhedronDesign.polygon(4, radius), PolyhedronDesign.polygon(5, radius)), "ring3", radius, core, c, lo, hi, start);
        if (!rings) {
            boolean tetrahedron = target.equals("tetrahedron");
            return new PolyhedronDesign(ad, tetrahedron ? 3 : 4, List.of(PolyhedronDesign.polygon(3, radius), PolyhedronDesign.polygon(4, radius),
                    tetrahedron ? PolyhedronDesign.tetrahedron(radius) : PolyhedronDesign.octahedron(radius)), target, radius, core, c, lo, hi, start);
        }
        int n = Integer.parseInt(target.substring("ring".length()));
        List<Integer> sizes = new ArrayList<>(p.getIntList("competitors"));
        if (sizes.isEmpty()) sizes.addAll(List.of(n - 1, n, n + 1));
        if (!sizes.contains(n)) throw BadInputException.forParam("competitors", sizes, "the target ring size " + n + " is missing",
                "add " + n + " to the list, or leave it empty");
        return new RingDesign(ad, n, sizes.stream().distinct().sorted().toList(), radius, core, c, lo, hi, start);
    }
}
