package org.polymorph.materials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Reads the LAMMPS/phonopy oracle cases in src/test/resources/oracles (copied from the project's
 * shared/oracles, made by the scripts beside them with Debian's lammps 20220106 = LAMMPS 29 Sep 2021).
 */
public final class Oracles {
    private static Map<String, Object> materials;

    private Oracles() { }

    @SuppressWarnings("unchecked")
    public static synchronized Map<String, Object> materials() {
        if (materials == null) materials = (Map<String, Object>) Json.parse(read("oracles/materials.json"));
        return materials;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String resource) { return (Map<String, Object>) Json.parse(read(resource)); }

    public static String read(String resource) {
        try (InputStream in = Oracles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Path of a potential file copied from lammps-data (Si.sw, Si.tersoff, Si.edip, Cu_u3.eam). */
    public static java.nio.file.Path potentialFile(String name) {
        try {
            return java.nio.file.Path.of(Oracles.class.getClassLoader().getResource("oracles/potentials/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> oracleCase(String name) {
        Object c = materials().get(name);
        if (c == null) throw new IllegalArgumentException("no oracle case " + name);
        return (Map<String, Object>) c;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> results(String name) { return (Map<String, Object>) oracleCase(name).get("results"); }

    /** The case's structure as Atoms (orthorhombic periodic box from box_A or box_sigma). */
    @SuppressWarnings("unchecked")
    public static Atoms atoms(String name, String element, double mass) {
        Map<String, Object> s = (Map<String, Object>) oracleCase(name).get("structure");
        List<List<Number>> pos = (List<List<Number>>) (s.containsKey("positions_A") ? s.get("positions_A") : s.get("positions_sigma"));
        double[] r = new double[3 * pos.size()];
        for (int i = 0; i < pos.size(); i++) for (int k = 0; k < 3; k++) r[3 * i + k] = pos.get(i).get(k).doubleValue();
        Object boxSpec = s.containsKey("box_A") ? s.get("box_A") : s.get("box_sigma");
        double[] l = lengths(boxSpec);
        return Atoms.of(r, element, mass, Box.orthorhombic(l[0], l[1], l[2]));
    }

    @SuppressWarnings("unchecked")
    private static double[] lengths(Object spec) {
        if (spec instanceof List<?> l) {
            if (l.get(0) instanceof List<?>) {
                double[] out = new double[3];
                for (int k = 0; k < 3; k++) {
                    List<Number> lohi = (List<Number>) l.get(k);
                    out[k] = lohi.get(1).doubleValue() - lohi.get(0).doubleValue();
                }
                return out;
            }
            return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue(), ((Number) l.get(2)).doubleValue()};
        }
        if (spec instanceof Map<?, ?> m) {
            Object lx = m.containsKey("lx") ? m.get("lx") : m.get("xhi");
            return new double[] {((Number) lx).doubleValue(), ((Number) (m.containsKey("ly") ? m.get("ly") : m.get("yhi"))).doubleValue(),
                ((Number) (m.containsKey("lz") ? m.get("lz") : m.get("zhi"))).doubleValue()};
        }
        throw new IllegalArgumentException("unreadable box " + spec);
    }

    @SuppressWarnings("unchecked")
    public static double[] forces(String name) {
        List<List<Number>> f = (List<List<Number>>) results(name).get("forces");
        double[] out = new double[3 * f.size()];
        for (int i = 0; i < f.size(); i++) for (int k = 0; k < 3; k++) out[3 * i + k] = f.get(i).get(k).doubleValue();
        return out;
    }
}
