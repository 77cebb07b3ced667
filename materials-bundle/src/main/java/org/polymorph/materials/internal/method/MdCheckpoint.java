package org.polymorph.materials.internal.method;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The payload of md.run's checkpoint ({@link org.polymorph.core.run.Checkpoint}, whose header holds the
 * run's parameters): the whole of an MD {@link State} (atoms, velocities, forces, neighbour list, chains,
 * barostat, random key, reservoir), the byte lengths of the run's appended files at that step and the
 * step at which the neighbour list was built ({@code listBuiltAt}, −1 when unknown: payload version 1
 * lacks it), in a versioned binary form: resuming from it continues the run bit for bit (the list's age
 * keeps a neigh_every/neigh_delay schedule), and the appended files are cut back to what they were when
 * it was written.
 */
record MdCheckpoint(State state, long trajectoryBytes, long thermoBytes, long listBuiltAt) {
    static final String FILE = "checkpoint.bin";
    /** Payload version: 2 has the barostat's cell-rate components (flexible-cell NPT) and listBuiltAt, 1 lacks both. */
    static final int VERSION = 2;

    byte[] toBytes() throws IOException { return toBytes(VERSION); }

    /** In the layout of {@code version} (1 lacks the cell rate and listBuiltAt: only for states without a flexible cell). */
    byte[] toBytes(int version) throws IOException {
        if (version != 1 && version != VERSION) throw new IllegalArgumentException("checkpoint version " + version + "; write 1 or " + VERSION);
        if (version == 1 && state.barostat().cellRate().length != 0) {
            throw new IllegalArgumentException("a flexible-cell NPT state needs checkpoint version " + VERSION);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            o.writeLong(trajectoryBytes);
            o.writeLong(thermoBytes);
            State s = state;
            Atoms a = s.atoms();
            doubles(o, a.positions());
            ints(o, a.types());
            o.writeInt(a.typeNames().size());
            for (String n : a.typeNames()) o.writeUTF(n);
            doubles(o, a.masses());
            box(o, a.box());
            doubles(o, s.velocities());
            o.writeDouble(s.evaluation().energy());
            doubles(o, s.evaluation().forces());
            doubles(o, s.evaluation().virial());
            NeighborList nl = s.neighbors();
            ints(o, nl.offsets());
            ints(o, nl.neighbors());
            ints(o, nl.shifts());
            o.writeBoolean(nl.half());
            o.writeDouble(nl.cutoff());
            o.writeDouble(nl.skin());
            doubles(o, nl.referencePositions());
            box(o, nl.referenceBox());
            o.writeLong(s.step());
            o.writeDouble(s.time());
            o.writeLong(s.key().k0());
            o.writeLong(s.key().k1());
            chain(o, s.thermostat());
            o.writeDouble(s.barostat().strain());
            o.writeDouble(s.barostat().rate());
            chain(o, s.barostat().chain());
            if (version >= 2) doubles(o, s.barostat().cellRate());
            o.writeDouble(s.reservoir());
            o.writeInt(s.dof());
            o.writeUTF(s.units().name());
            if (version >= 2) o.writeLong(listBuiltAt);
        }
        return bytes.toByteArray();
    }

