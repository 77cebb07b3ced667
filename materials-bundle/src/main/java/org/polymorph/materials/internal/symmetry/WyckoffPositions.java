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

/**
 * The Wyckoff positions of the 230 space-group types in the standard Hall setting of each, read once from the
 * resource wyckoff-positions.txt (found from spglib 2.0.2's behaviour by src/main/scripts/make_wyckoff_positions.py).
 */
final class WyckoffPositions {
    private static final String RESOURCE = "wyckoff-positions.txt";

    /**
     * One Wyckoff position: its points are the images under the setting's operations of the affine subspace
     * p + span(basis), modulo lattice translations.
     *
     * @param letter       Wyckoff letter (a, b, ..., z, A), as spglib writes it
     * @param multiplicity number of its points in the conventional cell
     * @param point        p, fractional coordinates of the conventional cell
     * @param basis        [k][3] integer directions spanning the subspace (k = 0 for a point, 3 for the general position)
     */
    record Position(String letter, int multiplicity, double[] point, int[][] basis) { }

    private final Map<Integer, List<Position>> byHall;

    private WyckoffPositions(Map<Integer, List<Position>> byHall) { this.byHall = byHall; }

    private static final class Holder {
        static final WyckoffPositions INSTANCE = load();
    }

    /** The table, loaded on first use. */
    static WyckoffPositions get() { return Holder.INSTANCE; }

    /** The positions of the type whose standard setting has this Hall number, by letter; empty for other Hall numbers. */
    List<Position> of(int hall) { return byHall.getOrDefault(hall, List.of()); }

    static WyckoffPositions load() {
        try (InputStream in = WyckoffPositions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " missing from the bundle");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, List<Position>> out = new HashMap<>();
            List<Position> current = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("hall")) {
                    current = new ArrayList<>();
                    out.put(Integer.parseInt(f[1]), current);
                } else {
                    double[] p = new double[3];
                    for (int c = 0; c < 3; c++) p[c] = Integer.parseInt(f[3 + c]) / 24.0;
                    int[][] basis = new int[Integer.parseInt(f[6])][3];
                    for (int k = 0; k < basis.length; k++) for (int c = 0; c < 3; c++) basis[k][c] = Integer.parseInt(f[7 + 3 * k + c]);
                    current.add(new Position(f[1], Integer.parseInt(f[2]), p, basis));
                }
            }
            if (out.size() != 230) throw new IllegalStateException(RESOURCE + " holds " + out.size() + " space-group types, not 230");
            out.replaceAll((k, v) -> List.copyOf(v));
            return new WyckoffPositions(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
