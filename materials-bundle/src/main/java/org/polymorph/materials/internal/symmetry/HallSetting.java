package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One Hall setting of a space-group type: its symbols and its operations in the setting's
 * conventional cell, centring translations included (International Tables A; see hall-settings.txt).
 *
 * @param hall       Hall number, 1-530
 * @param number     space-group type, 1-230
 * @param symbol     international short symbol
 * @param pointgroup international point-group symbol
 * @param hallSymbol Hall symbol ("-F 4vw 2vw 3")
 */
record HallSetting(int hall, int number, String symbol, String pointgroup, String hallSymbol, List<Operation> operations) {
    HallSetting {
        operations = List.copyOf(operations);
    }

    /** Lattice letter of the Hall symbol: P, A, B, C, I, F or R. */
    char centring() { return hallSymbol.charAt(hallSymbol.startsWith("-") ? 1 : 0); }

    /** Centring translations (those of the identity), the zero one included. */
    List<double[]> centrings() { return centrings(operations); }

    static List<double[]> centrings(List<Operation> operations) {
        List<double[]> out = new ArrayList<>();
        for (Operation op : operations) if (java.util.Arrays.equals(op.rotation(), IntMatrix.IDENTITY)) out.add(op.translation());
        return out;
    }

    /** One operation per rotation (the first listed), by rotation key. */
    Map<String, Operation> byRotation() { return byRotation(operations); }

    static Map<String, Operation> byRotation(List<Operation> operations) {
        Map<String, Operation> out = new LinkedHashMap<>();
        for (Operation op : operations) out.putIfAbsent(op.rotationKey(), op);
        return out;
    }

    /** A key equal for two operation sets with the same rotations and the same centring translations. */
    static String key(List<Operation> operations) {
        TreeSet<Integer> rotations = new TreeSet<>();
        for (Operation op : operations) rotations.add(code(op.rotation()));
        TreeSet<String> centrings = new TreeSet<>();
        for (double[] c : centrings(operations)) {
            double[] w = IntMatrix.wrap(c);
            centrings.add(Math.round(w[0] * 24) % 24 + "," + Math.round(w[1] * 24) % 24 + "," + Math.round(w[2] * 24) % 24);
        }
        return rotations + "|" + centrings;
    }

    /** A number equal for equal rotation matrices with entries in [-2, 2]; -1 for other matrices. */
    static int code(int[] rotation) {
        int c = 0;
        for (int i = 8; i >= 0; i--) {
            if (Math.abs(rotation[i]) > 2) return -1;
            c = 5 * c + rotation[i] + 2;
        }
        return c;
    }

    /** Crystal system of the type, from its number (International Tables A, Table 2.1.2.1). */
    CrystalSystem crystalSystem() { return CrystalSystem.of(number); }
}
