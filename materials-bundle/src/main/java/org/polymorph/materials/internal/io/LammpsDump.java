package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.io.LammpsBox;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS dump custom files (LAMMPS manual, dump): per frame ITEM: TIMESTEP, ITEM: NUMBER OF ATOMS,
 * ITEM: BOX BOUNDS [xy xz yz] with three boundary codes (pp = periodic), three bound lines (for a
 * triclinic box the bounding box "lo_bound hi_bound tilt"), and ITEM: ATOMS with column names. Read
 * columns: id, type, x y z (or xu yu zu, or scaled xs ys zs), vx vy vz, fx fy fz; others are
 * skipped. Atoms are ordered by id, positions are relative to (xlo, ylo, zlo), and type t is
 * typeNames[t − 1] (element symbols; masses from Elements). Info holds "timestep".
 */
public final class LammpsDump {
    private LammpsDump() { }

    public static FrameReader reader(LineSource src, List<String> typeNames) {
        double[] masses = new double[typeNames.size()];
        for (int t = 0; t < masses.length; t++) {
            if (!org.polymorph.materials.io.Elements.isElement(typeNames.get(t))) {
                throw new IllegalArgumentException("dump type names: unknown element symbol '" + typeNames.get(t) + "' for type " + (t + 1)
                        + " of " + src.name() + "; give element symbols (e.g. Si, Cu)");
            }
            masses[t] = org.polymorph.materials.io.Elements.mass(typeNames.get(t));
        }
        return src.frames(first -> readFrame(src, first, typeNames, masses));
    }

    private static void item(LineSource src, String line, String expected) {
        if (!line.strip().startsWith("ITEM: " + expected)) throw src.error("expected 'ITEM: " + expected + "', got '" + line.strip() + "'");
    }

