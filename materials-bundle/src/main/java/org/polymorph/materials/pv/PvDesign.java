package org.polymorph.materials.pv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/**
 * A solar-cell design: a uniform grid of {@code gridPoints} over the stacked layers, each with a material and a net
 * doping (cm⁻³, donors positive), the contacts' surface-recombination velocities (cm/s) and optional Schottky work
 * functions (eV), and the bias step (V). Read from JSON ({@link #parse}) with keys as deltapv's {@code make_design}
 * and material units eV, cm⁻³, cm²/(V·s), s, cm⁻¹·eV⁻½ (Br cm³/s, Cn and Cp cm⁶/s). A layer holds the grid points x
 * with start ≤ x ≤ end; at a shared point the later layer wins.
 */
public record PvDesign(int gridPoints, List<Layer> layers, Contacts contacts, double voltageStep) {

    /** A material: band gap {@code eg}, affinity {@code chi}, trap level {@code et} (eV), as deltapv's {@code Material}. */
    public record Material(double eg, double chi, double eps, double nc, double nv, double muN, double muP,
                           double tauN, double tauP, double et, double a, double br, double cn, double cp) { }

    /** A layer: thickness (µm), net doping (cm⁻³) and material. */
    public record Layer(double thicknessUm, double dopingCm3, Material material) { }

    /** Surface-recombination velocities (cm/s) and work functions (eV; ≤ 0 for an ohmic contact). */
    public record Contacts(double snLeft, double spLeft, double snRight, double spRight, double phiMLeft, double phiMRight) { }

    private static final Set<String> TOP = Set.of("grid_points", "layers", "contacts", "voltage_step");
    private static final Set<String> LAYER = Set.of("thickness_um", "doping_cm3", "material");
    private static final Set<String> CONTACTS = Set.of("Sn_left", "Sp_left", "Sn_right", "Sp_right", "PhiM_left", "PhiM_right");
    private static final List<String> MATERIAL = List.of("Eg", "Chi", "eps", "Nc", "Nv", "mu_n", "mu_p", "tau_n", "tau_p", "Et", "A", "Br", "Cn", "Cp");
    /** Material keys that may be left out, with deltapv's defaults. */
    private static final Map<String, Double> MATERIAL_DEFAULTS = Map.of("Et", 0.0, "Br", 0.0, "Cn", 0.0, "Cp", 0.0);

    /** Reads a design file (JSON); material files it names are resolved against its folder. */
    public static PvDesign read(Path file) {
        return parse(readJson(file, "design"), file.toAbsolutePath().getParent());
    }

