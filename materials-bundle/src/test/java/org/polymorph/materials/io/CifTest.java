package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class CifTest {
    @TempDir Path dir;

    private static final String[] XYZ = {"x", "y", "z"};

    /** "±a" for each row of a signed permutation matrix, plus a translation. */
    private static String op(int[] perm, int[] sign, String[] shift) {
        List<String> parts = new ArrayList<>();
        for (int r = 0; r < 3; r++) parts.add((sign[r] < 0 ? "-" : "") + XYZ[perm[r]] + shift[r]);
        return String.join(",", parts);
    }

    /**
     * The 192 operations of Fm-3m (all 48 signed permutations × 4 F-centring translations) or of
     * Fd-3m, origin choice 1: F-43m (signed permutations whose signs multiply to +1) plus the same
     * ops composed with the inversion centre at (1/8, 1/8, 1/8), i.e. −W·s + (1/4, 1/4, 1/4).
     */
    private static List<String> cubicOps(boolean diamond) {
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        String[][] centring = {{"", "", ""}, {"", "+1/2", "+1/2"}, {"+1/2", "", "+1/2"}, {"+1/2", "+1/2", ""}};
        List<String> ops = new ArrayList<>();
        for (String[] c : centring) {
            for (int[] p : perms) {
                for (int m = 0; m < 8; m++) {
                    int[] s = {(m & 1) == 0 ? 1 : -1, (m & 2) == 0 ? 1 : -1, (m & 4) == 0 ? 1 : -1};
                    if (!diamond) {
                        ops.add(op(p, s, c));
                    } else if (s[0] * s[1] * s[2] > 0) {
                        ops.add(op(p, s, c));
                        String[] q = new String[3];
                        for (int k = 0; k < 3; k++) q[k] = c[k].isEmpty() ? "+1/4" : "+3/4";
                        ops.add(op(p, new int[] {-s[0], -s[1], -s[2]}, q));
                    }
                }
            }
        }
        assertEquals(192, ops.size());
        return ops;
    }

    private static String cubicCif(String name, double a, List<String> ops, String sites) {
        StringBuilder b = new StringBuilder("data_" + name + "\n_cell_length_a 5.431(1)\n".replace("5.431", Double.toString(a)));
        b.append("_cell_length_b ").append(a).append("\n_cell_length_c ").append(a).append('\n');
        b.append("_cell_angle_alpha 90\n_cell_angle_beta 90.0\n_cell_angle_gamma 90\n");
        b.append("loop_\n_space_group_symop_id\n_space_group_symop_operation_xyz\n");
        for (int i = 0; i < ops.size(); i++) b.append(i + 1).append(" '").append(ops.get(i).replace(",", ", ")).append("'\n");
        b.append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n");
        return b.append(sites).toString();
    }

    /** Positions as a set of fractional triples rounded to 1e-9, with species. */
    private static TreeSet<String> sites(Atoms a) {
        TreeSet<String> out = new TreeSet<>();
        double[] inv = a.box().inverse();
        for (int i = 0; i < a.size(); i++) {
            StringBuilder b = new StringBuilder(a.typeNames().get(a.type(i)));
            for (int k = 0; k < 3; k++) {
                double s = a.x(i, 0) * inv[k] + a.x(i, 1) * inv[3 + k] + a.x(i, 2) * inv[6 + k];
                s -= Math.floor(s + 1e-9);
                b.append(String.format(" %.9f", Math.abs(s) < 1e-9 ? 0.0 : s));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test void diamondSiFromItsAsymmetricUnit() throws Exception {
        Path p = Samples.file(dir, "si.cif", cubicCif("Si", 5.431, cubicOps(true), "Si1 Si 0 0 0 1.0\n"));
        Atoms si = StructureFiles.readCif(p);
        assertEquals(8, si.size());
        assertEquals(5.431, si.box().h(0, 0), 0.0);
        assertTrue(si.box().isOrthorhombic());
        assertEquals(sites(Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.085)), sites(si));
        assertEquals(Elements.mass("Si"), si.masses()[0], 0.0);
    }

    @Test void rocksaltFromFm3m() throws Exception {
        Path p = Samples.file(dir, "nacl.cif", cubicCif("NaCl", 5.64, cubicOps(false), "Na1 Na+ 0 0 0 1\nCl1 Cl- 0.5 0.5 0.5 1\n"));
        Atoms nacl = StructureFiles.readCif(p);
        assertEquals(8, nacl.size());
        assertEquals(List.of("Na", "Cl"), nacl.typeNames());
        TreeSet<String> s = sites(nacl);
        assertTrue(s.contains("Na 0.500000000 0.500000000 0.000000000") && s.contains("Cl 0.500000000 0.000000000 0.000000000"), s.toString());
    }

    @Test void rutileWithSymmetryEquivPosAndUncertainties() throws Exception {
        // TiO2 rutile, P4_2/mnm (136): Ti 2a (0,0,0), O 4f (x,x,0), x = 0.3048.
        String cif = "# rutile\ndata_TiO2\n_symmetry_space_group_name_H-M 'P 42/m n m'\n"
                + "_cell_length_a 4.5937(3)\n_cell_length_b 4.5937(3)\n_cell_length_c 2.9587(2)\n"
                + "_cell_angle_alpha 90.\n_cell_angle_beta 90.\n_cell_angle_gamma 90.\n"
                + "loop_\n_symmetry_equiv_pos_as_xyz\n"
                + "x,y,z\n-x,-y,z\n'-y+1/2,x+1/2,z+1/2'\n'y+1/2,-x+1/2,z+1/2'\n'-x+1/2,y+1/2,-z+1/2'\n'x+1/2,-y+1/2,-z+1/2'\n"
                + "y,x,-z\n-y,-x,-z\n-x,-y,-z\nx,y,-z\n'y+1/2,-x+1/2,-z+1/2'\n'-y+1/2,x+1/2,-z+1/2'\n"
                + "'x+1/2,-y+1/2,z+1/2'\n'-x+1/2,y+1/2,z+1/2'\n-y,-x,z\ny,x,z\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + "Ti1 0 0 0\nO1 0.3048(2) 0.3048(2) 0\n";
        Atoms r = StructureFiles.readCif(Samples.file(dir, "rutile.cif", cif));
        assertEquals(6, r.size());
        assertEquals(List.of("Ti", "O"), r.typeNames());
        assertEquals(4.5937 * 4.5937 * 2.9587, r.box().volume(), 1e-12);
        assertTrue(sites(r).contains("O 0.195200000 0.804800000 0.500000000"), sites(r).toString());
    }

    @Test void p1RoundTripOfATriclinicCell() throws Exception {
        Atoms a = Samples.random(5, 9, Box.periodic(Samples.TRICLINIC));
        Path p = dir.resolve("tri.cif");
        StructureFiles.writeCif(p, a);
        Atoms back = StructureFiles.readCif(p);
        // Random fractional coordinates outside [0,1) come back wrapped; compare wrapped sites.
        assertEquals(sites(a), sites(back));
        Samples.assertClose(a.box().h(), back.box().h(), 1e-12, "cell (already in standard orientation)");
        double[] g = Box.matmul(Samples.GENERAL, new double[] {Samples.GENERAL[0], Samples.GENERAL[3], Samples.GENERAL[6],
            Samples.GENERAL[1], Samples.GENERAL[4], Samples.GENERAL[7], Samples.GENERAL[2], Samples.GENERAL[5], Samples.GENERAL[8]});
        Atoms gen = Samples.random(6, 5, Box.periodic(Samples.GENERAL));
        StructureFiles.writeCif(dir.resolve("gen.cif"), gen);
        Atoms rot = StructureFiles.readCif(dir.resolve("gen.cif"));
        double[] h = rot.box().h();
        double[] g2 = Box.matmul(h, new double[] {h[0], h[3], h[6], h[1], h[4], h[7], h[2], h[5], h[8]});
        Samples.assertClose(g, g2, 1e-12, "metric tensor h·hᵀ of the rotated cell");
        assertEquals(sites(gen), sites(rot));
    }

    @Test void malformedFilesNameFileAndLine() throws Exception {
        String head = "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
        String loop = "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n";
        Path occ = Samples.file(dir, "occ.cif", head + loop + "Si1 0 0 0 1\nGe1 0.5 0.5 0.5 0.5\n");
        Samples.assertBadInput(occ, 15, "occupancy 0.5", () -> StructureFiles.readCif(occ));
        Path elem = Samples.file(dir, "elem.cif", head + loop + "Si1 0 0 0 1\nXy1 0.5 0.5 0.5 1\n");
        Samples.assertBadInput(elem, 15, "'Xy'", () -> StructureFiles.readCif(elem));
        Path count = Samples.file(dir, "count.cif", head + loop + "Si1 0 0 0 1\nSi2 0.5 0.5\n");
        Samples.assertBadInput(count, 15, "multiple of 5", () -> StructureFiles.readCif(count));
        Path num = Samples.file(dir, "num.cif", head.replace("_cell_length_b 4", "_cell_length_b four") + loop + "Si1 0 0 0 1\n");
        Samples.assertBadInput(num, 3, "'four'", () -> StructureFiles.readCif(num));
        Path p1 = Samples.file(dir, "p1.cif", head + "_symmetry_equiv_pos_as_xyz 'x, y, z'\n" + loop + "Si1 0 0 0 1\nSi2 0.5 0.5 0.5 1\n");
        assertEquals(2, StructureFiles.readCif(p1).size(), "a single (non-loop) symmetry operation");
        Path op = Samples.file(dir, "op.cif", head + "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,q,z'\n" + loop + "Si1 0 0 0 1\n");
        Samples.assertBadInput(op, 11, "symmetry operation", () -> StructureFiles.readCif(op));
        Path clash = Samples.file(dir, "clash.cif", head + "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,-y,-z'\n" + loop
                + "Si1 0.25 0 0 1\nC1 0.75 0 0 1\n");
        Samples.assertBadInput(clash, 19, "falls on a Si site", () -> StructureFiles.readCif(clash));
        Path quote = Samples.file(dir, "quote.cif", head + "_symmetry_space_group_name_H-M 'P 1\n" + loop + "Si1 0 0 0 1\n");
        Samples.assertBadInput(quote, 8, "closing '", () -> StructureFiles.readCif(quote));
    }
}
