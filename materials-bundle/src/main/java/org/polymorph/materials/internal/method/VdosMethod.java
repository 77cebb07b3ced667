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
import org.polymorph.materials.properties.Trajectories;

/**
 * md.vdos: the vibrational density of states (THz, unit area, mass-weighted) and the normalised
 * velocity autocorrelation from the velocities of an MD trajectory (md.run's trajectory.extxyz,
 * written with a small dump_every), by Wiener–Khinchin ({@link Trajectories#vdos}). The frame
 * interval comes from the frames' {@code time} (ps) or {@code frame_dt}. Writes {@code vdos.csv}, {@code vacf.csv} and {@code vdos.png}.
 */
public final class VdosMethod implements Method {
    @Override public String id() { return "md.vdos"; }

    @Override public String description() {
        return "vibrational density of states (THz) from the velocities of an MD trajectory; peak frequency (THz); vdos.csv, vacf.csv";
    }

    @Override public List<ParamSpec> params() {
        List<ParamSpec> t = Trajectory.timedParams("with velocities (md.run's trajectory.extxyz with a small dump_every)");
        return List.copyOf(t);
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        String file = p.getString("trajectory");
        List<Frame> frames = Trajectory.read(p, 4, progress);
        double dt = Trajectory.frameInterval(p, frames, file);
        double[][] v = new double[frames.size()][];
        for (int k = 0; k < v.length; k++) {
            v[k] = frames.get(k).velocities();
            if (v[k] == null) throw BadInputException.forParam("trajectory", file, "frame " + (k + p.getInt("skip")) + " has no velocities",
                    "use a trajectory written with velocities (md.run writes them)");
        }
        progress.message("VDOS from " + v.length + " frames, dt = " + dt + " ps");
        Trajectories.Vdos d = Trajectories.vdos(v, dt, frames.get(0).atoms().atomMasses());
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < d.frequency().length; k++) rows.add(new double[] {d.frequency()[k], d.density()[k]});
        Outputs.csv(dir, "vdos.csv", "frequency_THz,density_per_THz", rows);
        List<double[]> ac = new ArrayList<>();
        for (int k = 0; k < d.time().length; k++) ac.add(new double[] {d.time()[k], d.vacf()[k]});
        Outputs.csv(dir, "vacf.csv", "time_ps,vacf", ac);
        int shown = shownBins(d);
        dir.writeBytes("vdos.png", Plot.png(List.of(
                new Plot.Panel("vibrational density of states, " + v.length + " frames", "frequency (THz)", "density (1/THz)")
                        .add("vdos", java.util.Arrays.copyOf(d.frequency(), shown), java.util.Arrays.copyOf(d.density(), shown)),
                new Plot.Panel("velocity autocorrelation", "time (ps)", "C(t)/C(0)").add("vacf", d.time(), d.vacf()))));
        double mean = 0;
        for (int k = 0; k < d.frequency().length; k++) mean += d.frequency()[k] * d.density()[k] * (d.frequency().length > 1 ? d.frequency()[1] : 0);
        return Result.builder().put("frames", v.length).put("frame_dt_ps", dt).put("natoms", frames.get(0).atoms().size())
                .put("peak_frequency", d.peak()).put("mean_frequency", mean).put("nyquist_frequency", 0.5 / dt)
                .put("files", List.of("vdos.csv", "vacf.csv", "vdos.png"))
                .summary(String.format(Locale.ROOT, "VDOS of %d frames: peak at %.3f THz, mean %.3f THz (Nyquist %.1f THz)", v.length, d.peak(), mean, 0.5 / dt))
                .build();
    }

    /** Bins up to 1.25 × the frequency below which 99.9 % of the density lies (the plot's range; the CSV has all). */
    private static int shownBins(Trajectories.Vdos d) {
        double total = 0;
        for (double x : d.density()) total += x;
        double run = 0;
        int k = 0;
        while (k < d.density().length - 1 && run < 0.999 * total) run += d.density()[k++];
        return Math.min(d.density().length, Math.max(2, (int) Math.ceil(1.25 * k)));
    }
}
