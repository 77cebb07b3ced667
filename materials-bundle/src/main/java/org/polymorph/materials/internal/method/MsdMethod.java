package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.report.Plot;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.properties.Trajectories;
import org.polymorph.materials.structure.Atoms;

/**
 * md.msd: the mean-squared displacement over all time origins ({@link Trajectories#msd}), in total
 * and per species, of an extxyz trajectory, and the self-diffusion coefficient by Einstein's relation
 * D = slope/6 of a least-squares line through MSD(t) over the lag window [fit_start, fit_end] (a
 * fraction of the longest lag; the ballistic start and the noisy tail are left out). md.run writes
 * unwrapped positions; {@code unwrap=true} undoes wrapping into the cell. The centre-of-mass drift
 * ({@link Trajectories#removeDrift}) is subtracted first unless {@code remove_drift=no}. Writes {@code msd.csv} and {@code msd.png}.
 */
public final class MsdMethod implements Method {
    /** 1 Å²/ps in cm²/s. */
    static final double CM2_PER_S = 1e-4;

    @Override public String id() { return "md.msd"; }

    @Override public String description() {
        return "mean-squared displacement (Å², total and per species) of an extxyz trajectory and the diffusion coefficient D (Å²/ps, cm²/s); msd.csv, msd.png";
    }

    @Override public List<ParamSpec> params() {
        List<ParamSpec> t = Trajectory.timedParams("(md.run's trajectory.extxyz)");
        t.add(ParamSpec.bool("unwrap", false, "positions were wrapped into the cell: unwrap them (each step taken to the nearest image)"));
        t.add(ParamSpec.bool("remove_drift", true, "subtract the centre-of-mass displacement (mass-weighted, per frame) from every atom "
                + "before the MSD, so a crystal whose thermostat moved it as a whole shows no diffusion; no: keep it"));
        t.add(ParamSpec.real("fit_start", 0.2, "", 0, 1, "start of the fitted lag window, as a fraction of the longest lag"));
        t.add(ParamSpec.real("fit_end", 0.6, "", 0, 1, "end of the fitted lag window, as a fraction of the longest lag"));
        return List.copyOf(t);
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        String file = p.getString("trajectory");
        List<Frame> frames = Trajectory.read(p, 3, progress);
        double fs = p.getDouble("fit_start"), fe = p.getDouble("fit_end");
        if (!(fe > fs)) throw BadInputException.forParam("fit_end", fe, "the window ends before it starts (fit_start " + fs + ")", "give fit_end > fit_start");
        double dt = Trajectory.frameInterval(p, frames, file);
        Atoms first = frames.get(0).atoms();
        int t = frames.size();
        double[][] r = new double[t][];
        for (int k = 0; k < t; k++) {
            r[k] = frames.get(k).atoms().positions();
            if (r[k].length != first.positions().length) {
                throw BadInputException.forParam("trajectory", file, "frame " + (k + p.getInt("skip")) + " has " + r[k].length / 3
                        + " atoms, the first " + first.size(), "give a trajectory with a fixed number of atoms");
            }
        }
        if (p.getBoolean("unwrap")) r = Trajectories.unwrap(r, first.box());
        if (p.getBoolean("remove_drift")) r = Trajectories.removeDrift(r, first.atomMasses());
        progress.message("MSD over " + t + " frames, dt = " + dt + " ps");
        Map<String, double[]> series = new LinkedHashMap<>();
        Runnable check = () -> progress.checkCancelled("md.msd's lags");
        series.put("all", Trajectories.msd(r, check));
        if (first.typeNames().size() > 1) {
            for (int type = 0; type < first.typeNames().size(); type++) {
                double[][] sub = select(r, first.types(), type);
                if (sub[0].length > 0) series.put(first.typeNames().get(type), Trajectories.msd(sub, check));
            }
        }
        double[] time = new double[t];
        for (int k = 0; k < t; k++) time[k] = k * dt;
        int lo = Math.max(1, (int) Math.floor(fs * (t - 1)));
        int hi = Math.min(t - 1, (int) Math.ceil(fe * (t - 1)));
        if (hi - lo < 2) {
            throw BadInputException.forParam("fit_end", fe, "the window [" + fs + ", " + fe + "] holds fewer than 3 lags of " + (t - 1),
                    "widen the window or give more frames");
        }
        Map<String, Object> diffusion = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(series.keySet());
        double d = Double.NaN;
        for (String name : names) {
            double dn = slope(time, series.get(name), lo, hi) / 6;   // Einstein: MSD = 6 D t
            diffusion.put(name, Map.of("D_A2_per_ps", dn, "D_cm2_per_s", dn * CM2_PER_S));
            if (name.equals("all")) d = dn;
        }
        List<double[]> rows = new ArrayList<>();
        StringBuilder header = new StringBuilder("time_ps");
        for (String name : names) header.append(",msd_").append(name).append("_A2");
        for (int k = 0; k < t; k++) {
            double[] row = new double[1 + names.size()];
            row[0] = time[k];
            for (int s = 0; s < names.size(); s++) row[1 + s] = series.get(names.get(s))[k];
            rows.add(row);
        }
        Outputs.csv(dir, "msd.csv", header.toString(), rows);
        dir.writeBytes("msd.png", Plot.png(List.of(plot(time, series, lo, hi))));
        return Result.builder().put("frames", t).put("frame_dt_ps", dt).put("natoms", first.size()).put("fit_window_ps", List.of(time[lo], time[hi]))
                .put("D", d).put("D_cm2_per_s", d * CM2_PER_S).put("diffusion", diffusion).put("files", List.of("msd.csv", "msd.png"))
                .summary(String.format(Locale.ROOT, "MSD of %d frames: D = %.4g Å²/ps = %.4g cm²/s (fit %.3g–%.3g ps)", t, d, d * CM2_PER_S,
                        time[lo], time[hi]))
                .build();
    }

