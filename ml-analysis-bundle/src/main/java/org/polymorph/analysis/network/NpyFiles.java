package org.polymorph.analysis.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy's {@code .npy} (format 1.0, 2.0 and 3.0) and {@code .npz} (a zip of {@code <name>.npy}) files, so numpy users
 * read what we write and we read what they write. Writes little-endian, C order: float64 {@code <f8}, float32
 * {@code <f4}, int64 {@code <i8}, int32 {@code <i4}, bool {@code |b1}; reads the same and Fortran order. Files are
 * written to a temporary name and renamed ({@link RunDirectory}). Reference: numpy {@code lib/format.py} (NEP 1).
 * Unreadable or malformed files throw {@link BadInputException} naming the file, the problem and the fix.
 */
public final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFiles() { }

    /** Reads one {@code .npy} file. */
    public static Tensor read(TensorService ts, Path file) {
        return decode(ts, bytes(file), file.toString());
    }

    /** Writes {@code t} as a {@code .npy} file (format 1.0, or 2.0 for a header over 64 KiB). */
    public static void write(TensorService ts, Path file, Tensor t) {
        byte[] data = encode(ts, t);
        atomically(file, out -> out.write(data));
    }

    /** The arrays of an {@code .npz} file by name (the entry name without {@code .npy}), in file order. */
    public static Map<String, Tensor> readNpz(TensorService ts, Path file) {
        if (!Files.isRegularFile(file)) throw missing(file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, decode(ts, in.readAllBytes(), file + " (array '" + name + "')"));
                }
            }
        } catch (ZipException e) {
            throw bad(file.toString(), "is not an .npz archive (" + e.getMessage() + ")", "write it with numpy.savez or numpy.savez_compressed");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return out;
    }

    /** Writes the arrays as an {@code .npz} archive (entries {@code <name>.npy}, deflated, as numpy.savez_compressed). */
    public static void writeNpz(TensorService ts, Path file, Map<String, Tensor> arrays) {
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        arrays.forEach((name, t) -> encoded.put(name, encode(ts, t)));
        atomically(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** params.npz layout: "<layer index>.w", "<layer index>.b" (stax layouts: dense (in, out), conv HWIO). */
    public static Map<String, Tensor> flatten(List<Map<String, Tensor>> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (Map.Entry<String, Tensor> e : new TreeMap<>(params.get(i)).descendingMap().entrySet()) {
                out.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The inverse of {@link #flatten} for {@code network}; BadInputException on a missing, unknown or wrongly shaped array. */
    public static List<Map<String, Tensor>> unflatten(Map<String, Tensor> arrays, Network network) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        int used = 0;
        for (int i = 0; i < network.spec().layers().size(); i++) {
            int[][] shapes = network.paramShapes(i);
            Map<String, Tensor> p = new LinkedHashMap<>();
            if (shapes != null) {
                String layer = network.spec().layers().get(i).text();
                for (int k = 0; k < 2; k++) {
                    String name = i + "." + (k == 0 ? "w" : "b");
                    Tensor t = arrays.get(name);
                    if (t == null) {
                        throw new BadInputException("parameter 'params': array '" + name + "' for layer " + i + " '" + layer
                                + "' is missing; add it with shape " + Arrays.toString(shapes[k]) + " (params.npz holds arrays <layer index>.w and"
                                + " .b, e.g. numpy.savez(f, **{'" + name + "': a}))", "params", name, "add array '" + name + "' of shape " + Arrays.toString(shapes[k]));
                    }
                    if (!Arrays.equals(t.shape().toArray(), shapes[k])) {
                        throw new BadInputException("parameter 'params': array '" + name + "' for layer " + i + " '" + layer
                                + "' has shape " + t.shape() + "; it must be " + Arrays.toString(shapes[k])
                                + (k == 0 ? (shapes[k].length == 2 ? " (in, out)" : " (kh, kw, cin, cout)") : " (out)"),
                                "params", name, "give shape " + Arrays.toString(shapes[k]));
                    }
                    p.put(k == 0 ? "w" : "b", t);
                    used++;
                }
            }
            out.add(Map.copyOf(p));
        }
        if (used != arrays.size()) {
            List<String> extra = arrays.keySet().stream().filter(n -> !n.matches("\\d+\\.[wb]") || !known(n, network)).toList();
            throw new BadInputException("parameter 'params': arrays " + extra + " belong to no dense or conv layer of "
                    + network.spec().text() + "; remove them or fix the layers", "params", String.join(",", extra),
                    "remove them or fix the layers");
        }
        return List.copyOf(out);
    }

    private static boolean known(String name, Network network) {
        int i = Integer.parseInt(name.substring(0, name.indexOf('.')));
        return i < network.spec().layers().size() && network.paramShapes(i) != null;
    }

    // ---- encoding ----

    static byte[] encode(TensorService ts, Tensor t) {
        int[] shape = t.shape().toArray();
        String descr;
        int width;
        switch (t.dtype()) {
            case FLOAT64 -> { descr = "<f8"; width = 8; }
            case FLOAT32 -> { descr = "<f4"; width = 4; }
            case INT64 -> { descr = "<i8"; width = 8; }
            case INT32 -> { descr = "<i4"; width = 4; }
            case BOOL -> { descr = "|b1"; width = 1; }
            default -> throw new IllegalArgumentException("no .npy type for dtype " + t.dtype());
        }
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ", Arrays.stream(shape).mapToObj(String::valueOf).toList());
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        // numpy pads the header with spaces and a final newline so that the data starts at a multiple of 64 bytes
        int v1 = MAGIC.length + 2 + 2;
        boolean version2 = v1 + dict.length() + 1 > 65535;
        int prefix = version2 ? MAGIC.length + 2 + 4 : v1;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded + (int) t.size() * width).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) (version2 ? 2 : 1)).put((byte) 0);
        if (version2) buf.putInt(header.length());
        else buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        switch (t.dtype()) {
            case FLOAT64 -> { for (double v : ts.toDoubleArray(t)) buf.putDouble(v); }
            case FLOAT32 -> { for (float v : ts.toFloatArray(t)) buf.putFloat(v); }
            case INT64 -> { for (long v : ts.toLongArray(t)) buf.putLong(v); }
            case INT32 -> { for (int v : ts.toIntArray(t)) buf.putInt(v); }
            default -> { for (boolean v : ts.toBooleanArray(t)) buf.put((byte) (v ? 1 : 0)); }
        }
        return buf.array();
    }

    // ---- decoding ----

    static Tensor decode(TensorService ts, byte[] b, String what) {
        String fix = "write it with numpy.save (a little-endian float64, float32, int64, int32 or bool array)";
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) throw bad(what, "is not an .npy file (no \\x93NUMPY magic)", fix);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        buf.position(8);
        int headerLen;
        if (major == 1) headerLen = Short.toUnsignedInt(buf.getShort());
        else if (major == 2 || major == 3) headerLen = buf.getInt();
        else throw bad(what, "has .npy format version " + major + "." + b[7] + ", which is not 1, 2 or 3", fix);
        if (headerLen < 0 || buf.position() + headerLen > b.length) throw bad(what, "is truncated in its header", fix);
        String header = new String(b, buf.position(), headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + headerLen);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw bad(what, "has a malformed header '" + header.trim() + "'", fix);
        int[] shape = parseShape(s.group(1), what, fix);
        boolean fortran = f.group(1).equals("True");
        int[] stored = fortran ? reversed(shape) : shape;
        long n = 1;
        for (int x : shape) n *= x;
        String descr = d.group(1);
        int width = switch (descr) {
            case "<f8", "<i8" -> 8;
            case "<f4", "<i4" -> 4;
            case "|b1" -> 1;
            default -> throw bad(what, "holds dtype '" + descr + "'" + (descr.startsWith(">") ? " (big-endian)" : ""),
                    "convert it with numpy: a.astype('<f8') before numpy.save");
        };
        if (buf.remaining() != n * width) {
            throw bad(what, "has " + buf.remaining() + " data bytes but its header says " + n + " values of " + width + " bytes"
                    + " (shape " + Arrays.toString(shape) + ")", fix);
        }
        Tensor t = switch (descr) {
            case "<f8" -> { double[] v = new double[(int) n]; buf.asDoubleBuffer().get(v); yield ts.fromArray(v, stored); }
            case "<f4" -> { float[] v = new float[(int) n]; buf.asFloatBuffer().get(v); yield ts.fromArray(v, stored); }
            case "<i8" -> { long[] v = new long[(int) n]; buf.asLongBuffer().get(v); yield ts.fromArray(v, stored); }
            case "<i4" -> { int[] v = new int[(int) n]; buf.asIntBuffer().get(v); yield ts.fromArray(v, stored); }
            default -> {
                boolean[] v = new boolean[(int) n];
                for (int i = 0; i < n; i++) v[i] = buf.get() != 0;
                yield ts.fromArray(v, stored);
            }
        };
        return fortran && shape.length > 1 ? ts.transpose(t) : t;
    }

    private static int[] parseShape(String text, String what, String fix) {
        String[] parts = text.trim().split("\\s*,\\s*");
        List<Integer> dims = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) continue;
            try {
                int v = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                if (v < 0) throw new NumberFormatException();
                dims.add(v);
            } catch (NumberFormatException e) {
                throw bad(what, "has a malformed shape '(" + text + ")'", fix);
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static void atomically(Path file, RunDirectory.IoWriter writer) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            RunDirectory.create(abs.getParent()).write(abs.getFileName().toString(), writer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    private static BadInputException missing(Path file) {
        return new BadInputException("file '" + file + "' does not exist; give the path of an existing file",
                "file", file.toString(), "give the path of an existing file");
    }

    private static BadInputException bad(String what, String problem, String fix) {
        return new BadInputException("file '" + what + "' " + problem + "; " + fix, "file", what, fix);
    }
}
