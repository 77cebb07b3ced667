package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.internal.properties.BandPlot;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.BandPath;
import org.polymorph.materials.properties.Dispersion;
import org.polymorph.materials.properties.Phonons;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * md.phonons: harmonic phonon frequencies (THz, negative = imaginary) by autodiff force constants
 * on a supercell of the unit cell ({@link Phonons}). The unit cell is the structure file as given, or
 * for lattice= the primitive cell (fcc, diamond: a/2·(0,1,1), (1,0,1), (1,1,0); bcc: a/2·(−1,1,1), ...;
 * sc; hcp: the orthohexagonal cell). q-points are fractional coordinates of the unit cell's reciprocal
 * basis. Writes {@code frequencies.csv}, {@code band.csv} and {@code band.png}.
 */
public final class PhononsMethod implements Method {
    /** The form of a labelled band path, for describe and messages. */
    static final String PATH_FORM = "LABEL=qa,qb,qc points separated by '/' (at least two), e.g. G=0,0,0/X=0.5,0,0.5";

    private final Supplier<AD> ad;

    private final PotentialCatalog potentials;

    /** An engine per run; {@code potentials}: the pair styles that {@code potential=} names. */
    public PhononsMethod(Supplier<AD> ad, PotentialCatalog potentials) {
        this.ad = ad;
        this.potentials = potentials;
    }

    @Override public String id() { return "md.phonons"; }

    @Override public String description() {
        return "phonon frequencies (THz) at q-points and along a band path by autodiff force constants; frequencies.csv, band.csv, band.png";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials), List.of(
                ParamSpec.intList("supercell", List.of(4, 4, 4), "cells", 1, 50, "repeats of the unit cell for the force constants"),
                ParamSpec.realLists("qpoints", List.of(List.of(0.0, 0.0, 0.0)), "", -Double.MAX_VALUE, Double.MAX_VALUE, 3,
                        "fractional q-points qa,qb,qc (reciprocal basis of the unit cell), separated by '/': 0,0,0/0.5,0,0.5"),
                ParamSpec.text("path", "auto", "band path: auto (by lattice), none, or " + PATH_FORM),
                ParamSpec.integer("points_per_segment", 30, "points", 1, 1000, "q-points per path segment")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        String lattice = p.getString("lattice");
        Atoms unit = "none".equals(lattice) ? Structures.load(p) : primitive(Structures.lattice(p), lattice, p.getDouble("a"));
        if (!(unit.box().allPeriodic())) {
            throw BadInputException.forParam("structure", "non-periodic", "phonons need a unit cell periodic on all axes", "give a periodic structure");
        }
        List<Integer> sc = p.getIntList("supercell");
        if (sc.size() != 3) throw BadInputException.forParam("supercell", sc, "needs three counts", "write supercell=4,4,4");
        Atoms superCell = Phonons.supercell(unit, sc.get(0), sc.get(1), sc.get(2));
        Potential pot = Structures.potential(potentials, p, superCell);
        List<double[]> qs = p.getDoubleLists("qpoints").stream().map(q -> q.stream().mapToDouble(Double::doubleValue).toArray()).toList();
        BandPath path = path(p.getString("path"), lattice, p.getInt("points_per_segment"));
        progress.message("force constants of " + superCell.size() + " atoms by autodiff");
        Phonons ph = Phonons.compute(ad.get(), pot, unit, superCell);
        List<List<Double>> freqs = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        StringBuilder header = new StringBuilder("qa,qb,qc");
        for (int b = 0; b < ph.bands(); b++) header.append(",nu").append(b + 1).append("_THz");
        for (double[] q : qs) {
            progress.checkCancelled("md.phonons, q-point " + (freqs.size() + 1) + " of " + qs.size());
            double[] nu = ph.frequencies(q);
            List<Double> l = new ArrayList<>();
            for (double v : nu) l.add(v);
            freqs.add(l);
            double[] row = new double[3 + nu.length];
            System.arraycopy(q, 0, row, 0, 3);
            System.arraycopy(nu, 0, row, 3, nu.length);
            rows.add(row);
        }
        Outputs.csv(dir, "frequencies.csv", header.toString(), rows);
        Result.Builder out = Result.builder();
        rangeCheck(out, unit, sc, pot.cutoff());
        out.put("natoms_unit_cell", unit.size()).put("natoms_supercell", superCell.size())
                .put("bands", ph.bands()).put("qpoints", qs.stream().map(q -> List.of(q[0], q[1], q[2])).toList()).put("frequencies", freqs);
        List<String> files = new ArrayList<>(List.of("frequencies.csv"));
        if (path != null) {
            progress.message("band path " + String.join("-", path.labels()));
            Dispersion d = ph.dispersion(path, unit.box().h());
            List<double[]> band = new ArrayList<>();
            double max = -Double.MAX_VALUE;
            double min = Double.MAX_VALUE;
            for (int k = 0; k < d.distance().length; k++) {
                double[] row = new double[1 + ph.bands()];
                row[0] = d.distance()[k];
                System.arraycopy(d.frequencies()[k], 0, row, 1, ph.bands());
                for (double v : d.frequencies()[k]) { max = Math.max(max, v); min = Math.min(min, v); }
                band.add(row);
            }
            Outputs.csv(dir, "band.csv", "distance_inv_A," + header.substring("qa,qb,qc,".length()), band);
            dir.writeFile("band.png", f -> BandPlot.write(f, pot.style() + " phonons " + String.join("-", path.labels()), d));
            out.put("path", path.labels()).put("max_frequency", max).put("min_frequency", min);
            files.add("band.csv");
            files.add("band.png");
        }
        out.put("files", files).put("seconds", (System.nanoTime() - t0) / 1e9);
        double[] first = rows.get(0);
        out.summary(String.format(Locale.ROOT, "%d bands; at q = (%g, %g, %g): %s THz", ph.bands(), first[0], first[1], first[2],
                freqs.get(0).stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList()));
        return out.build();
    }