    private static double[][] select(double[][] r, int[] types, int type) {
        int count = 0;
        for (int ty : types) if (ty == type) count++;
        double[][] out = new double[r.length][3 * count];
        for (int k = 0; k < r.length; k++) {
            int j = 0;
            for (int i = 0; i < types.length; i++) {
                if (types[i] != type) continue;
                System.arraycopy(r[k], 3 * i, out[k], 3 * j++, 3);
            }
        }
        return out;
    }

    /**
     * msd.png's panel: MSD(t) (Å², ps) of each series, and the least-squares line through "all" (or the first
     * series) drawn over the fit window time[lo]..time[hi] only, where it was fitted.
     */
    static Plot.Panel plot(double[] time, Map<String, double[]> series, int lo, int hi) {
        Plot.Panel panel = new Plot.Panel(String.format(Locale.ROOT, "MSD, fit over %.3g–%.3g ps", time[lo], time[hi]), "time (ps)", "MSD (Å²)");
        for (Map.Entry<String, double[]> e : series.entrySet()) panel.add(e.getKey(), time, e.getValue());
        String name = series.containsKey("all") ? "all" : series.keySet().iterator().next();
        double[] y = series.get(name);
        double b = slope(time, y, lo, hi);
        double mx = 0, my = 0;
        for (int k = lo; k <= hi; k++) { mx += time[k] / (hi - lo + 1); my += y[k] / (hi - lo + 1); }
        double[] tx = {time[lo], time[hi]};
        return panel.add(String.format(Locale.ROOT, "fit: 6 D t + c, D = %.3g Å²/ps", b / 6), tx, new double[] {my + b * (tx[0] - mx), my + b * (tx[1] - mx)});
    }

    /** Least-squares slope of y against x over indices lo..hi. */
    static double slope(double[] x, double[] y, int lo, int hi) {
        double mx = 0, my = 0;
        int n = hi - lo + 1;
        for (int k = lo; k <= hi; k++) { mx += x[k] / n; my += y[k] / n; }
        double sxy = 0, sxx = 0;
        for (int k = lo; k <= hi; k++) { sxy += (x[k] - mx) * (y[k] - my); sxx += (x[k] - mx) * (x[k] - mx); }
        return sxy / sxx;
    }
}
