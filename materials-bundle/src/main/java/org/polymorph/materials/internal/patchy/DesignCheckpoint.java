package org.polymorph.materials.internal.patchy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.nn.ParamStore;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.optimizers.OptState;

/**
 * patchy.design's progress in {@value #FILE} ({@link Checkpoint}'s header, then this payload, version {@value #PAYLOAD},
 * big-endian as {@link DataOutputStream} writes it): the gradient ascent (step, stopped, u [P], the optimizer's state in
 * {@link ParamStore}'s byte format, its samples, the sample index of each accepted step), the random search's samples,
 * and the grid search's samples with the budget they were laid out for. A sample is θ [P], its yield, its gradient [P]
 * or none, and its failure text or none; doubles are stored as their bits, so a resumed run continues to the bit.
 */
final class DesignCheckpoint {
    static final String FILE = "checkpoint.bin";
    static final int PAYLOAD = 1;

    /** Everything the searches have done: the ascent, the random samples so far, the grid samples so far and the grid's budget. */
    record State(DesignSearch.Ascent ascent, List<DesignObjective.Sample> random, int gridBudget, List<DesignObjective.Sample> grid) {
        State {
            random = List.copyOf(random);
            grid = List.copyOf(grid);
        }

        State withAscent(DesignSearch.Ascent a) { return new State(a, random, gridBudget, grid); }

        State withRandom(List<DesignObjective.Sample> r) { return new State(ascent, r, gridBudget, grid); }

        State withGrid(int budget, List<DesignObjective.Sample> g) { return new State(ascent, random, budget, g); }
    }

    private DesignCheckpoint() { }

    static void write(RunDirectory dir, Method method, Params p, Ops o, State s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            DesignSearch.Ascent a = s.ascent();
            out.writeInt(a.step());
            out.writeBoolean(a.stopped());
            writeDoubles(out, a.u());
            byte[] state = new ParamStore(o).toBytes(a.state());
            out.writeInt(state.length);
            out.write(state);
            writeSamples(out, a.samples());
            out.writeInt(a.accepted().size());
            for (int i : a.accepted()) out.writeInt(i);
            writeSamples(out, s.random());
            out.writeInt(s.gridBudget());
            writeSamples(out, s.grid());
        }
        Checkpoint.write(dir, FILE, method, p, PAYLOAD, bytes.toByteArray());
    }

    /**
     * The state in the run directory's checkpoint, for {@code resume=true}; {@code fresh} is the optimizer's state at
     * the start, whose structure the stored one must have.
     *
     * @throws BadInputException naming {@code resume} when the file is missing, foreign, of another payload version or
     *     damaged, or the parameter that differs from the earlier run
     */
    static State read(RunDirectory dir, Method method, Params p, Ops o, OptState fresh) {
        Checkpoint c = Checkpoint.resume(dir, FILE, method, p);
        if (c.payloadVersion() != PAYLOAD) throw BadInputException.forParam("resume", true, dir.resolve(FILE) + " has payload version "
                + c.payloadVersion() + " and this build reads " + PAYLOAD, "start a new run in another folder");
        try (DataInputStream in = c.payloadStream()) {
            int step = in.readInt();
            boolean stopped = in.readBoolean();
            double[] u = readDoubles(in);
            OptState state = new ParamStore(o).fromBytes(in.readNBytes(length(in, 1)), fresh, FILE + " (optimizer state)");
            List<DesignObjective.Sample> samples = readSamples(in);
            int n = length(in, Integer.BYTES);
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = in.readInt();
                if (k < 0 || k >= samples.size()) throw new IOException("accepted step " + i + " points at sample " + k + " of " + samples.size());
                accepted.add(k);
            }
            if (step < 0 || accepted.size() != step + 1) throw new IOException("step " + step + " with " + accepted.size() + " accepted samples");
            List<DesignObjective.Sample> random = readSamples(in);
            int gridBudget = in.readInt();
            List<DesignObjective.Sample> grid = readSamples(in);
            if (in.read() != -1) throw new IOException("bytes after the grid samples");
            return new State(new DesignSearch.Ascent(step, u, state, samples, accepted, stopped), random, gridBudget, grid);
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof BadInputException b) throw b;
            throw BadInputException.forParam("resume", true, dir.resolve(FILE) + " is damaged (" + e.getMessage() + ")",
                    "start a new run in another folder, or without resume");
        }
    }

    private static void writeSamples(DataOutputStream out, List<DesignObjective.Sample> samples) throws IOException {
        out.writeInt(samples.size());
        for (DesignObjective.Sample s : samples) {
            writeDoubles(out, s.theta());
            out.writeDouble(s.yield());
            out.writeBoolean(s.gradient() != null);
            if (s.gradient() != null) writeDoubles(out, s.gradient());
            out.writeBoolean(s.failure() != null);
            if (s.failure() != null) out.writeUTF(s.failure());
        }
    }

    private static List<DesignObjective.Sample> readSamples(DataInputStream in) throws IOException {
        int n = length(in, Integer.BYTES + Double.BYTES + 2);
        List<DesignObjective.Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] theta = readDoubles(in);
            double yield = in.readDouble();
            double[] gradient = in.readBoolean() ? readDoubles(in) : null;
            String failure = in.readBoolean() ? in.readUTF() : null;
            out.add(new DesignObjective.Sample(theta, yield, gradient, failure));
        }
        return out;
    }

    private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) out.writeDouble(x);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] v = new double[length(in, Double.BYTES)];
        for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
        return v;
    }

    /** A count read from the stream, checked against the bytes left ({@code bytes} or more per item). */
    private static int length(DataInputStream in, int bytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytes > in.available()) throw new IOException("a count of " + n + " exceeds the bytes left");
        return n;
    }
}