    private static Frame readFrame(LineSource src, String first, List<String> typeNames, double[] masses) {
        item(src, first, "TIMESTEP");
        String ts = src.fields(src.require("the timestep"), 1, "the timestep")[0];
        if (!Numbers.isInteger(ts) || ts.length() > 19) throw src.error("expected an integer timestep, got '" + ts + "'");
        item(src, src.require("ITEM: NUMBER OF ATOMS"), "NUMBER OF ATOMS");
        int n = src.integer(src.fields(src.require("the number of atoms"), 1, "the number of atoms")[0], "the number of atoms");
        if (n < 0) throw src.error("expected a number of atoms >= 0, got " + n);
        String bl = src.require("ITEM: BOX BOUNDS");
        item(src, bl, "BOX BOUNDS");
        int boxLine = src.line();
        String[] bt = LineSource.fields(bl.strip().substring("ITEM: BOX BOUNDS".length()));
        boolean tri = bt.length >= 3 && bt[0].equals("xy");
        String[] codes = tri ? java.util.Arrays.copyOfRange(bt, 3, bt.length) : bt;
        if (codes.length != 3) throw src.error("expected three boundary codes (e.g. pp pp pp) after BOX BOUNDS, got '" + bl.strip() + "'");
        boolean[] pbc = new boolean[3];
        for (int k = 0; k < 3; k++) pbc[k] = codes[k].equals("pp");
        double[][] b = new double[3][3];
        for (int k = 0; k < 3; k++) {
            String[] t = src.fields(src.require("box bounds of axis " + (k + 1)), tri ? 3 : 2, tri ? "lo_bound hi_bound tilt" : "lo hi");
            for (int j = 0; j < (tri ? 3 : 2); j++) b[k][j] = src.number(t[j], "a box bound");
        }
        double xy = b[0][2], xz = b[1][2], yz = b[2][2];
        double xlo = b[0][0] - Math.min(Math.min(0, xy), Math.min(xz, xy + xz)), xhi = b[0][1] - Math.max(Math.max(0, xy), Math.max(xz, xy + xz));
        double ylo = b[1][0] - Math.min(0, yz), yhi = b[1][1] - Math.max(0, yz);
        double[] lo = {xlo, ylo, b[2][0]};
        double[] h;
        try {
            h = new LammpsBox(xhi - xlo, yhi - ylo, b[2][1] - b[2][0], xy, xz, yz).h();
        } catch (IllegalArgumentException e) {
            throw src.error(e.getMessage(), e);
        }
        String al = src.require("ITEM: ATOMS");
        item(src, al, "ATOMS");
        List<String> cols = List.of(LineSource.fields(al.strip().substring("ITEM: ATOMS".length())));
        int id = cols.indexOf("id"), type = cols.indexOf("type"), x = cols.indexOf("x"), vx = cols.indexOf("vx"), fx = cols.indexOf("fx");
        boolean scaled = false;
        if (x < 0) x = cols.indexOf("xu");
        if (x < 0) {
            x = cols.indexOf("xs");
            scaled = x >= 0;
        }
        if (type < 0 || x < 0) throw src.error("expected ATOMS columns with type and x y z (or xu yu zu, xs ys zs), got " + cols);
        checkTriple(src, cols, x);
        if (vx >= 0) checkTriple(src, cols, vx);
        if (fx >= 0) checkTriple(src, cols, fx);
        double[] r = new double[0], v = vx < 0 ? null : new double[0], f = fx < 0 ? null : new double[0];
        int[] types = new int[0], ids = new int[0], lineOf = new int[0];
        for (int a = 0; a < n; a++) {
            String line = src.require("atom " + (a + 1) + " of " + n);
            String[] t = LineSource.fields(line);
            if (t.length != cols.size()) throw src.error("expected " + cols.size() + " columns " + cols + ", got " + t.length + ": '" + line.strip() + "'");
            r = Grow.room(r, 3 * a + 3);
            if (v != null) v = Grow.room(v, 3 * a + 3);
            if (f != null) f = Grow.room(f, 3 * a + 3);
            types = Grow.room(types, a + 1);
            ids = Grow.room(ids, a + 1);
            lineOf = Grow.room(lineOf, a + 1);
            lineOf[a] = src.line();
            ids[a] = id >= 0 ? src.integer(t[id], "id") : a + 1;
            int ty = src.integer(t[type], "type");
            if (ty < 1 || ty > typeNames.size()) throw src.error("atom type " + ty + " outside 1.." + typeNames.size() + " (the type names given: " + typeNames + ")");
            types[a] = ty - 1;
            double[] p = new double[3];
            for (int k = 0; k < 3; k++) p[k] = src.number(t[x + k], cols.get(x + k));
            for (int k = 0; k < 3; k++) {
                r[3 * a + k] = scaled ? p[0] * h[k] + p[1] * h[3 + k] + p[2] * h[6 + k] : p[k] - lo[k];
                if (v != null) v[3 * a + k] = src.number(t[vx + k], cols.get(vx + k));
                if (f != null) f[3 * a + k] = src.number(t[fx + k], cols.get(fx + k));
            }
        }
        ids = java.util.Arrays.copyOf(ids, n);
        lineOf = java.util.Arrays.copyOf(lineOf, n);
        int[] order = sortById(ids, lineOf, src);
        r = permute(r, order);
        v = v == null ? null : permute(v, order);
        f = f == null ? null : permute(f, order);
        int[] sortedTypes = new int[n];
        for (int a = 0; a < n; a++) sortedTypes[a] = types[order[a]];
        types = sortedTypes;
        Atoms atoms;
        try {
            atoms = new Atoms(r, types, typeNames, masses, new Box(h, pbc));
        } catch (IllegalArgumentException e) {
            throw src.errorAt(boxLine, e.getMessage());
        }
        int[] sortedLines = new int[n];
        for (int a = 0; a < n; a++) sortedLines[a] = lineOf[order[a]];
        StructureCheck.frame(atoms, src.name(), boxLine, a -> sortedLines[a]);
        return new Frame(atoms, v, f, Map.of("timestep", ts));
    }

    /** Row order by increasing id; a repeated id is an error at its line. */
    private static int[] sortById(int[] ids, int[] lineOf, LineSource src) {
        Integer[] o = new Integer[ids.length];
        for (int i = 0; i < o.length; i++) o[i] = i;
        java.util.Arrays.sort(o, (a, b) -> Integer.compare(ids[a], ids[b]));
        int[] order = new int[o.length];
        for (int i = 0; i < o.length; i++) {
            order[i] = o[i];
            if (i > 0 && ids[o[i]] == ids[o[i - 1]]) {
                throw new IllegalArgumentException(src.name() + " line " + Math.max(lineOf[o[i]], lineOf[o[i - 1]]) + ": atom id " + ids[o[i]] + " is repeated");
            }
        }
        return order;
    }

