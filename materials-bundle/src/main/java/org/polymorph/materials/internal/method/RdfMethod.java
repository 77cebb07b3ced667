package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.report.Plot;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.properties.Rdf;
import org.polymorph.materials.structure.Atoms;

/**
 * md.rdf: the radial distribution function g(r), its partials by type pair and the running
 * coordination number, of one structure or averaged over the frames of a trajectory
 * ({@link Rdf}); r_max defaults to just under half the smallest cell width. Writes {@code rdf.csv} and {@code rdf.png}.
 * {@code first_peak_r}/{@code first_peak_g} are absent when g(r) never exceeds 1 (no first shell, e.g. a dilute gas).
 */
public final class RdfMethod implements Method {
    @Override public String id() { return "md.rdf"; }

    @Override public String description() {
        return "radial distribution function g(r) (and partials, coordination) of a structure or an extxyz trajectory; first peak (Å); rdf.csv";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), Trajectory.params("instead of structure=/lattice="), List.of(
                ParamSpec.real("r_max", 0.0, "Å", 0, 1000, "largest r; 0: 0.499 × the smallest perpendicular cell width"),
                ParamSpec.integer("bins", 200, "bins", 1, 1_000_000, "histogram bins in [0, r_max)")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        List<Atoms> frames = new ArrayList<>();
        if (!p.getString("trajectory").isEmpty()) {
            for (Frame f : Trajectory.read(p.getString("trajectory"), p.getInt("skip"), p.getInt("max_frames"), progress)) frames.add(f.atoms());
        } else {
            frames.add(Structures.load(p));
        }
        Atoms first = frames.get(0);
        if (!(first.box().allPeriodic())) {
            throw BadInputException.forParam(p.getString("trajectory").isEmpty() ? "structure" : "trajectory", "non-periodic",
                    "g(r) is normalised by the cell volume", "give a structure periodic on all axes");
        }
        double rMax = p.getDouble("r_max");
        if (rMax == 0) {
            double[] w = first.box().perpendicularWidths();
            rMax = 0.499 * Math.min(w[0], Math.min(w[1], w[2]));
        }
        progress.message("g(r) over " + frames.size() + " frame(s) to " + rMax + " Å");
        Rdf.Result r = Rdf.average(frames, rMax, p.getInt("bins"), () -> progress.checkCancelled("md.rdf's frames"));
        List<String> pairs = new ArrayList<>(r.partial().keySet());
        StringBuilder header = new StringBuilder("r_A,g,coordination");
        for (String k : pairs) header.append(",g_").append(k);
        List<double[]> rows = new ArrayList<>();
        int peak = 0;
        for (int b = 0; b < r.r().length; b++) {
            double[] row = new double[3 + pairs.size()];
            row[0] = r.r()[b];
            row[1] = r.g()[b];
            row[2] = r.coordination()[b];
            for (int k = 0; k < pairs.size(); k++) row[3 + k] = r.partial().get(pairs.get(k))[b];
            rows.add(row);
            if (r.g()[b] > r.g()[peak]) peak = b;
        }
        Outputs.csv(dir, "rdf.csv", header.toString(), rows);
        int shell = firstPeak(r.g());
        Plot.Panel panel = new Plot.Panel("g(r), " + frames.size() + " frame(s)", "r (Å)", "g(r)").add("total", r.r(), r.g());
        if (pairs.size() > 1) for (String k : pairs) panel.add(k, r.r(), r.partial().get(k));
        dir.writeBytes("rdf.png", Plot.png(List.of(panel)));
        Result.Builder out = Result.builder().put("frames", frames.size()).put("natoms", first.size()).put("r_max", rMax).put("bins", r.r().length);
        // no first shell (g never above 1, as in a dilute gas): first_peak_r and first_peak_g are left out
        if (shell >= 0) out.put("first_peak_r", r.r()[shell]).put("first_peak_g", r.g()[shell]);
        return out.put("max_peak_r", r.r()[peak]).put("max_peak_g", r.g()[peak]).put("files", List.of("rdf.csv", "rdf.png"))
                .summary(String.format(Locale.ROOT, "g(r) of %d frame(s): %s, highest g = %.3f at r = %.4f Å", frames.size(),
                        shell < 0 ? "no first peak (g(r) never exceeds 1)" : String.format(Locale.ROOT, "first peak at r = %.4f Å", r.r()[shell]),
                        r.g()[peak], r.r()[peak]))
                .build();
    }

    /** The largest bin of the first run of bins with g > 1 (the first coordination shell); −1 when g never exceeds 1. */
    static int firstPeak(double[] g) {
        int b = 0;
        while (b < g.length && !(g[b] > 1)) b++;
        if (b == g.length) return -1;
        int best = b;
        for (; b < g.length && g[b] > 1; b++) if (g[b] > g[best]) best = b;
        return best;
    }
}
