package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * XYZ and ASE's extended XYZ. A frame is: atom count; a comment line of key=value pairs (values
 * may be "quoted"; Lattice="ax ay az bx by bz cx cy cz", Properties=name:type:count:…, pbc="T T T",
 * anything else is frame info); one line per atom with the Properties columns. A plain XYZ comment
 * (no '=', or not key=value pairs, and no Lattice/Properties) is kept as info "comment". Columns species:S:1 and pos:R:3 are required; vel (or
 * velocities):R:3 and forces (or force):R:3 are read; other columns are skipped.
 */
public final class ExtXyz {
    private ExtXyz() { }

    /** The frames of a trajectory, read lazily (each checked as {@link StructureCheck#frame}). */
    public static FrameReader reader(LineSource src) {
        return src.frames(first -> readFrame(src, first).frame());
    }

    /** The first frame as a structure to compute with: also checked for atoms closer than {@link StructureCheck#MIN_DISTANCE}. */
    public static Frame structure(LineSource src) {
        String first = src.nextNonBlank();
        if (first == null) throw src.errorAt(1, "the file holds no frame; give an extxyz file with at least one frame");
        Read r = readFrame(src, first);
        StructureCheck.closest(r.frame().atoms(), src.name(), a -> r.firstAtomLine() + a);
        return r.frame();
    }

    /** A frame and the line of its first atom. */
    private record Read(Frame frame, int firstAtomLine) { }

    private static Read readFrame(LineSource src, String countLine) {
        String[] cf = LineSource.fields(countLine);
        if (cf.length != 1) throw src.error("expected the number of atoms alone on the line, got '" + countLine.strip() + "'");
        int n = src.integer(cf[0], "the number of atoms");
        if (n < 0) throw src.error("expected a number of atoms >= 0, got " + n);
        String comment = src.require("the comment line (extxyz key=value pairs)");
        Map<String, String> kv;
        try {
            kv = keyValues(comment, src);
        } catch (IllegalArgumentException e) {
            if (comment.contains("Properties=") || comment.contains("Lattice=")) throw e;
            kv = new LinkedHashMap<>(Map.of("comment", comment.strip()));   // a plain XYZ comment such as "E = -3.2"
        }
        List<String[]> props = properties(kv.getOrDefault("Properties", "species:S:1:pos:R:3"), src);
        Box box = box(kv, src);
        Map<String, String> info = new LinkedHashMap<>(kv);
        info.remove("Lattice");
        info.remove("Properties");
        info.remove("pbc");
        int cols = 0;
        int sp = -1, pos = -1, vel = -1, frc = -1;
        for (String[] p : props) {
            int count = Integer.parseInt(p[2]);
            switch (p[0]) {
                case "species": sp = column(p, cols, 1, "S", src); break;
                case "pos": pos = column(p, cols, 3, "R", src); break;
                case "vel": case "velocities": vel = column(p, cols, 3, "R", src); break;
                case "forces": case "force": frc = column(p, cols, 3, "R", src); break;
                default: break;
            }
            cols += count;
        }
        if (sp < 0 || pos < 0) throw src.error("expected Properties with species:S:1 and pos:R:3, got '" + kv.get("Properties") + "'");
        int first = src.line() + 1;
        double[] r = new double[0], v = vel < 0 ? null : new double[0], f = frc < 0 ? null : new double[0];
        int[] types = new int[0];
        Species species = new Species();
        for (int a = 0; a < n; a++) {
            String line = src.require("atom " + (a + 1) + " of " + n);
            String[] t = LineSource.fields(line);
            if (t.length != cols) throw src.error("expected " + cols + " columns (Properties " + describe(props) + "), got " + t.length + ": '" + line.strip() + "'");
            types = Grow.room(types, a + 1);
            types[a] = species.type(t[sp], src);
            r = Grow.room(r, 3 * a + 3);
            if (v != null) v = Grow.room(v, 3 * a + 3);
            if (f != null) f = Grow.room(f, 3 * a + 3);
            for (int k = 0; k < 3; k++) {
                r[3 * a + k] = src.number(t[pos + k], "pos");
                if (v != null) v[3 * a + k] = src.number(t[vel + k], "vel");
                if (f != null) f[3 * a + k] = src.number(t[frc + k], "forces");
            }
        }
        noMoreAtoms(src, n, first - 2);
        Frame frame;
        try {
            frame = new Frame(species.atoms(Arrays.copyOf(r, 3 * n), Arrays.copyOf(types, n), box), v == null ? null : Arrays.copyOf(v, 3 * n),
                    f == null ? null : Arrays.copyOf(f, 3 * n), info);
        } catch (IllegalArgumentException e) {
            throw src.error(e.getMessage(), e);
        }
        StructureCheck.frame(frame.atoms(), src.name(), first - 1, a -> first + a);
        return new Read(frame, first);
    }

    /** The column of a Properties triple that must have {@code count} columns of {@code type}; else an error naming the fix. */
    private static int column(String[] p, int at, int count, String type, LineSource src) {
        if (!p[1].equals(type) || Integer.parseInt(p[2]) != count) {
            throw src.error("expected Properties " + p[0] + ":" + type + ":" + count + ", got '" + String.join(":", p) + "'");
        }
        return at;
    }

    /**
     * After a frame's n atom lines: the end of the file or the atom count of a next frame. An atom
     * line here means the count line (line {@code countLine}) says fewer atoms than the frame lists,
     * which ASE refuses too.
     */
    private static void noMoreAtoms(LineSource src, int n, int countLine) {
        String next = src.nextNonBlank();
        if (next == null) return;
        String[] t = LineSource.fields(next);
        if (t.length == 1) {               // a next frame's count line, checked when that frame is read
            src.pushBack(next);
            return;
        }
        throw src.error("expected the end of the file or the atom count of a next frame, got '" + next.strip() + "': line " + countLine
                + " says " + n + " atoms but more atom lines follow; correct the count");
    }