    private static double[] permute(double[] v, int[] order) {
        double[] out = new double[3 * order.length];
        for (int a = 0; a < order.length; a++) System.arraycopy(v, 3 * order[a], out, 3 * a, 3);
        return out;
    }

    private static void checkTriple(LineSource src, List<String> cols, int i) {
        String c = cols.get(i);
        boolean lead = c.startsWith("x");   // x, xu, xs: the axis leads; vx, fx: the axis trails
        String stem = lead ? c.substring(1) : c.substring(0, c.length() - 1);
        String y = lead ? "y" + stem : stem + "y", z = lead ? "z" + stem : stem + "z";
        if (i + 2 >= cols.size() || !cols.get(i + 1).equals(y) || !cols.get(i + 2).equals(z)) {
            throw src.error("expected columns " + c + " " + y + " " + z + " next to each other, got " + cols);
        }
    }

    /**
     * A dump writer: columns id type x y z, then vx vy vz and fx fy fz when the frame has them; the
     * cell is rotated into LAMMPS's restricted form (LammpsBox) with origin 0. The timestep is the
     * frame's info "timestep", else the number of frames written before.
     */
    public static FrameWriter writer(Writer w) {
        return new FrameWriter() {
            private long count;

            @Override public void write(Frame frame) throws IOException {
                String ts = frame.info().getOrDefault("timestep", Long.toString(count));
                w.write(frame(frame, ts));
                w.flush();
                count++;
            }

            @Override public void close() throws IOException { w.close(); }
        };
    }

    static String frame(Frame frame, String timestep) {
        Atoms atoms = frame.atoms();
        LammpsBox lb = LammpsBox.of(atoms.box().h());
        double[] m = LammpsBox.rotation(atoms.box());
        double[] r = LammpsBox.apply(m, atoms.positions());
        double[] v = LammpsBox.apply(m, frame.velocities());
        double[] f = LammpsBox.apply(m, frame.forces());
        StringBuilder b = new StringBuilder("ITEM: TIMESTEP\n").append(timestep).append("\nITEM: NUMBER OF ATOMS\n").append(atoms.size()).append('\n');
        StringBuilder codes = new StringBuilder();
        for (int k = 0; k < 3; k++) codes.append(atoms.box().periodic(k) ? " pp" : " ff");
        if (lb.isOrthogonal()) {
            b.append("ITEM: BOX BOUNDS").append(codes).append('\n');
            b.append("0.0 ").append(AtomicFiles.num(lb.lx())).append("\n0.0 ").append(AtomicFiles.num(lb.ly()))
                    .append("\n0.0 ").append(AtomicFiles.num(lb.lz())).append('\n');
        } else {
            double xy = lb.xy(), xz = lb.xz(), yz = lb.yz();
            b.append("ITEM: BOX BOUNDS xy xz yz").append(codes).append('\n');
            double xlo = Math.min(Math.min(0, xy), Math.min(xz, xy + xz)), xhi = lb.lx() + Math.max(Math.max(0, xy), Math.max(xz, xy + xz));
            b.append(AtomicFiles.num(xlo)).append(' ').append(AtomicFiles.num(xhi)).append(' ').append(AtomicFiles.num(xy)).append('\n');
            b.append(AtomicFiles.num(Math.min(0, yz))).append(' ').append(AtomicFiles.num(lb.ly() + Math.max(0, yz))).append(' ')
                    .append(AtomicFiles.num(xz)).append('\n');
            b.append("0.0 ").append(AtomicFiles.num(lb.lz())).append(' ').append(AtomicFiles.num(yz)).append('\n');
        }
        b.append("ITEM: ATOMS id type x y z").append(v != null ? " vx vy vz" : "").append(f != null ? " fx fy fz" : "").append('\n');
        for (int a = 0; a < atoms.size(); a++) {
            b.append(a + 1).append(' ').append(atoms.type(a) + 1);
            for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(r[3 * a + k]));
            if (v != null) for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(v[3 * a + k]));
            if (f != null) for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(f[3 * a + k]));
            b.append('\n');
        }
        return b.toString();
    }
}
