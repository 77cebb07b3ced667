package org.polymorph.optimizers.internal.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The training checkpoint {@value #FILE} of nn.train: everything needed to continue a run bit for bit, as
 * the payload of a core checkpoint ({@link org.polymorph.core.run.Checkpoint}: its header holds the run's
 * parameters, which the core resume rule checks). Written atomically (temporary name, then rename), so the
 * file is either whole or absent.
 *
 * <p>Payload (version {@value #VERSION}), big-endian as {@link DataOutputStream} writes it:
 * <pre>
 *   long      step: number of completed optimizer steps
 *   int P     then P tensors: the model parameters, in Trees.flatten order
 *   int S     then S tensors: the optimizer state leaves (step count, moments), in Trees.flatten order
 *   int H     then H rows of the loss history: long step, double loss, double train_acc, double test_acc
 *             (NaN where not evaluated)
 *   8 bytes   end marker "PMCKEND."
 * tensor:
 *   UTF dtype id (float64, float32, int64, int32, bool), int rank, rank ints (dims),
 *   then size() doubles, row-major (float32 and integer values are exact as doubles; bool is 0/1)
 * </pre>
 */
record Checkpoint(long step, List<Tensor> params, List<Tensor> state, List<Row> history) {
    static final String FILE = "checkpoint.bin";
    static final int VERSION = 1;
    private static final byte[] END = "PMCKEND.".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of one history row: step (long), loss, train and test accuracy (double). */
    private static final int ROW_BYTES = 32;

    Checkpoint {
        params = List.copyOf(params);
        state = List.copyOf(state);
        history = List.copyOf(history);
    }

    /** Writes {@value #FILE} into {@code dir} atomically, with the parameters {@code run} of {@code method} in its header. */
    Path write(TensorService ts, RunDirectory dir, Method method, Params run) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(step);
            writeTensors(ts, out, params);
            writeTensors(ts, out, state);
            out.writeInt(history.size());
            for (Row r : history) {
                out.writeLong(r.step());
                out.writeDouble(r.loss());
                out.writeDouble(r.trainAcc());
                out.writeDouble(r.testAcc());
            }
            out.write(END);
        }
        return org.polymorph.core.run.Checkpoint.write(dir, FILE, method, run, VERSION, bytes.toByteArray());
    }

    /** Reads a checkpoint file; a truncated or foreign file is an IOException naming the file. */
    static Checkpoint read(TensorService ts, Path file) throws IOException {
        if (!org.polymorph.core.run.Checkpoint.recognises(file)) throw new IOException(file + " is not an nn.train checkpoint (bad magic)");
        try {
            return of(ts, org.polymorph.core.run.Checkpoint.read(file), file);
        } catch (BadInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The state in {@code c}'s payload; an IOException naming {@code file} when it is of another version, truncated or damaged. */
    static Checkpoint of(TensorService ts, org.polymorph.core.run.Checkpoint c, Path file) throws IOException {
        if (c.payloadVersion() != VERSION) throw new IOException(file + " has payload version " + c.payloadVersion() + "; this build reads " + VERSION);
        try (DataInputStream in = c.payloadStream()) {
            long step = in.readLong();
            List<Tensor> params = readTensors(ts, in, file);
            List<Tensor> state = readTensors(ts, in, file);
            int h = in.readInt();
            if (h < 0 || (long) h * ROW_BYTES > in.available()) throw new IOException(file + ": history length " + h + " does not fit the "
                    + in.available() + " bytes left (damaged file)");
            List<Row> history = new ArrayList<>(h);
            for (int i = 0; i < h; i++) history.add(new Row(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble()));
            if (!Arrays.equals(in.readNBytes(END.length), END)) throw new IOException(file + " is damaged (no end marker)");
            return new Checkpoint(step, params, state, history);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        } catch (UTFDataFormatException e) {
            throw new IOException(file + " is damaged (a dtype name that is not UTF-8)", e);
        }
    }

    private static void writeTensors(TensorService ts, DataOutputStream out, List<Tensor> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (Tensor t : tensors) {
            out.writeUTF(t.dtype().id());
            int[] shape = t.shape().toArray();
            out.writeInt(shape.length);
            for (int d : shape) out.writeInt(d);
            double[] data = t.dtype() == DType.BOOL ? bools(ts.toBooleanArray(t)) : ts.toDoubleArray(t);
            for (double v : data) out.writeDouble(v);
        }
    }

    private static double[] bools(boolean[] b) {
        double[] d = new double[b.length];
        for (int i = 0; i < b.length; i++) d[i] = b[i] ? 1 : 0;
        return d;
    }

    private static List<Tensor> readTensors(TensorService ts, DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        // each tensor takes at least 6 bytes (dtype name, rank): a count beyond that is damage, not a list to allocate
        if (n < 0 || n > in.available() / 6) throw new IOException(file + ": bad tensor count " + n + " (damaged file)");
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DType dtype;
            try {
                dtype = DType.parse(in.readUTF());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": tensor " + i + ": " + e.getMessage(), e);
            }
            int rank = in.readInt();
            if (rank < 0 || rank > 16) throw new IOException(file + ": tensor " + i + " has bad rank " + rank);
            int[] shape = new int[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readInt();
                if (shape[d] < 0) throw new IOException(file + ": tensor " + i + " has a negative dimension");
                size *= shape[d];
                // checked per axis, so that the product cannot overflow: 8 bytes per value must still be in the file
                if (size * Double.BYTES > in.available()) {
                    throw new IOException(file + ": tensor " + i + " of shape " + Arrays.toString(Arrays.copyOf(shape, d + 1)) + "... needs more than the "
                            + in.available() + " bytes left (damaged file)");
                }
            }
            double[] data = new double[(int) size];
            for (int k = 0; k < data.length; k++) data[k] = in.readDouble();
            out.add(tensor(ts, dtype, data, shape));
        }
        return out;
    }

    static Tensor tensor(TensorService ts, DType dtype, double[] data, int[] shape) {
        switch (dtype) {
            case FLOAT64: return ts.fromArray(data, shape);
            case FLOAT32: {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
                return ts.fromArray(f, shape);
            }
            case INT64: {
                long[] l = new long[data.length];
                for (int i = 0; i < l.length; i++) l[i] = (long) data[i];
                return ts.fromArray(l, shape);
            }
            case INT32: {
                int[] v = new int[data.length];
                for (int i = 0; i < v.length; i++) v[i] = (int) data[i];
                return ts.fromArray(v, shape);
            }
            default: {
                boolean[] b = new boolean[data.length];
                for (int i = 0; i < b.length; i++) b[i] = data[i] != 0;
                return ts.fromArray(b, shape);
            }
        }
    }
}
