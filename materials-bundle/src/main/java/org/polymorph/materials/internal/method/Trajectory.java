package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;
import org.polymorph.materials.internal.io.StructureFiles;

/** Frames of an extxyz trajectory (md.run's trajectory.extxyz) for the analysis Methods. */
final class Trajectory {
    private Trajectory() { }

    static List<ParamSpec> params(String what) {
        return List.of(
                ParamSpec.path("trajectory", "", "extxyz trajectory (e.g. trajectory.extxyz of md.run) " + what),
                ParamSpec.integer("skip", 0, "frames", 0, 1_000_000_000L, "frames to drop from the start (equilibration)"),
                ParamSpec.integer("max_frames", 100_000, "frames", 1, 1_000_000_000L, "use at most this many frames after skip"));
    }

    /** The parameters of a Method that needs a trajectory ({@code trajectory} required) and the time between its frames. */
    static List<ParamSpec> timedParams(String what) {
        List<ParamSpec> t = new java.util.ArrayList<>(params(what));
        t.set(0, ParamSpec.path("trajectory", null, "extxyz trajectory " + what));
        t.add(ParamSpec.real("frame_dt", 0.0, "fs", 0, 1e9, "time between frames; 0: from the frames' time (ps) values"));
        return t;
    }

    /**
     * The frames of {@code trajectory=} after {@code skip}, at most {@code max_frames}; bad input below {@code min} frames;
     * a cancel of {@code progress} stops the reading (checked at every frame).
     */
    static List<Frame> read(org.polymorph.core.method.Params p, int min, Progress progress) {
        String file = p.getString("trajectory");
        List<Frame> frames = read(file, p.getInt("skip"), p.getInt("max_frames"), progress);
        if (frames.size() < min) {
            throw BadInputException.forParam("trajectory", file, "only " + frames.size() + " frame(s) after skip", "give at least " + min + " frames");
        }
        return frames;
    }

    static List<Frame> read(String file, int skip, int max, Progress progress) {
        List<Frame> out = new ArrayList<>();
        try (FrameReader r = StructureFiles.openXyz(Path.of(file))) {
            int k = 0;
            while (r.hasNext() && out.size() < max) {
                progress.checkCancelled("frame " + k + " of " + file);
                Frame f = r.next();
                if (k++ >= skip) out.add(f);
            }
        } catch (IOException | UncheckedIOException e) {
            throw BadInputException.forParam("trajectory", file, "cannot read it (" + e.getMessage() + ")", "give a readable extxyz file");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter 'trajectory' = '" + file + "': " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw BadInputException.forParam("skip", skip, "no frame of " + file + " is left", "give a smaller skip");
        return out;
    }

    /** Time between frames (ps): frame_dt, or the difference of the first two frames' time values. */
    static double frameInterval(org.polymorph.core.method.Params p, List<Frame> frames, String file) {
        double dt = p.getDouble("frame_dt") / 1000;
        if (dt > 0) return dt;
        String a = frames.get(0).info().get("time");
        String b = frames.get(1).info().get("time");
        if (a == null || b == null) throw BadInputException.forParam("frame_dt", 0, "the frames carry no time values", "give frame_dt=<fs between frames>");
        try {
            dt = Double.parseDouble(b) - Double.parseDouble(a);
        } catch (NumberFormatException e) {
            throw BadInputException.forParam("trajectory", file, "frame time values '" + a + "', '" + b + "' are not numbers", "give frame_dt=<fs between frames>");
        }
        if (!(dt > 0)) throw BadInputException.forParam("trajectory", file, "frame times do not increase", "give frame_dt=<fs between frames>");
        return dt;
    }
}
