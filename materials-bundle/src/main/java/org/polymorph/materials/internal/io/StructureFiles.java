package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.io.LammpsBox;
import org.polymorph.materials.structure.Atoms;

/**
 * Reading and writing structure files (see the package documentation for conventions). Numbers
 * are written in Java's shortest round-trip form (Double.toString), so positions survive a round
 * trip exactly wherever the format stores Cartesian coordinates (extxyz, LAMMPS data and dump of a
 * lower-triangular cell); POSCAR Direct and CIF store fractional coordinates (round trip to ~1e-15 Å).
 * Readers take numbers in one syntax ({@link Numbers}), UTF-8 text with or without a byte-order mark,
 * and hold memory in proportion to the file, never to a count it declares; what they read passes
 * {@link StructureCheck} (structures in full, trajectory frames all but the closest approach).
 */
public final class StructureFiles {
    private StructureFiles() { }

    // ---- XYZ / extended XYZ ----

    /** Frames of an XYZ or extended XYZ file, read lazily. */
    public static FrameReader openXyz(Path file) throws IOException { return ExtXyz.reader(LineSource.open(file)); }

    /** The first frame of an XYZ or extended XYZ file as a structure (atoms closer than 0.5 Å refused, see StructureCheck). */
    public static Frame readXyzStructure(Path file) throws IOException {
        try (LineSource src = LineSource.open(file)) {
            return ExtXyz.structure(src);
        }
    }

    /** All frames of an XYZ or extended XYZ file. */
    public static List<Frame> readXyz(Path file) throws IOException {
        try (FrameReader r = openXyz(file)) {
            return drain(r);
        }
    }

    /** Writes frames as extended XYZ (Lattice, Properties with vel/forces when given, info, pbc). */
    public static void writeXyz(Path file, List<Frame> frames) throws IOException {
        AtomicFiles.write(file, w -> {
            for (Frame f : frames) ExtXyz.write(w, f);
        });
    }

    /** An extxyz trajectory writer appending to {@code out} (e.g. Files.newBufferedWriter(p, APPEND)). */
    public static FrameWriter xyzWriter(Writer out) { return ExtXyz.writer(out); }

    // ---- VASP ----

    /** A VASP 5 POSCAR or CONTCAR. */
    public static Atoms readPoscar(Path file) throws IOException {
        try (LineSource src = LineSource.open(file)) {
            return Poscar.read(src);
        }
    }

    /** A VASP 5 POSCAR (scale 1; Direct or Cartesian); atoms are grouped by type, in type order. */
    public static void writePoscar(Path file, Atoms atoms, boolean direct) throws IOException {
        requirePeriodic(atoms, "POSCAR", file);
        AtomicFiles.write(file, w -> Poscar.write(w, atoms, "written by Polymorph", direct));
    }

    // ---- CIF ----

    /** A CIF expanded by its symmetry operations to the full P1 cell (a along x, b in the xy plane). */
    public static Atoms readCif(Path file) throws IOException {
        try (LineSource src = LineSource.open(file)) {
            return Cif.read(src);
        }
    }

    /** A P1 CIF (cell lengths/angles, fractional coordinates). */
    public static void writeCif(Path file, Atoms atoms) throws IOException {
        requirePeriodic(atoms, "CIF", file);
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        AtomicFiles.write(file, w -> Cif.write(w, atoms, name.isEmpty() ? "structure" : name));
    }

    // ---- LAMMPS ----

    /**
     * A LAMMPS data file (atom_style atomic): atoms ordered by id, velocities when the file has a
     * Velocities section. Types are named by the "# name" after their mass, else by
     * {@code typeNames} (may be null), else by their number.
     */
    public static Frame readLammpsData(Path file, List<String> typeNames) throws IOException {
        try (LineSource src = LineSource.open(file)) {
            return LammpsData.read(src, typeNames);
        }
    }

    /** Writes a LAMMPS data file (atom_style atomic); velocities may be null. General cells are rotated and their tilts reduced into LAMMPS's range (LammpsBox). */
    public static void writeLammpsData(Path file, Atoms atoms, double[] velocities) throws IOException {
        requirePeriodic(atoms, "LAMMPS data", file);
        if (velocities != null && velocities.length != 3 * atoms.size()) {
            throw new IllegalArgumentException("velocities need " + 3 * atoms.size() + " numbers, got " + velocities.length);
        }
        AtomicFiles.write(file, w -> LammpsData.write(w, atoms, velocities));
    }

    /** Frames of a LAMMPS dump custom file; type t is typeNames[t − 1] (element symbols). */
    public static FrameReader openLammpsDump(Path file, List<String> typeNames) throws IOException {
        if (typeNames == null || typeNames.isEmpty()) {
            throw new IllegalArgumentException("typeNames for " + file + ": give the element symbol of each LAMMPS type, e.g. List.of(\"Si\")");
        }
        return LammpsDump.reader(LineSource.open(file), typeNames);
    }

    public static List<Frame> readLammpsDump(Path file, List<String> typeNames) throws IOException {
        try (FrameReader r = openLammpsDump(file, typeNames)) {
            return drain(r);
        }
    }

    /** Writes frames as a LAMMPS dump custom file (id type x y z [vx vy vz] [fx fy fz]). */
    public static void writeLammpsDump(Path file, List<Frame> frames) throws IOException {
        AtomicFiles.write(file, w -> {
            FrameWriter fw = LammpsDump.writer(w);
            for (Frame f : frames) fw.write(f);
        });
    }

    /** A LAMMPS dump trajectory writer appending to {@code out}. */
    public static FrameWriter lammpsDumpWriter(Writer out) { return LammpsDump.writer(out); }

    private static List<Frame> drain(FrameReader r) {
        List<Frame> out = new ArrayList<>();
        while (r.hasNext()) out.add(r.next());
        return out;
    }

    private static void requirePeriodic(Atoms atoms, String format, Path file) {
        boolean[] p = atoms.box().periodic();
        if (!(p[0] && p[1] && p[2])) {
            throw new IllegalArgumentException(format + " file " + file + ": the box is not periodic on all axes (" + atoms.box()
                    + "); this format stores a periodic cell, so give the atoms a periodic Box (or write extxyz)");
        }
    }
}
