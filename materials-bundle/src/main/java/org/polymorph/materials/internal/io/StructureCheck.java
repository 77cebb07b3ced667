package org.polymorph.materials.internal.io;

import java.util.Locale;
import java.util.function.IntUnaryOperator;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * What every structure read from a file must satisfy before a Method sees it, so that a mutated or
 * mistyped file is refused with its name and line instead of hanging the neighbour search, exhausting
 * memory or giving infinite energies:
 * <ul>
 * <li>at least one atom;</li>
 * <li>coordinates and cell entries within ±{@link #MAX_COORDINATE} Å;</li>
 * <li>a periodic cell of finite volume whose perpendicular widths along its periodic axes are at
 *     least {@link #MIN_WIDTH} Å (a 1e-5 Å cell, or a 1e12 Å tilt, would need billions of periodic
 *     images in the neighbour search), and, when periodic on all axes, of volume per atom at least
 *     d³/√2 with d = {@link #MIN_DISTANCE} (the densest packing of spheres of diameter d);</li>
 * <li>no two atoms, periodic images included, closer than {@link #MIN_DISTANCE} Å: no chemical bond is
 *     shorter than 0.74 Å (H₂), and closer atoms are a duplicate or a typing error, whose energy is
 *     unbounded for any repulsive potential.</li>
 * </ul>
 * {@link #check} applies all of them (a structure to compute with); {@link #frame} all but the last
 * (a frame of a trajectory to analyse).
 */
public final class StructureCheck {
    private StructureCheck() { }

    /** Closest approach of two atoms accepted [Å]. */
    public static final double MIN_DISTANCE = 0.5;

    /** Thinnest periodic cell accepted, as the distance between opposite faces [Å]. */
    public static final double MIN_WIDTH = 0.5;

    /** Largest |coordinate| or |cell entry| accepted [Å] (1 mm; double precision then still resolves 2e-9 Å). */
    public static final double MAX_COORDINATE = 1e7;

    /**
     * Checks {@code atoms} read from {@code file}; errors name the file and the line of the cell
     * ({@code cellLine}, 0 when there is none) or of the atoms ({@code atomLine}: atom index → line).
     */
    public static void check(Atoms atoms, String file, int cellLine, IntUnaryOperator atomLine) {
        frame(atoms, file, cellLine, atomLine);
        closest(atoms, file, atomLine);
    }

    /**
     * The rules above but the closest approach, for a frame of a trajectory: analyses of frames (MSD,
     * RDF) evaluate no energy, and a trajectory of independent walkers may bring two atoms together.
     */
    public static void frame(Atoms atoms, String file, int cellLine, IntUnaryOperator atomLine) {
        String at = file + (cellLine > 0 ? " line " + cellLine : "") + ": ";
        int n = atoms.size();
        if (n == 0) throw new IllegalArgumentException(at + "the structure holds no atoms; give at least one atom");
        cell(atoms.box(), n, at);
        double[] r = atoms.positions();
        for (int i = 0; i < r.length; i++) {
            if (Math.abs(r[i]) > MAX_COORDINATE) {
                throw new IllegalArgumentException(file + " line " + atomLine.applyAsInt(i / 3) + ": coordinate " + r[i] + " Å of atom " + (i / 3 + 1)
                        + " is beyond ±" + num(MAX_COORDINATE) + " Å; give positions in Å near the cell");
            }
        }
    }

    /** The cell rules above for a box holding {@code atoms} atoms; {@code at} prefixes the message. */
    static void cell(Box box, int atoms, String at) {
        if (!box.anyPeriodic()) return;
        double[] h = box.h();
        for (double v : h) {
            if (Math.abs(v) > MAX_COORDINATE) {
                throw new IllegalArgumentException(at + "cell entry " + v + " Å is beyond ±" + num(MAX_COORDINATE) + " Å; give the cell in Å");
            }
        }
        double volume = box.volume();
        if (!(volume > 0) || !Double.isFinite(volume)) {
            throw new IllegalArgumentException(at + "the cell has volume " + volume + " Å³; give lattice vectors of finite, positive volume");
        }
        double[] w = box.perpendicularWidths();
        for (int k = 0; k < 3; k++) {
            if (box.periodic(k) && !(w[k] >= MIN_WIDTH)) {
                throw new IllegalArgumentException(at + "the cell is " + num(w[k]) + " Å thin along lattice vector " + (k + 1)
                        + " (distance between opposite faces); a periodic cell must be at least " + num(MIN_WIDTH)
                        + " Å thick: check the lengths, the scale factor and the tilts (reduce a strongly tilted cell)");
            }
        }
        double minVolume = atoms * Math.pow(MIN_DISTANCE, 3) / Math.sqrt(2);
        if (box.allPeriodic() && volume < minVolume) {
            throw new IllegalArgumentException(at + "the cell's volume " + num(volume) + " Å³ is too small for " + atoms + " atoms (at least "
                    + num(minVolume) + " Å³ for atoms " + num(MIN_DISTANCE) + " Å apart): check the lengths, the scale factor and the atom count");
        }
    }

    /** Refuses the closest pair of atoms (images included) nearer than MIN_DISTANCE, naming both and their lines. */
    public static void closest(Atoms atoms, String file, IntUnaryOperator atomLine) {
        NeighborList nl = new NeighborListBuilder(MIN_DISTANCE, 0, true).build(atoms);
        if (nl.pairs() == 0) return;
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        double best = Double.POSITIVE_INFINITY;
        int bi = -1, bj = -1, be = -1;
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                double d2 = nl.squaredDistance(i, e, r, h);
                if (d2 < best) {
                    best = d2;
                    bi = i;
                    bj = nb[e];
                    be = e;
                }
            }
        }
        String d = num(Math.sqrt(best));
        String fix = "; atoms closer than " + num(MIN_DISTANCE) + " Å are refused: remove the duplicate or correct the coordinates";
        if (bi == bj) {
            throw new IllegalArgumentException(file + " line " + atomLine.applyAsInt(bi) + ": atom " + (bi + 1) + " (" + symbol(atoms, bi) + ") is " + d
                    + " Å from its own periodic image (cell shift " + s[3 * be] + " " + s[3 * be + 1] + " " + s[3 * be + 2] + ")" + fix);
        }
        // the message is at the line of the atom further down the file, and names the other atom's line
        int later = atomLine.applyAsInt(bi) >= atomLine.applyAsInt(bj) ? bi : bj, other = later == bi ? bj : bi;
        boolean image = s[3 * be] != 0 || s[3 * be + 1] != 0 || s[3 * be + 2] != 0;
        throw new IllegalArgumentException(file + " line " + atomLine.applyAsInt(later) + ": atom " + (later + 1) + " (" + symbol(atoms, later) + ") is "
                + d + " Å from atom " + (other + 1) + " (" + symbol(atoms, other) + ", line " + atomLine.applyAsInt(other) + ")"
                + (image ? " through the periodic cell" : "") + fix);
    }

    /** "Si", or "type 2" for a type named by its LAMMPS number. */
    private static String symbol(Atoms atoms, int i) {
        String name = atoms.typeNames().get(atoms.type(i));
        return org.polymorph.materials.io.Elements.isElement(name) ? name : "type " + name;
    }

    /** A length or volume as written by a person: 4 significant digits. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e), exp = e < 0 ? "" : s.substring(e);
        if (mant.contains(".")) mant = mant.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        return mant + exp;
    }
}
