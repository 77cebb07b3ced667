package org.polymorph.materials.internal.m3gnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A PyTorch state dict file ({@code torch.save(module.state_dict())}, e.g. matgl's {@code state.pt}) read without
 * PyTorch: a zip holding {@code <root>/data.pkl} (the pickled {@code OrderedDict} of name → tensor, read by
 * {@link Unpickler}), one raw storage per tensor in {@code <root>/data/<key>} and optionally {@code <root>/byteorder}
 * ({@code little} when absent). Float32 and float64 storages are read into double[] honouring each tensor's storage
 * offset, size and stride (PyTorch's {@code _rebuild_tensor_v2}). A corrupt, truncated or foreign file is an
 * IOException (zip level) or an IllegalArgumentException (content); nothing else escapes.
 */
public final class TorchState {
    /** One tensor: row-major values and shape (rank 0 for a scalar). */
    public record Array(double[] values, int[] shape) {
        /** The number of elements along {@code axis}. */
        public int dim(int axis) { return shape[axis]; }
    }

    private static final long MAX_ENTRY = 1L << 30;

    private TorchState() { }

    /** Every tensor of the state dict in file order. */
    public static Map<String, Array> read(Path file) throws IOException {
        try {
            return readZip(file);
        } catch (ArithmeticException | IndexOutOfBoundsException | ClassCastException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("inconsistent tensor data (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Array> readZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String root = root(zip);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = zip.getEntry(root + "byteorder");
            if (bo != null) {
                String s = new String(bytes(zip, bo), java.nio.charset.StandardCharsets.US_ASCII).trim();
                if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
                else if (!s.equals("little")) throw new IllegalArgumentException("byteorder entry says '" + s + "'; expected little or big");
            }
            Object dict;
            try {
                dict = Unpickler.load(bytes(zip, zip.getEntry(root + "data.pkl")));
            } catch (RuntimeException e) {
                throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException("malformed pickle: " + e, e);
            }
            if (!(dict instanceof Map<?, ?> m)) throw new IllegalArgumentException("the pickle holds no state dict (a name -> tensor mapping)");
            Map<String, Array> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof Unpickler.TensorRef t)) {
                    throw new IllegalArgumentException("state dict entry " + e.getKey() + " is not a named tensor");
                }
                out.put(name, array(zip, root, order, name, t));
            }
            return out;
        }
    }

    /** The folder prefix of {@code data.pkl} (e.g. {@code state/}). */
    private static String root(ZipFile zip) {
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
            String n = en.nextElement().getName();
            if (n.endsWith("data.pkl") && n.indexOf('/') == n.length() - "data.pkl".length() - 1) return n.substring(0, n.length() - "data.pkl".length());
        }
        throw new IllegalArgumentException("no <folder>/data.pkl inside: not a PyTorch file saved by torch.save");
    }

    private static byte[] bytes(ZipFile zip, ZipEntry e) throws IOException {
        if (e.getSize() > MAX_ENTRY) throw new IllegalArgumentException("entry " + e.getName() + " has " + e.getSize() + " bytes; too large for a state dict");
        try (InputStream in = zip.getInputStream(e)) {
            byte[] data = in.readNBytes((int) MAX_ENTRY + 1);
            if (data.length > MAX_ENTRY) throw new IllegalArgumentException("entry " + e.getName() + " is larger than 1 GiB");
            return data;
        }
    }

    private static Array array(ZipFile zip, String root, ByteOrder order, String name, Unpickler.TensorRef t) throws IOException {
        List<Object> pid = t.storage().id();
        if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Unpickler.Global type) || !(pid.get(2) instanceof String key)
                || !(pid.get(4) instanceof Long numel)) {
            throw new IllegalArgumentException("tensor " + name + " has a storage id " + pid + " that is not ('storage', type, key, location, numel)");
        }
        int width = switch (type.name()) {
            case "FloatStorage" -> 4;
            case "DoubleStorage" -> 8;
            default -> throw new IllegalArgumentException("tensor " + name + " is a " + type.name() + "; only float32 and float64 tensors are read");
        };
        ZipEntry entry = zip.getEntry(root + "data/" + key);
        if (entry == null) throw new IllegalArgumentException("tensor " + name + ": storage entry data/" + key + " is missing");
        byte[] raw = bytes(zip, entry);
        if (numel < 0 || numel * width > raw.length) {
            throw new IllegalArgumentException("tensor " + name + ": storage of " + numel + " elements but entry data/" + key + " has " + raw.length + " bytes");
        }
        int rank = t.size().length;
        if (t.stride().length != rank) throw new IllegalArgumentException("tensor " + name + ": " + rank + " sizes but " + t.stride().length + " strides");
        int[] shape = new int[rank];
        long count = 1;
        long last = t.offset();
        for (int a = 0; a < rank; a++) {
            long s = t.size()[a];
            if (s < 0 || s > Integer.MAX_VALUE || t.stride()[a] < 0) throw new IllegalArgumentException("tensor " + name + ": size " + s + ", stride " + t.stride()[a]);
            shape[a] = (int) s;
            count = Math.multiplyExact(count, s);
            if (s > 0) last = Math.addExact(last, Math.multiplyExact(s - 1, t.stride()[a]));
        }
        if (t.offset() < 0 || (count > 0 && last >= numel)) {
            throw new IllegalArgumentException("tensor " + name + " reaches element " + last + " of a storage of " + numel);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
        double[] values = new double[(int) count];
        int[] idx = new int[rank];
        for (int k = 0; k < values.length; k++) {
            long at = t.offset();
            for (int a = 0; a < rank; a++) at += idx[a] * t.stride()[a];
            values[k] = width == 4 ? buf.getFloat((int) at * 4) : buf.getDouble((int) at * 8);
            for (int a = rank - 1; a >= 0; a--) {                     // row-major increment
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
        return new Array(values, shape);
    }
}
