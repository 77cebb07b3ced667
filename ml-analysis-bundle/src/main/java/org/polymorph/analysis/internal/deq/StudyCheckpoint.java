package org.polymorph.analysis.internal.deq;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;

/**
 * The sweep's checkpoint ({@value #FILE}, a core {@link Checkpoint}): the runs finished so far. Payload version
 * {@value #VERSION}: int steps, int count, then per run UTF family, double σ, int seed, boolean stable, UTF outcome,
 * int steps done, doubles initial loss, final loss, test accuracy, mean iterations, max residual. A resumed sweep skips
 * the runs it holds; a run interrupted half-way is trained again from its start (runs are deterministic).
 */
final class StudyCheckpoint {
    static final String FILE = "checkpoint.bin";
    static final int VERSION = 1;

    private StudyCheckpoint() { }

    static void write(RunDirectory dir, Method method, Params params, int steps, List<StudyRun> runs) throws IOException {
        if (dir == null) return;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(steps);
            out.writeInt(runs.size());
            for (StudyRun r : runs) {
                out.writeUTF(r.family());
                out.writeDouble(r.sigma());
                out.writeInt(r.seed());
                out.writeBoolean(r.stable());
                out.writeUTF(r.outcome());
                out.writeInt(r.stepsDone());
                out.writeDouble(r.initialLoss());
                out.writeDouble(r.finalLoss());
                out.writeDouble(r.testAccuracy());
                out.writeDouble(r.meanIterations());
                out.writeDouble(r.maxResidual());
            }
        }
        Checkpoint.write(dir, FILE, method, params, VERSION, bytes.toByteArray());
    }

    /** The runs of the earlier sweep in {@code dir}; BadInputException when there is none, it differs, or is damaged. */
    static List<StudyRun> read(RunDirectory dir, Method method, Params params, int steps) {
        if (dir == null) throw BadInputException.forParam("resume", true, "there is no run directory", "run with --out DIR of the earlier run");
        Checkpoint c = Checkpoint.resume(dir, FILE, method, params);
        if (c.payloadVersion() != VERSION) {
            throw new BadInputException("parameter 'resume' = 'true': " + dir.resolve(FILE) + " has payload version " + c.payloadVersion()
                    + "; this build reads " + VERSION + "; start a fresh run with resume=false");
        }
        try (DataInputStream in = c.payloadStream()) {
            int then = in.readInt();
            if (then != steps) {
                throw BadInputException.forParam("steps", steps, "the checkpointed sweep trained every run for " + then + " steps",
                        "resume with steps=" + then + ", or start a fresh run with resume=false");
            }
            int n = in.readInt();
            if (n < 0 || n > 10_000_000) throw new IOException("run count " + n);
            List<StudyRun> runs = new ArrayList<>(Math.min(n, 4096));
            for (int i = 0; i < n; i++) {
                runs.add(new StudyRun(in.readUTF(), in.readDouble(), in.readInt(), in.readBoolean(), in.readUTF(), in.readInt(),
                        in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            return runs;
        } catch (IOException e) {
            throw new BadInputException("parameter 'resume' = 'true': " + dir.resolve(FILE) + " is damaged (" + e.getMessage()
                    + "); start a fresh run with resume=false", e);
        }
    }
}
