package org.polymorph.materials.internal.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Collects element symbols per atom into Atoms types (order of first appearance) and masses. */
final class Species {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<Double> masses = new ArrayList<>();

    /** Type index of a symbol; an unknown element is an error at the source's current line. */
    int type(String symbol, LineSource src) {
        Integer t = index.get(symbol);
        if (t != null) return t;
        double m = src.elementMass(symbol);
        index.put(symbol, names.size());
        names.add(symbol);
        masses.add(m);
        return names.size() - 1;
    }

    Atoms atoms(double[] positions, int[] types, Box box) {
        double[] m = new double[masses.size()];
        for (int i = 0; i < m.length; i++) m[i] = masses.get(i);
        return new Atoms(positions, types, names, m, box);
    }
}