    /**
     * A design from parsed JSON ({@code json} a map as {@link Json#parse} gives); {@code baseDir} resolves material file
     * names (may be null).
     * @throws BadInputException naming the key, its value and the fix for every invalid entry
     */
    @SuppressWarnings("unchecked")
    public static PvDesign parse(Map<String, Object> json, Path baseDir) {
        unknownKeys(json, TOP, "");
        int points = (int) number(json, "grid_points", "", 500);
        if (points < 3 || points > 1_000_000) {
            throw BadInputException.forParam("grid_points", points, "needs between 3 and 1000000 points", "give e.g. grid_points=500");
        }
        double step = number(json, "voltage_step", "", 0.05);
        if (!(step > 0) || step > 1) {
            throw BadInputException.forParam("voltage_step", step, "must be in (0, 1] V", "give e.g. voltage_step=0.05");
        }
        Object ls = json.get("layers");
        if (!(ls instanceof List<?> list) || list.isEmpty()) {
            throw BadInputException.forParam("layers", ls, "needs a non-empty list of layers", "give layers=[{\"thickness_um\": 1, \"doping_cm3\": 1e17, \"material\": {...}}]");
        }
        List<Layer> layers = new ArrayList<>();
        List<Material> mats = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            String where = "layers[" + k + "].";
            if (!(list.get(k) instanceof Map<?, ?> m)) {
                throw BadInputException.forParam("layers[" + k + "]", list.get(k), "is not an object", "give {\"thickness_um\": ..., \"doping_cm3\": ..., \"material\": ...}");
            }
            Map<String, Object> layer = (Map<String, Object>) m;
            unknownKeys(layer, LAYER, where);
            double t = number(layer, "thickness_um", where, Double.NaN);
            if (!(t > 0)) throw BadInputException.forParam(where + "thickness_um", t, "must be positive", "give the layer thickness in µm, e.g. 1.0");
            double dop = number(layer, "doping_cm3", where, Double.NaN);
            Material mat = material(layer.get("material"), where + "material", mats, baseDir);
            mats.add(mat);
            layers.add(new Layer(t, dop, mat));
        }
        Map<String, Object> ct = json.get("contacts") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (json.containsKey("contacts") && !(json.get("contacts") instanceof Map<?, ?>)) {
            throw BadInputException.forParam("contacts", json.get("contacts"), "is not an object", "give {\"Sn_left\": 1e7, \"Sp_left\": 0, \"Sn_right\": 0, \"Sp_right\": 1e7}");
        }
        unknownKeys(ct, CONTACTS, "contacts.");
        double[] s = new double[4];
        String[] names = {"Sn_left", "Sp_left", "Sn_right", "Sp_right"};
        for (int k = 0; k < 4; k++) {
            s[k] = number(ct, names[k], "contacts.", 1e7);
            if (!(s[k] >= 0)) throw BadInputException.forParam("contacts." + names[k], s[k], "must be ≥ 0 cm/s", "give a recombination velocity, e.g. 1e7");
        }
        PvDesign d = new PvDesign(points, List.copyOf(layers),
                new Contacts(s[0], s[1], s[2], s[3], number(ct, "PhiM_left", "contacts.", -1), number(ct, "PhiM_right", "contacts.", -1)), step);
        d.layerPoints();
        return d;
    }

    @SuppressWarnings("unchecked")
    private static Material material(Object spec, String key, List<Material> earlier, Path baseDir) {
        if (spec instanceof String str && str.startsWith("@")) {
            int idx;
            try {
                idx = Integer.parseInt(str.substring(1));
            } catch (NumberFormatException e) {
                idx = -1;
            }
            if (idx < 0 || idx >= earlier.size()) {
                throw BadInputException.forParam(key, str, "refers to no earlier layer", "give \"@k\" with k the index of an earlier layer (from 0)");
            }
            return earlier.get(idx);
        }
        if (spec instanceof String file) {
            Path p = baseDir == null ? Path.of(file) : baseDir.resolve(file);
            return material(readJson(p, key), key, earlier, baseDir);
        }
        if (!(spec instanceof Map<?, ?> raw)) {
            throw BadInputException.forParam(key, spec, "is not a material", "give an object with Eg, Chi, eps, Nc, Nv, mu_n, mu_p, tau_n, tau_p, A, or \"@0\", or a JSON file name");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        unknownKeys(m, Set.copyOf(MATERIAL), key + ".");
        double[] v = new double[MATERIAL.size()];
        for (int k = 0; k < v.length; k++) {
            String name = MATERIAL.get(k);
            v[k] = number(m, name, key + ".", MATERIAL_DEFAULTS.getOrDefault(name, Double.NaN));
            boolean positive = !Set.of("Chi", "Et", "A", "Br", "Cn", "Cp").contains(name);
            if (positive && !(v[k] > 0)) {
                throw BadInputException.forParam(key + "." + name, v[k], "must be positive", "give " + name + " > 0 in deltapv's units");
            }
            if (!positive && !name.equals("Chi") && !name.equals("Et") && !(v[k] >= 0)) {
                throw BadInputException.forParam(key + "." + name, v[k], "must be ≥ 0", "give " + name + " ≥ 0");
            }
        }
        return new Material(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file, String key) {
        try {
            Object o = Json.parse(Files.readString(file));
            if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw BadInputException.forParam(key, file, "does not hold a JSON object", "give a file with one JSON object");
        } catch (IOException e) {
            throw BadInputException.forParam(key, file, "cannot be read (" + e.getMessage() + ")", "give the path of an existing JSON file");
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(key, file, "is not valid JSON (" + e.getMessage() + ")", "fix the JSON syntax");
        }
    }

    private static void unknownKeys(Map<String, Object> m, Set<String> allowed, String where) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw BadInputException.forParam(where + k, m.get(k), "is not a known key" + BadInputException.didYouMean(k, allowed),
                        "use one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static double number(Map<String, Object> m, String name, String where, double dflt) {
        Object o = m.get(name);
        if (o == null) {
            if (Double.isNaN(dflt)) throw BadInputException.forParam(where + name, "missing", "is required", "give " + name + " as a number");
            return dflt;
        }
        if (!(o instanceof Number num) || !Double.isFinite(num.doubleValue())) {
            throw BadInputException.forParam(where + name, o, "is not a finite number", "give " + name + " as a number");
        }
        return num.doubleValue();
    }

    /** Total thickness, cm. */
    public double totalCm() {
        double s = 0;
        for (Layer l : layers) s += l.thicknessUm * 1e-4;
        return s;
    }

    /** Grid positions, cm [gridPoints], uniform from 0 to the total thickness. */
    public double[] gridCm() {
        double total = totalCm();
        double[] x = new double[gridPoints];
        for (int i = 0; i < gridPoints; i++) x[i] = total * i / (gridPoints - 1);
        x[gridPoints - 1] = total;
        return x;
    }

    /** The layer index at each grid point [gridPoints]; every layer must own at least 3 points. */
    public int[] layerPoints() {
        double[] x = gridCm();
        int[] owner = new int[gridPoints];
        java.util.Arrays.fill(owner, -1);
        double start = 0;
        for (int k = 0; k < layers.size(); k++) {
            double end = start + layers.get(k).thicknessUm * 1e-4;
            for (int i = 0; i < gridPoints; i++) if (start <= x[i] && x[i] <= end) owner[i] = k;
            start = end;
        }
        int[] count = new int[layers.size()];
        for (int o : owner) if (o >= 0) count[o]++;
        for (int k = 0; k < count.length; k++) {
            if (count[k] < 3) {
                throw BadInputException.forParam("layers[" + k + "].thickness_um", layers.get(k).thicknessUm,
                        String.format(Locale.ROOT, "holds %d grid point(s) of %d; a layer needs at least 3", count[k], gridPoints),
                        "make the layer thicker or raise grid_points");
            }
        }
        return owner;
    }

    /** The dimensionless cell under {@code sun}: material and doping per point, Beer–Lambert generation. */
    public PvCell cell(SunSpectrum sun) {
        int n = gridPoints;
        int[] owner = layerPoints();
        double e = PvScales.ENERGY, dens = PvScales.DENSITY;
        double[] eps = new double[n], chi = new double[n], eg = new double[n], nc = new double[n], nv = new double[n];
        double[] mn = new double[n], mp = new double[n], tn = new double[n], tp = new double[n], et = new double[n];
        double[] br = new double[n], cn = new double[n], cp = new double[n], ndop = new double[n], a = new double[n], egEv = new double[n];
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(owner[i]);
            Material m = l.material;
            eps[i] = m.eps; chi[i] = m.chi / e; eg[i] = m.eg / e; nc[i] = m.nc / dens; nv[i] = m.nv / dens;
            mn[i] = m.muN / PvScales.MOBILITY; mp[i] = m.muP / PvScales.MOBILITY;
            tn[i] = m.tauN / PvScales.TIME; tp[i] = m.tauP / PvScales.TIME; et[i] = m.et / e;
            br[i] = m.br * PvScales.TIME * dens; cn[i] = m.cn * PvScales.TIME * dens * dens; cp[i] = m.cp * PvScales.TIME * dens * dens;
            ndop[i] = l.dopingCm3 / dens; a[i] = m.a; egEv[i] = eg[i] * e;
        }
        double[] xCm = gridCm();
        double[] dgrid = new double[n - 1];
        for (int k = 0; k < n - 1; k++) dgrid[k] = xCm[k + 1] / PvScales.LENGTH - xCm[k] / PvScales.LENGTH;
        double[] g = generation(xCm, a, egEv, sun);
        double v = PvScales.VELOCITY;
        return new PvCell(eps, chi, eg, nc, nv, mn, mp, tn, tp, et, br, cn, cp, ndop, g, dgrid,
                contacts.snLeft / v, contacts.snRight / v, contacts.spLeft / v, contacts.spRight / v,
                contacts.phiMLeft / e, contacts.phiMRight / e);
    }

    /**
     * Beer–Lambert generation as deltapv's {@code optical.compute_G}: α(λ) = A·√(hc/λ − Eg) (A in cm⁻¹eV⁻½, zero
     * below the gap), photon flux P/(hc/λ), G(x) = Σ_λ φ₀ α(x) exp(−Σ_{k<i} α_k Δx_k); returned dimensionless [n].
     */
    static double[] generation(double[] xCm, double[] a, double[] egEv, SunSpectrum sun) {
        return new BeerLambert(xCm, a, egEv, sun).generation();
    }

    /** This design as JSON-ready maps (the keys {@link #parse} reads). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grid_points", gridPoints);
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            Material m = l.material;
            Map<String, Object> mm = new LinkedHashMap<>();
            double[] vals = {m.eg, m.chi, m.eps, m.nc, m.nv, m.muN, m.muP, m.tauN, m.tauP, m.et, m.a, m.br, m.cn, m.cp};
            for (int k = 0; k < vals.length; k++) mm.put(MATERIAL.get(k), vals[k]);
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("thickness_um", l.thicknessUm);
            lm.put("doping_cm3", l.dopingCm3);
            lm.put("material", mm);
            ls.add(lm);
        }
        out.put("layers", ls);
        out.put("contacts", Map.of("Sn_left", contacts.snLeft, "Sp_left", contacts.spLeft, "Sn_right", contacts.snRight,
                "Sp_right", contacts.spRight, "PhiM_left", contacts.phiMLeft, "PhiM_right", contacts.phiMRight));
        out.put("voltage_step", voltageStep);
        return out;
    }
}
