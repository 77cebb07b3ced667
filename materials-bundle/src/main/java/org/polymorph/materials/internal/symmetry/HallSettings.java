package org.polymorph.materials.internal.symmetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 530 Hall settings read once from the resource hall-settings.txt (generated from spglib 2.0.2's
 * database by src/main/scripts/make_hall_settings.py), the standard setting of each of the 230 types
 * (the smallest Hall number of the type, spglib's default: unique axis b, cell choice 1, origin choice 1,
 * hexagonal axes), and the point group of each set of rotations.
 */
final class HallSettings {
    private static final String RESOURCE = "hall-settings.txt";

    private final List<HallSetting> all;
    private final Map<Integer, HallSetting> standard = new TreeMap<>();
    private final Map<String, String> pointgroups = new HashMap<>();
    private final Map<String, List<HallSetting>> byKey = new HashMap<>();
    private final java.util.Set<Integer> standardRotations = new java.util.HashSet<>();

    private HallSettings(List<HallSetting> all) {
        this.all = List.copyOf(all);
        for (HallSetting s : all) {
            standard.putIfAbsent(s.number(), s);
            pointgroups.putIfAbsent(signature(s.operations().stream().map(Operation::rotation).toList()), s.pointgroup());
        }
        for (HallSetting s : standard.values()) {
            byKey.computeIfAbsent(HallSetting.key(s.operations()), k -> new ArrayList<>()).add(s);
            for (Operation op : s.operations()) standardRotations.add(HallSetting.code(op.rotation()));
        }
    }

    private static final class Holder {
        static final HallSettings INSTANCE = load();
    }

    /** The table, loaded on first use. */
    static HallSettings get() { return Holder.INSTANCE; }

    List<HallSetting> all() { return all; }

    HallSetting standard(int number) { return standard.get(number); }

    /** Whether a rotation (by {@link HallSetting#code}) occurs in some standard setting. */
    boolean isStandardRotation(int code) { return standardRotations.contains(code); }

    /** The standard settings whose rotations and centrings give this key. */
    List<HallSetting> withKey(String key) { return byKey.getOrDefault(key, List.of()); }

    /** Crystal system of a point group, by its symbol. */
    CrystalSystem crystalSystem(String pointgroup) {
        for (HallSetting s : standard.values()) if (s.pointgroup().equals(pointgroup)) return s.crystalSystem();
        throw new IllegalArgumentException("unknown point group " + pointgroup);
    }

    /** The point-group symbol of these rotations (duplicates ignored), or null when they form none of the 32. */
    String pointgroup(List<int[]> rotations) { return pointgroups.get(signature(rotations)); }

    /**
     * Counts of the rotation types (det, trace) of the distinct rotations: the 32 point groups have 32
     * different counts (Togo &amp; Tanaka, arXiv 1808.01590, Table 3).
     */
    static String signature(List<int[]> rotations) {
        TreeMap<String, Integer> count = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int[] r : rotations) {
            if (!seen.add(java.util.Arrays.toString(r))) continue;
            count.merge(IntMatrix.det(r) + ":" + IntMatrix.trace(r), 1, Integer::sum);
        }
        return count.toString();
    }

    static HallSettings load() {
        try (InputStream in = HallSettings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " missing from the bundle");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<HallSetting> out = new ArrayList<>();
            String[] head = null;
            List<Operation> ops = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("hall")) {
                    if (head != null) out.add(setting(head, ops));
                    head = f;
                    ops = new ArrayList<>();
                } else {
                    int[] w = new int[9];
                    for (int i = 0; i < 9; i++) w[i] = Integer.parseInt(f[1 + i]);
                    double[] t = new double[3];
                    for (int i = 0; i < 3; i++) t[i] = Integer.parseInt(f[10 + i]) / 24.0;
                    ops.add(new Operation(w, t));
                }
            }
            if (head != null) out.add(setting(head, ops));
            if (out.size() != 530) throw new IllegalStateException(RESOURCE + " holds " + out.size() + " settings, not 530");
            return new HallSettings(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HallSetting setting(String[] f, List<Operation> ops) {
        return new HallSetting(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[4], f[5], f[6].replace('_', ' '), ops);
    }
}
