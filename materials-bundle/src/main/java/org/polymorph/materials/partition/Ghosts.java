package org.polymorph.materials.partition;

import java.util.Arrays;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A neighbour list's entries as indices into an extended atom array, as LAMMPS's ghost atoms: the
 * N atoms wrapped into the cell at the build (r − wrap·h), followed by G ghosts, each a periodic
 * image of one atom (owner's wrapped position + image·h). Entry e of a list refers to extended atom
 * {@code local[e]}, so a pair loop reads x[local] − x[i] with no image arithmetic, and the virial is
 * Σ over extended atoms x ⊗ f (LAMMPS's virial_fdotr_compute) before the ghosts' forces are
 * folded onto their owners. Valid for any positions and cell while the list is: an entry's pair
 * vector x[local] − x[i] = r_j + S·h − r_i, with S = image − wrap_j + wrap_i its image shift.
 *
 * @param local [entries] extended index of each entry: j < N for the atom itself, N + g for ghost g
 * @param owner [G] the atom each ghost is an image of
 * @param image [3G] the ghost's integer image vector, relative to its owner's wrapped position
 * @param wrap [3N] the integer offsets removed from each atom's fractional coordinates at the build
 */
public record Ghosts(int[] local, int[] owner, int[] image, int[] wrap) {
    public Ghosts {
        if (image.length != 3 * owner.length) throw new IllegalArgumentException("ghosts: " + owner.length + " owners, " + image.length + " image components");
        if (wrap.length % 3 != 0) throw new IllegalArgumentException("ghosts: " + wrap.length + " wrap components; give 3 per atom");
    }

    public int atoms() { return wrap.length / 3; }

    public int count() { return owner.length; }

    /** N + G. */
    public int extended() { return atoms() + owner.length; }

    /**
     * Extended positions by axis: x, y, z [≥ N + G] receive the wrapped atoms and their ghosts for
     * the atoms' positions (unwrapped, as the list was built from or moved since) and cell.
     */
    public void positions(Atoms atoms, double[] x, double[] y, double[] z) {
        double[] h = atoms.box().h();
        int n = atoms();
        for (int i = 0; i < n; i++) {
            double a = wrap[3 * i], b = wrap[3 * i + 1], c = wrap[3 * i + 2];
            x[i] = atoms.x(i, 0) - (a * h[0] + b * h[3] + c * h[6]);
            y[i] = atoms.x(i, 1) - (a * h[1] + b * h[4] + c * h[7]);
            z[i] = atoms.x(i, 2) - (a * h[2] + b * h[5] + c * h[8]);
        }
        images(h, x, y, z);
    }

    /** The ghosts' positions from their owners' (x, y, z [0, N) set). */
    private void images(double[] h, double[] x, double[] y, double[] z) {
        int n = atoms();
        for (int g = 0; g < owner.length; g++) {
            int o = owner[g];
            double a = image[3 * g], b = image[3 * g + 1], c = image[3 * g + 2];
            x[n + g] = x[o] + a * h[0] + b * h[3] + c * h[6];
            y[n + g] = y[o] + a * h[1] + b * h[4] + c * h[7];
            z[n + g] = z[o] + a * h[2] + b * h[5] + c * h[8];
        }
    }

    /**
     * Forces on the extended atoms by axis [≥ N + G] to forces on the atoms, written to f [≥ 3N] and
     * returned: each ghost's force added to its owner's.
     */
    public double[] fold(double[] fx, double[] fy, double[] fz, double[] f) {
        int n = atoms();
        for (int i = 0; i < n; i++) {
            f[3 * i] = fx[i];
            f[3 * i + 1] = fy[i];
            f[3 * i + 2] = fz[i];
        }
        for (int g = 0; g < owner.length; g++) {
            int o = owner[g];
            f[3 * o] += fx[n + g];
            f[3 * o + 1] += fy[n + g];
            f[3 * o + 2] += fz[n + g];
        }
        return f;
    }

    /** The integer offsets floor(s) of each atom's fractional coordinates along the periodic axes (0 along free ones) [3N]. */
    static int[] wrapOffsets(double[] r, Box box) {
        int n = r.length / 3;
        int[] off = new int[3 * n];
        if (!box.anyPeriodic()) return off;
        double[] inv = box.inverse();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                if (!box.periodic(k)) continue;
                off[3 * i + k] = (int) Math.floor(r[3 * i] * inv[k] + r[3 * i + 1] * inv[3 + k] + r[3 * i + 2] * inv[6 + k]);
            }
        }
        return off;
    }

    /**
     * The ghosts of a list given by its entries (j and image shift S per entry) and the positions and
     * cell it was built from: one ghost per distinct (j, S − wrap_i + wrap_j) with a non-zero image,
     * in order of first use. What lists built elsewhere (dense, read from a checkpoint) get.
     */
    static Ghosts derive(int[] offsets, int[] neighbors, int[] shifts, double[] r, Box box) {
        int n = offsets.length - 1;
        int[] wrap = wrapOffsets(r, box);
        int entries = offsets[n];
        int[] local = new int[entries];
        GhostTable table = new GhostTable(16);
        for (int i = 0; i < n; i++) {
            int w0 = wrap[3 * i], w1 = wrap[3 * i + 1], w2 = wrap[3 * i + 2];
            for (int e = offsets[i]; e < offsets[i + 1]; e++) {
                int j = neighbors[e];
                int a = shifts[3 * e] + wrap[3 * j] - w0;
                int b = shifts[3 * e + 1] + wrap[3 * j + 1] - w1;
                int c = shifts[3 * e + 2] + wrap[3 * j + 2] - w2;
                local[e] = (a | b | c) == 0 ? j : n + table.ghost(j, a, b, c);
            }
        }
        return new Ghosts(local, table.owners(), table.images(), wrap);
    }

    /** (owner, image) → ghost index, open addressing; ghosts numbered in order of first use. */
    private static final class GhostTable {
        private long[] keys;
        private int[] ids;
        private int[] owner;
        private int[] image;
        private int count;

        GhostTable(int capacity) {
            int cap = Integer.highestOneBit(Math.max(16, capacity)) * 2;
            keys = new long[cap];
            ids = new int[cap];
            Arrays.fill(keys, -1);
            owner = new int[16];
            image = new int[48];
        }

        int ghost(int j, int a, int b, int c) {
            // j and the images' low 14 bits mixed into one key (>= 0); equal keys are confirmed against the stored ghost
            long key = ((long) j << 40) ^ (((long) (a & 0x3FFF)) << 28) ^ (((long) (b & 0x3FFF)) << 14) ^ (c & 0x3FFF);
            int mask = keys.length - 1;
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & mask;
            while (keys[slot] != -1) {
                int g = ids[slot];
                if (keys[slot] == key && owner[g] == j && image[3 * g] == a && image[3 * g + 1] == b && image[3 * g + 2] == c) return g;
                slot = (slot + 1) & mask;
            }
            if (count == owner.length) {
                owner = Arrays.copyOf(owner, 2 * count);
                image = Arrays.copyOf(image, 6 * count);
            }
            owner[count] = j;
            image[3 * count] = a;
            image[3 * count + 1] = b;
            image[3 * count + 2] = c;
            keys[slot] = key;
            ids[slot] = count;
            if (++count * 2 > keys.length) rehash();
            return count - 1;
        }

        private void rehash() {
            long[] oldKeys = keys;
            int[] oldIds = ids;
            keys = new long[2 * oldKeys.length];
            ids = new int[keys.length];
            Arrays.fill(keys, -1);
            int mask = keys.length - 1;
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldKeys[s] == -1) continue;
                int slot = (int) ((oldKeys[s] * 0x9E3779B97F4A7C15L) >>> 33) & mask;
                while (keys[slot] != -1) slot = (slot + 1) & mask;
                keys[slot] = oldKeys[s];
                ids[slot] = oldIds[s];
            }
        }

        int[] owners() { return Arrays.copyOf(owner, count); }

        int[] images() { return Arrays.copyOf(image, 3 * count); }
    }
}