    private static String describe(List<String[]> props) {
        StringBuilder b = new StringBuilder();
        for (String[] p : props) b.append(b.length() == 0 ? "" : ":").append(String.join(":", p));
        return b.toString();
    }

    private static List<String[]> properties(String spec, LineSource src) {
        String[] t = spec.split(":");
        if (t.length % 3 != 0) throw src.error("expected Properties as name:type:count triples, got '" + spec + "'");
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < t.length; i += 3) {
            if (!t[i + 1].matches("[SRIL]") || !t[i + 2].matches("[1-9][0-9]{0,3}")) {
                throw src.error("expected Properties triple name:S|R|I|L:count (count 1 to 9999), got '" + t[i] + ":" + t[i + 1] + ":" + t[i + 2] + "'");
            }
            out.add(new String[] {t[i], t[i + 1], t[i + 2]});
        }
        return out;
    }

    private static Box box(Map<String, String> kv, LineSource src) {
        String lat = kv.get("Lattice");
        boolean[] pbc = new boolean[3];
        String p = kv.get("pbc");
        if (p != null) {
            String[] t = LineSource.fields(p);
            if (t.length != 3) throw src.error("expected pbc=\"T T T\" (three T/F flags), got '" + p + "'");
            for (int k = 0; k < 3; k++) {
                if (!t[k].matches("[TF]|True|False")) throw src.error("expected T or F in pbc, got '" + t[k] + "'");
                pbc[k] = t[k].startsWith("T");
            }
        } else if (lat != null) {
            pbc = new boolean[] {true, true, true};
        }
        if (lat == null) {
            if (pbc[0] || pbc[1] || pbc[2]) throw src.error("pbc=\"" + p + "\" needs a Lattice=\"ax ay az bx by bz cx cy cz\"");
            return Box.free();
        }
        String[] t = LineSource.fields(lat);
        if (t.length != 9) throw src.error("expected Lattice with 9 numbers, got " + t.length + ": '" + lat + "'");
        double[] h = new double[9];
        for (int k = 0; k < 9; k++) h[k] = src.number(t[k], "Lattice");
        try {
            return new Box(h, pbc);
        } catch (IllegalArgumentException e) {
            throw src.error(e.getMessage(), e);
        }
    }

    /** key=value pairs with "double-quoted" values; a bare word is a flag with value T. */
    static Map<String, String> keyValues(String s, LineSource src) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!s.contains("=")) {
            if (!s.isBlank()) out.put("comment", s.strip());
            return out;
        }
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n) break;
            int k0 = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(k0, i);
            if (i >= n || s.charAt(i) != '=') {
                out.put(key, "T");
                continue;
            }
            i++;
            String value;
            if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char q = s.charAt(i);
                int end = s.indexOf(q, i + 1);
                if (end < 0) throw src.error("expected a closing " + q + " for the value of " + key + " in the comment line");
                value = s.substring(i + 1, end);
                i = end + 1;
            } else {
                int v0 = i;
                while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
                value = s.substring(v0, i);
            }
            if (key.isEmpty()) throw src.error("expected key=value in the comment line, got '=" + value + "'");
            out.put(key, value);
        }
        return out;
    }

    /** Writes one frame (extxyz) and flushes. */
    public static void write(Writer w, Frame frame) throws IOException {
        Atoms atoms = frame.atoms();
        Box box = atoms.box();
        int n = atoms.size();
        StringBuilder b = new StringBuilder();
        b.append(n).append('\n');
        if (box.anyPeriodic()) {
            b.append("Lattice=\"");
            double[] h = box.h();
            for (int k = 0; k < 9; k++) b.append(k == 0 ? "" : " ").append(AtomicFiles.num(h[k]));
            b.append("\" ");
        }
        b.append("Properties=species:S:1:pos:R:3");
        double[] v = frame.velocities(), f = frame.forces();
        if (v != null) b.append(":vel:R:3");
        if (f != null) b.append(":forces:R:3");
        for (Map.Entry<String, String> e : frame.info().entrySet()) {
            String key = e.getKey(), val = e.getValue();
            if (key.isEmpty() || key.matches(".*[\\s=\"].*") || key.equals("Lattice") || key.equals("Properties") || key.equals("pbc")) {
                throw new IllegalArgumentException("extxyz: info key '" + key + "' is empty, reserved or has spaces/quotes/=; rename it");
            }
            if (val.contains("\"") || val.contains("\n")) {
                throw new IllegalArgumentException("extxyz: info value of '" + key + "' contains a double quote or newline: '" + val + "'");
            }
            b.append(' ').append(key).append('=');
            b.append(val.isEmpty() || val.matches(".*[\\s=].*") ? "\"" + val + "\"" : val);
        }
        boolean[] p = box.periodic();
        b.append(" pbc=\"").append(p[0] ? 'T' : 'F').append(' ').append(p[1] ? 'T' : 'F').append(' ').append(p[2] ? 'T' : 'F').append("\"\n");
        double[] r = atoms.positions();
        for (int a = 0; a < n; a++) {
            b.append(atoms.typeNames().get(atoms.type(a)));
            for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(r[3 * a + k]));
            if (v != null) for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(v[3 * a + k]));
            if (f != null) for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(f[3 * a + k]));
            b.append('\n');
        }
        w.write(b.toString());
        w.flush();
    }

    public static FrameWriter writer(Writer w) {
        return new FrameWriter() {
            @Override public void write(Frame frame) throws IOException { ExtXyz.write(w, frame); }

            @Override public void close() throws IOException { w.close(); }
        };
    }
}
