package org.polymorph.optimizers.internal.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The meta-training checkpoint {@value #FILE}: a {@link MetaTrainer.State}, as the payload of a core
 * {@link Checkpoint} (whose header holds the run's parameters for the resume rule), written atomically. Doubles
 * hold every value exactly (float64, and INT64 step counts below 2^53), so a resumed run continues bit for bit.
 *
 * <p>Payload (version {@value #VERSION}), big-endian:
 * <pre>
 *   long outer step; tensors θ; tensors outer Adam state
 *   int P, then per member: byte 0 (not started) or 1, then inner pos, byte 0/1 + inner neg, byte 0/1 + tensors accum
 *   int H, then H rows: long step, double meta-loss, double gradient norm
 *   8 bytes "PMLOEND."
 * inner: int task, long key k0, long key k1, long episode, long iteration, long length, tensors params, tensors opt state
 * tensors: int n, then n × (byte 0 = float64 / 1 = int64, int rank, rank ints, size doubles row-major)
 * </pre>
 * Trees are rebuilt on the structures the run's learned optimizer and tasks give.
 */
final class MetaCheckpoint {
    static final String FILE = "checkpoint.bin";
    static final int VERSION = 1;
    private static final byte[] END = "PMLOEND.".getBytes(StandardCharsets.US_ASCII);

    private MetaCheckpoint() { }

    static Path write(TensorService ts, MetaTrainer.State s, RunDirectory dir, Method method, Params run) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(s.step());
            tensors(ts, out, s.theta());
            tensors(ts, out, s.outerState());
            out.writeInt(s.members().size());
            for (Estimator.Member m : s.members()) {
                out.writeBoolean(m != null);
                if (m == null) continue;
                inner(ts, out, m.pos());
                out.writeBoolean(m.neg() != null);
                if (m.neg() != null) inner(ts, out, m.neg());
                out.writeBoolean(m.accum() != null);
                if (m.accum() != null) tensors(ts, out, m.accum());
            }
            out.writeInt(s.history().size());
            for (MetaTrainer.Row r : s.history()) {
                out.writeLong(r.step());
                out.writeDouble(r.metaLoss());
                out.writeDouble(r.gradNorm());
            }
            out.write(END);
        }
        return Checkpoint.write(dir, FILE, method, run, VERSION, bytes.toByteArray());
    }

    /**
     * The state in {@code c}'s payload, its trees shaped as {@code lopt}, the outer Adam and {@code tasks} give.
     *
     * @throws IOException naming {@code file} when the payload is of another version, truncated or damaged
     */
    static MetaTrainer.State read(Ops o, Checkpoint c, Path file, LearnedOptimizer lopt, TaskDistribution tasks) throws IOException {
        if (c.payloadVersion() != VERSION) throw new IOException(file + " has payload version " + c.payloadVersion() + "; this build reads " + VERSION);
        TensorService ts = o.tensors();
        try (DataInputStream in = c.payloadStream()) {
            long step = in.readLong();
            Object theta0 = Shapes.theta(o, lopt);
            Frozen theta = Frozen.like(theta0, o, tensors(ts, in, file));
            Object adam = Optimizers.adam(o, Schedule.constant(1), 0.9, 0.999, 1e-8).init(theta.thaw(o));
            Frozen outer = Frozen.like(adam, o, tensors(ts, in, file));
            int p = in.readInt();
            if (p < 0 || p > in.available()) throw new IOException(file + ": bad population " + p + " (damaged file)");
            List<Estimator.Member> members = new ArrayList<>(Arrays.asList(new Estimator.Member[p]));
            for (int i = 0; i < p; i++) {
                if (!in.readBoolean()) continue;
                InnerState pos = inner(o, in, file, lopt, theta, tasks);
                InnerState neg = in.readBoolean() ? inner(o, in, file, lopt, theta, tasks) : null;
                Frozen accum = in.readBoolean() ? Frozen.like(theta0, o, tensors(ts, in, file)) : null;
                members.set(i, new Estimator.Member(pos, neg, accum));
            }
            int h = in.readInt();
            if (h < 0 || (long) h * 24 > in.available()) throw new IOException(file + ": bad history length " + h + " (damaged file)");
            List<MetaTrainer.Row> history = new ArrayList<>(h);
            for (int i = 0; i < h; i++) history.add(new MetaTrainer.Row(in.readLong(), in.readDouble(), in.readDouble()));
            if (!Arrays.equals(in.readNBytes(END.length), END)) throw new IOException(file + " is damaged (no end marker)");
            return new MetaTrainer.State(step, theta, outer, members, history);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not fit this run's learned optimizer and tasks: " + e.getMessage(), e);
        }
    }

    private static void inner(TensorService ts, DataOutputStream out, InnerState s) throws IOException {
        out.writeInt(s.task());
        out.writeLong(s.dataKey().k0());
        out.writeLong(s.dataKey().k1());
        out.writeLong(s.episode());
        out.writeLong(s.iteration());
        out.writeLong(s.length());
        tensors(ts, out, s.params());
        tensors(ts, out, s.optState());
    }

    private static InnerState inner(Ops o, DataInputStream in, Path file, LearnedOptimizer lopt, Frozen theta, TaskDistribution tasks)
            throws IOException {
        int t = in.readInt();
        if (t < 0 || t >= tasks.tasks().size()) throw new IOException(file + ": task index " + t + " but the run has "
                + tasks.tasks().size() + " tasks");
        RandomKey key = new RandomKey(in.readLong(), in.readLong());
        long episode = in.readLong(), iteration = in.readLong(), length = in.readLong();
        OptimizationTask task = tasks.tasks().get(t);
        Object like = Shapes.params(o, task);
        Frozen params = Frozen.like(like, o, tensors(o.tensors(), in, file));
        Frozen state = Frozen.like(Shapes.optState(o, lopt, theta, length, like), o, tensors(o.tensors(), in, file));
        return new InnerState(t, key, episode, iteration, length, params, state);
    }

    private static void tensors(TensorService ts, DataOutputStream out, Frozen f) throws IOException {
        out.writeInt(f.leaves().size());
        for (Tensor t : f.leaves()) {
            if (t.dtype() != DType.FLOAT64 && t.dtype() != DType.INT64) {
                throw new IllegalStateException("meta-training state holds a " + t.dtype() + " tensor; only float64 and int64 are saved");
            }
            out.writeByte(t.dtype() == DType.FLOAT64 ? 0 : 1);
            int[] shape = t.shape().toArray();
            out.writeInt(shape.length);
            for (int d : shape) out.writeInt(d);
            for (double v : ts.toDoubleArray(t)) out.writeDouble(v);
        }
    }

    private static List<Tensor> tensors(TensorService ts, DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 5) throw new IOException(file + ": bad tensor count " + n + " (damaged file)");
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = in.readByte();
            int rank = in.readInt();
            if ((kind != 0 && kind != 1) || rank < 0 || rank > 16) throw new IOException(file + ": tensor " + i + " is damaged");
            int[] shape = new int[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readInt();
                size *= Math.max(shape[d], 0);
                if (shape[d] < 0 || size * Double.BYTES > in.available()) throw new IOException(file + ": tensor " + i + " is damaged");
            }
            double[] v = new double[(int) size];
            for (int k = 0; k < v.length; k++) v[k] = in.readDouble();
            if (kind == 0) {
                out.add(ts.fromArray(v, shape));
            } else {
                long[] l = new long[v.length];
                for (int k = 0; k < l.length; k++) l[k] = (long) v[k];
                out.add(ts.fromArray(l, shape));
            }
        }
        return out;
    }
}