    /** The payload {@code data} of payload version {@code version}; an IOException when the version is unknown or the data end early. */
    static MdCheckpoint fromBytes(int version, byte[] data) throws IOException {
        if (version != VERSION && version != 1) throw new IOException("payload version " + version + "; this build reads 1 and " + VERSION);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            long traj = in.readLong();
            long thermo = in.readLong();
            double[] r = doubles(in);
            int[] types = ints(in);
            int nt = length(in, 2);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < nt; k++) names.add(in.readUTF());
            Atoms atoms = new Atoms(r, types, names, doubles(in), box(in));
            double[] v = doubles(in);
            Evaluation ev = new Evaluation(in.readDouble(), doubles(in), doubles(in));
            NeighborList nl = list(ints(in), ints(in), ints(in), in.readBoolean(), in.readDouble(), in.readDouble(), doubles(in), box(in));
            long step = in.readLong();
            double time = in.readDouble();
            RandomKey key = new RandomKey(in.readLong(), in.readLong());
            State.Chain thermostat = chain(in);
            State.Barostat baro = new State.Barostat(in.readDouble(), in.readDouble(), chain(in), version >= 2 ? doubles(in) : new double[0]);
            double reservoir = in.readDouble();
            int dof = in.readInt();
            UnitSystem units = units(in.readUTF());
            State s = new State(atoms, v, ev, nl, step, time, key, thermostat, baro, reservoir, dof, units);
            return new MdCheckpoint(s, traj, thermo, version >= 2 ? in.readLong() : -1);
        } catch (EOFException e) {
            throw new IOException("the payload ends early (truncated)", e);
        } catch (IllegalArgumentException e) {
            // the records' own checks (types in range, array lengths agreeing, a valid cell) on values a damaged file gave
            throw new IOException("the payload is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The saved list, made again by a builder from the positions and cell it was built from: the same
     * entries in the same order and the same ghost atoms as the run had, so that kernels reading the
     * ghosts sum in the same order and the resumed run is the uninterrupted one to the bit. A saved
     * list the builder does not give again (not a builder's) is used as it was saved.
     */
    static NeighborList list(int[] offsets, int[] neighbors, int[] shifts, boolean half, double cutoff, double skin, double[] r, Box box) {
        checkList(offsets, neighbors, shifts.length, r.length / 3);
        if (!rebuildable(r, cutoff + skin, box)) return new NeighborList(offsets, neighbors, shifts, half, cutoff, skin, r, box);
        NeighborList built = new NeighborListBuilder(cutoff, skin, half).build(Atoms.of(r, "X", 1.0, box));
        int pairs = offsets[offsets.length - 1];
        boolean same = java.util.Arrays.equals(offsets, built.offsets())
                && java.util.Arrays.equals(neighbors, 0, pairs, built.neighbors(), 0, pairs)
                && java.util.Arrays.equals(shifts, 0, 3 * pairs, built.shifts(), 0, 3 * pairs);
        return same ? built : new NeighborList(offsets, neighbors, shifts, half, cutoff, skin, r, box);
    }

    /**
     * Whether building the list again costs in proportion to the file. The builder's cell lists (every axis periodic and
     * three cutoffs thick, or none periodic and over 200 atoms) hold one bin per cutoff cube of the cell or of the atoms'
     * extent, which a damaged cell (1e12 Å) makes unbounded; its all-pairs search loops over n² pairs times the periodic
     * images within the cutoff, which a damaged cell (0.001 Å thick) makes endless. Such a list is used as saved.
     */
    private static boolean rebuildable(double[] r, double rc, Box box) {
        int n = r.length / 3;
        double[] w = box.perpendicularWidths();
        if (box.allPeriodic() && w[0] >= 3 * rc && w[1] >= 3 * rc && w[2] >= 3 * rc) return bins(w, rc) <= MAX_WORK;
        if (!box.anyPeriodic() && n > 200) return bins(extent(r), rc) <= MAX_WORK;
        double work = (double) n * n;
        for (int k = 0; k < 3; k++) if (box.periodic(k)) work *= 2 * Math.ceil(rc / w[k]) + 1;
        return work <= MAX_WORK;     // NaN (a damaged width) is false
    }

    /** Pair checks or bins a rebuild may take (about 0.1 s, 40 MB). */
    private static final double MAX_WORK = 1e7;

    private static double bins(double[] lengths, double rc) {
        return Math.ceil(lengths[0] / rc) * Math.ceil(lengths[1] / rc) * Math.ceil(lengths[2] / rc);
    }

    /** Extent of the positions [N, 3] (Å) along x, y, z. */
    private static double[] extent(double[] r) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < r.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], r[i]);
            hi[i % 3] = Math.max(hi[i % 3], r[i]);
        }
        return new double[] {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]};
    }

    /**
     * A saved list's shape: offsets [atoms + 1] from 0, non-decreasing, within the neighbours saved; each neighbour an atom
     * index; three shift components per entry.
     */
    private static void checkList(int[] offsets, int[] neighbors, int shiftComponents, int atoms) {
        boolean ok = offsets.length == atoms + 1 && offsets[0] == 0 && offsets[atoms] <= neighbors.length
                && 3L * offsets[atoms] <= shiftComponents;
        for (int i = 0; ok && i < atoms; i++) ok = offsets[i] <= offsets[i + 1];
        for (int e = 0; ok && e < offsets[atoms]; e++) ok = neighbors[e] >= 0 && neighbors[e] < atoms;
        if (!ok) throw new IllegalArgumentException("its neighbour list does not fit " + atoms + " atoms");
    }

    static void box(DataOutputStream o, Box b) throws IOException {
        doubles(o, b.h());
        for (boolean p : b.periodic()) o.writeBoolean(p);
    }

    static Box box(DataInputStream in) throws IOException {
        double[] h = doubles(in);
        return new Box(h, new boolean[] {in.readBoolean(), in.readBoolean(), in.readBoolean()});
    }

    static void chain(DataOutputStream o, State.Chain c) throws IOException {
        doubles(o, c.eta());
        doubles(o, c.vEta());
    }

    static State.Chain chain(DataInputStream in) throws IOException { return new State.Chain(doubles(in), doubles(in)); }

    static void doubles(DataOutputStream o, double[] x) throws IOException {
        o.writeInt(x.length);
        for (double d : x) o.writeDouble(d);
    }

    static double[] doubles(DataInputStream in) throws IOException {
        double[] x = new double[length(in, Double.BYTES)];
        for (int k = 0; k < x.length; k++) x[k] = in.readDouble();
        return x;
    }

    static void ints(DataOutputStream o, int[] x) throws IOException {
        o.writeInt(x.length);
        for (int d : x) o.writeInt(d);
    }

    static int[] ints(DataInputStream in) throws IOException {
        int[] x = new int[length(in, Integer.BYTES)];
        for (int k = 0; k < x.length; k++) x[k] = in.readInt();
        return x;
    }

    /** A length prefix, checked against the bytes left: a damaged one must not allocate gigabytes (or a negative array). */
    private static int length(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IOException("the payload is damaged: an array of " + n + " entries where " + in.available() + " bytes are left");
        }
        return n;
    }

    static UnitSystem units(String name) throws IOException {
        for (UnitSystem u : UnitSystem.values()) if (u.name().equals(name)) return u;
        throw new IOException("the payload is damaged: unknown unit system '" + name + "'");
    }
}
