package org.polymorph.autodiff.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Saves and loads pytrees of tensors (parameters, optimiser or BatchNorm state).
 *
 * <p>File format, version 1, all numbers big-endian:
 * <pre>
 * magic    8 bytes  ASCII "PMPARAMS"
 * version  int32    1
 * count    int32    number of entries
 * entry ×count:
 *   name   uint16 length + UTF-8 bytes   the leaf's path, e.g. "0/w", "layers/2/stats/mean"
 *   dtype  uint8    0 float64, 1 float32, 2 int32, 3 int64, 4 bool
 *   rank   uint8
 *   dims   int32 × rank
 *   data   row-major elements: float64/int64 8 bytes, float32/int32 4 bytes, bool 1 byte
 * crc      int64    CRC-32 of every byte before it
 * </pre>
 * Paths join, with '/', list and array indices, map keys ({@code toString}) and record component
 * names, in the order of {@link Trees#flatten}. Writes go to a temporary file in the same
 * directory, which is then atomically renamed over the target. {@link #write} and {@link #readStored}
 * read and write the same format without a tensor service (plain Java arrays).
 */
public final class ParamStore {
    static final byte[] MAGIC = "PMPARAMS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final DType[] CODES = {DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL};

    private final Ops ops;

    public ParamStore(Ops ops) { this.ops = ops; }

    /** Writes the leaves of {@code tree} to {@code file}, replacing it atomically. */
    public void save(Path file, Object tree) throws IOException {
        write(file, entries(tree));
    }

    /**
     * The leaves of {@code tree} in this file format, as bytes (for a container such as a run's checkpoint).
     *
     * @since 1.2.0
     */
    public byte[] toBytes(Object tree) {
        return encode(entries(tree));
    }

    /**
     * A tree of {@code like}'s structure with the values of {@code data} (bytes of {@link #toBytes}), checked as {@link #load} checks
     * a file; {@code where} names the data in messages.
     *
     * @since 1.2.0
     */
    public <T> T fromBytes(byte[] data, T like, String where) {
        return load(decode(data, where), like, where + ": ");
    }

    private Map<String, Stored> entries(Object tree) {
        List<Var> leaves = Trees.flatten(tree, ops).leaves();
        List<String> names = paths(tree);
        Map<String, Stored> entries = new LinkedHashMap<>();
        for (int i = 0; i < leaves.size(); i++) entries.put(names.get(i), stored(leaves.get(i).value()));
        return entries;
    }

    /**
     * One entry without a tensor service: dtype, shape and the row-major elements as a Java array of the
     * dtype's kind (double[], float[], int[], long[] or boolean[]).
     */
    public record Stored(DType dtype, int[] shape, Object data) {
        public Stored {
            long size = 1;
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException("ParamStore: negative length in shape " + Arrays.toString(shape));
                size *= d;
            }
            Class<?> want = switch (dtype) {
                case FLOAT64 -> double[].class;
                case FLOAT32 -> float[].class;
                case INT32 -> int[].class;
                case INT64 -> long[].class;
                case BOOL -> boolean[].class;
            };
            if (data == null || data.getClass() != want || Array.getLength(data) != size) {
                throw new IllegalArgumentException("ParamStore: a " + dtype + " entry of shape " + Arrays.toString(shape) + " needs a "
                        + want.getSimpleName() + " of " + size + " elements, got " + (data == null ? "null" : data.getClass().getSimpleName()
                        + " of " + Array.getLength(data)));
            }
            shape = shape.clone();
        }

        @Override public int[] shape() { return shape.clone(); }

        /** The elements as doubles (any numeric dtype). */
        public double[] doubles() {
            int n = Array.getLength(data);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                Object v = Array.get(data, i);
                out[i] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
            }
            return out;
        }
    }

    /** Writes {@code entries} (name → stored array, in map order) to {@code file} in this format, replacing it atomically. */
    public static void write(Path file, Map<String, Stored> entries) throws IOException {
        byte[] bytes = encode(entries);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                os.write(bytes);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] encode(Map<String, Stored> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            for (Map.Entry<String, Stored> e : entries.entrySet()) writeEntry(out, e.getKey(), e.getValue());
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The entries of {@code file} by name, in file order. */
    public Map<String, Tensor> read(Path file) throws IOException {
        return tensors(readStored(file));
    }

    private Map<String, Tensor> tensors(Map<String, Stored> stored) {
        TensorService ts = ops.tensors();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Stored> e : stored.entrySet()) out.put(e.getKey(), tensor(ts, e.getValue()));
        return out;
    }

    /** The entries of {@code file} by name, in file order, without a tensor service; IllegalArgumentException naming the file and the entry when it is malformed. */
    public static Map<String, Stored> readStored(Path file) throws IOException {
        return decode(Files.readAllBytes(file), "parameter file " + file);
    }

    private static Map<String, Stored> decode(byte[] data, String what) {
        String where = what + ": ";
        if (data.length < MAGIC.length + 16 || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(where + "not a parameter file (bad magic or shorter than the header, "
                    + data.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(data, 0, data.length - 8);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) throw new IllegalArgumentException(where + "unsupported version " + version + "; this reader knows " + VERSION);
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(where + "checksum mismatch (truncated or corrupt file)");
        }
        int count = buf.getInt();
        Map<String, Stored> out = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                int at = buf.position();
                String name = readName(buf);
                if (out.put(name, readEntry(buf, where + "entry '" + name + "' at byte " + at + ": ")) != null) {
                    throw new IllegalArgumentException(where + "duplicate entry '" + name + "'");
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(where + "truncated: " + count + " entries announced, data ends after " + out.size(), e);
        }
        if (buf.hasRemaining()) throw new IllegalArgumentException(where + buf.remaining() + " unexpected bytes after the last entry");
        return out;
    }

    /**
     * A tree of {@code like}'s structure with the values of {@code file}. Names, dtypes and shapes
     * must match {@code like}'s leaves exactly; otherwise IllegalArgumentException naming the file
     * and the first difference.
     */
    public <T> T load(Path file, T like) throws IOException {
        return load(readStored(file), like, "parameter file " + file + ": ");
    }

    @SuppressWarnings("unchecked")
    private <T> T load(Map<String, Stored> stored, T like, String where) {
        Map<String, Tensor> entries = tensors(stored);
        Trees.Flat flat = Trees.flatten(like, ops);
        List<String> names = paths(like);
        if (!entries.keySet().equals(new java.util.HashSet<>(names))) {
            List<String> missing = new ArrayList<>(names);
            missing.removeAll(entries.keySet());
            List<String> extra = new ArrayList<>(entries.keySet());
            extra.removeAll(names);
            throw new IllegalArgumentException(where + "entries do not match the expected tree; missing " + missing + ", unexpected " + extra);
        }
        List<Var> leaves = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Tensor t = entries.get(names.get(i));
            Var want = flat.leaves().get(i);
            if (t.dtype() != want.dtype() || !t.shape().equals(want.shape())) {
                throw new IllegalArgumentException(where + "entry '" + names.get(i) + "' is " + t.dtype() + " " + t.shape()
                        + ", expected " + want.dtype() + " " + want.shape());
            }
            leaves.add(ops.constant(t));
        }
        return (T) Trees.unflatten(flat.def(), leaves);
    }

    private Stored stored(Tensor t) {
        TensorService ts = ops.tensors();
        int[] shape = t.shape().toArray();
        return switch (t.dtype()) {
            case FLOAT64 -> new Stored(t.dtype(), shape, ts.toDoubleArray(t));
            case FLOAT32 -> new Stored(t.dtype(), shape, ts.toFloatArray(t));
            case INT32 -> new Stored(t.dtype(), shape, ts.toIntArray(t));
            case INT64 -> new Stored(t.dtype(), shape, ts.toLongArray(t));
            case BOOL -> new Stored(t.dtype(), shape, ts.toBooleanArray(t));
        };
    }

    private static Tensor tensor(TensorService ts, Stored s) {
        return switch (s.dtype()) {
            case FLOAT64 -> ts.fromArray((double[]) s.data(), s.shape());
            case FLOAT32 -> ts.fromArray((float[]) s.data(), s.shape());
            case INT32 -> ts.fromArray((int[]) s.data(), s.shape());
            case INT64 -> ts.fromArray((long[]) s.data(), s.shape());
            case BOOL -> ts.fromArray((boolean[]) s.data(), s.shape());
        };
    }

    private static void writeEntry(DataOutputStream out, String name, Stored t) throws IOException {
        byte[] utf = name.getBytes(StandardCharsets.UTF_8);
        if (utf.length > 0xFFFF) throw new IllegalArgumentException("ParamStore: name too long (" + utf.length + " bytes): " + name.substring(0, 80) + "...");
        out.writeShort(utf.length);
        out.write(utf);
        out.writeByte(Arrays.asList(CODES).indexOf(t.dtype()));
        out.writeByte(t.shape.length);
        for (int d : t.shape) out.writeInt(d);
        switch (t.dtype()) {
            case FLOAT64 -> { for (double v : (double[]) t.data()) out.writeDouble(v); }
            case FLOAT32 -> { for (float v : (float[]) t.data()) out.writeFloat(v); }
            case INT32 -> { for (int v : (int[]) t.data()) out.writeInt(v); }
            case INT64 -> { for (long v : (long[]) t.data()) out.writeLong(v); }
            case BOOL -> { for (boolean v : (boolean[]) t.data()) out.writeByte(v ? 1 : 0); }
        }
    }

    private static String readName(ByteBuffer buf) {
        byte[] utf = new byte[buf.getShort() & 0xFFFF];
        buf.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }

    private static Stored readEntry(ByteBuffer buf, String where) {
        int code = buf.get() & 0xFF;
        if (code >= CODES.length) throw new IllegalArgumentException(where + "unknown dtype code " + code);
        DType dtype = CODES[code];
        int[] shape = new int[buf.get() & 0xFF];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = buf.getInt();
            if (shape[i] < 0) throw new IllegalArgumentException(where + "negative length " + shape[i] + " on axis " + i);
            size *= shape[i];
            if (size * dtype.byteSize() > buf.remaining()) {
                throw new IllegalArgumentException(where + "shape " + Arrays.toString(Arrays.copyOf(shape, i + 1))
                        + "... needs more bytes than the " + buf.remaining() + " left (truncated or corrupt)");
            }
        }
        int n = (int) size;
        return switch (dtype) {
            case FLOAT64 -> { double[] d = new double[n]; buf.asDoubleBuffer().get(d); skip(buf, n, 8); yield new Stored(dtype, shape, d); }
            case FLOAT32 -> { float[] d = new float[n]; buf.asFloatBuffer().get(d); skip(buf, n, 4); yield new Stored(dtype, shape, d); }
            case INT32 -> { int[] d = new int[n]; buf.asIntBuffer().get(d); skip(buf, n, 4); yield new Stored(dtype, shape, d); }
            case INT64 -> { long[] d = new long[n]; buf.asLongBuffer().get(d); skip(buf, n, 8); yield new Stored(dtype, shape, d); }
            case BOOL -> {
                boolean[] d = new boolean[n];
                for (int i = 0; i < n; i++) d[i] = buf.get() != 0;
                yield new Stored(dtype, shape, d);
            }
        };
    }

    private static void skip(ByteBuffer buf, int n, int bytes) { buf.position(buf.position() + n * bytes); }

    /** Leaf paths in {@link Trees#flatten} order; duplicates (e.g. a map key containing '/') are rejected. */
    static List<String> paths(Object tree) {
        List<String> out = new ArrayList<>();
        walk(tree, "", out);
        if (new java.util.HashSet<>(out).size() != out.size()) throw new IllegalArgumentException("ParamStore: leaf paths collide: " + out);
        return out;
    }

    private static void walk(Object node, String prefix, List<String> out) {
        if (node instanceof Var || node instanceof Tensor) {
            out.add(prefix.isEmpty() ? "value" : prefix);
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) walk(l.get(i), join(prefix, String.valueOf(i)), out);
        } else if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) walk(e.getValue(), join(prefix, String.valueOf(e.getKey())), out);
        } else if (node != null && node.getClass().isArray() && !node.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(node); i++) walk(Array.get(node, i), join(prefix, String.valueOf(i)), out);
        } else if (node != null && node.getClass().isRecord()) {
            for (RecordComponent rc : node.getClass().getRecordComponents()) {
                try {
                    walk(rc.getAccessor().invoke(node), join(prefix, rc.getName()), out);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("ParamStore: cannot read " + rc.getName() + " of " + node.getClass().getName(), e);
                }
            }
        }
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "/" + name; }
}