    /**
     * A warning when the supercell is narrower than twice the interaction range: an atom then meets more than
     * one image of a neighbour, the force constants of distinct pairs add up and the dispersion between
     * the supercell's commensurate q-points is wrong (the minimum-image rule of phonopy's supercells).
     */
    static void rangeCheck(Result.Builder out, Atoms unit, List<Integer> sc, double cutoff) {
        double[] w = unit.box().perpendicularWidths();
        double narrowest = Double.MAX_VALUE;
        int[] need = new int[3];
        for (int k = 0; k < 3; k++) {
            narrowest = Math.min(narrowest, w[k] * sc.get(k));
            need[k] = Math.max(sc.get(k), (int) Math.ceil(2 * cutoff / w[k] - 1e-9));
        }
        if (narrowest < 2 * cutoff) {
            out.warn(String.format(Locale.ROOT, "supercell=%d,%d,%d is %.3g Å wide, less than twice the potential's cutoff (2 x %.3g Å):"
                    + " an atom meets several images of a neighbour and the frequencies away from the supercell's q-points are wrong;"
                    + " use supercell=%d,%d,%d", sc.get(0), sc.get(1), sc.get(2), narrowest, cutoff, need[0], need[1], need[2]));
        }
    }

    /** The primitive cell of a cubic lattice (one atom; diamond two), the orthohexagonal cell of hcp. */
    static Atoms primitive(Atoms conventional, String lattice, double a) {
        double h = a / 2;
        double[] cell;
        double[] basis;
        switch (lattice) {
            case "fcc": cell = new double[] {0, h, h, h, 0, h, h, h, 0}; basis = new double[] {0, 0, 0}; break;
            case "diamond": cell = new double[] {0, h, h, h, 0, h, h, h, 0}; basis = new double[] {0, 0, 0, a / 4, a / 4, a / 4}; break;
            case "bcc": cell = new double[] {-h, h, h, h, -h, h, h, h, -h}; basis = new double[] {0, 0, 0}; break;
            default: {
                Atoms one = Lattices.build(lattice, a, new int[] {1, 1, 1}, conventional.typeNames().get(0), conventional.masses()[0]);
                return one;
            }
        }
        return new Atoms(basis, new int[basis.length / 3], conventional.typeNames(), conventional.masses(), Box.periodic(cell));
    }

    /** The band path: "none", "auto" (Setyawan–Curtarolo points of the primitive cells) or LABEL=qa,qb,qc/LABEL=... */
    static BandPath path(String text, String lattice, int perSegment) {
        String t = text.trim();
        if (t.equals("none")) return null;
        List<String> labels = new ArrayList<>();
        List<double[]> pts = new ArrayList<>();
        String spec = t;
        if (t.equals("auto")) {
            switch (lattice) {
                case "fcc": case "diamond": spec = "Γ=0,0,0/X=0.5,0,0.5/W=0.5,0.25,0.75/K=0.375,0.375,0.75/Γ=0,0,0/L=0.5,0.5,0.5"; break;
                case "bcc": spec = "Γ=0,0,0/H=0.5,-0.5,0.5/N=0,0,0.5/Γ=0,0,0/P=0.25,0.25,0.25"; break;
                default: spec = "Γ=0,0,0/X=0,0.5,0/M=0.5,0.5,0/Γ=0,0,0/R=0.5,0.5,0.5"; break;
            }
        }
        for (String item : ListSyntax.items("path", text, spec, PATH_FORM)) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw BadInputException.forParam("path", text, "'" + item + "' is not LABEL=qa,qb,qc", "write " + PATH_FORM + ", or auto or none");
            labels.add(item.substring(0, eq).trim());
            pts.add(ListSyntax.numbers("path", text, item.substring(eq + 1), 3, PATH_FORM));
        }
        if (pts.size() < 2) throw BadInputException.forParam("path", text, "a path needs at least two points", "add another LABEL=qa,qb,qc");
        return new BandPath(labels, pts, perSegment);
    }
}
