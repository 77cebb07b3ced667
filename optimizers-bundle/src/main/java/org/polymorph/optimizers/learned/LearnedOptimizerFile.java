package org.polymorph.optimizers.learned;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.ServiceCatalog;

/**
 * The self-describing learned-optimizer file: architecture, configuration, provenance and the
 * meta-parameters θ, versioned and checksummed. Layout (version {@value #VERSION}), big-endian:
 * <pre>
 *   8 bytes   magic "PMLOPT1\n"
 *   int H     then H bytes of UTF-8 JSON header:
 *             {"format_version": 1, "architecture": name, "config": {...}, "provenance": {...},
 *              "tensors": [{"name": "w0", "shape": [19, 32]}, ...]}
 *   doubles   the float64 values of each tensor of the header, in its order, row-major
 *   32 bytes  SHA-256 of all the bytes before it
 * </pre>
 * Written to a temporary file beside the target and renamed over it, so a reader sees the old
 * file or the whole new one. Reading checks the magic, the version, the lengths and the checksum,
 * and builds the optimizer through the registered architecture of that name.
 */
public final class LearnedOptimizerFile {
    /** The format version this class writes, and the newest it reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "PMLOPT1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    private LearnedOptimizerFile() { }

    /**
     * A file read back: the learned optimizer its architecture service built from the stored
     * configuration, the provenance, and θ as named float64 arrays with their shapes.
     */
    public record Loaded(Path path, LearnedOptimizer optimizer, Map<String, Object> provenance,
                         Map<String, int[]> shapes, Map<String, double[]> values) {
        /** θ as the pytree the architecture takes: a map name → float64 constant of {@code ops}, in file order. */
        public Map<String, Var> theta(Ops ops) {
            Map<String, Var> out = new LinkedHashMap<>();
            shapes.forEach((k, s) -> out.put(k, ops.constant(values.get(k), s)));
            return out;
        }
    }

    /**
     * Writes {@code lopt} with meta-parameters {@code theta} (a map name → Var) and
     * {@code provenance} (JSON-able: who trained it, on what, for how long) to {@code path}, atomically.
     *
     * @throws IllegalArgumentException if θ is not a map of tensors, or a value is not finite
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path path, LearnedOptimizer lopt, Object theta, Map<String, Object> provenance) throws IOException {
        if (!(theta instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException("learned-optimizer file: θ must be a non-empty map of named tensors");
        }
        List<Map<String, Object>> tensors = new ArrayList<>();
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(weights)) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof Var v)) {
                    throw new IllegalArgumentException("learned-optimizer file: θ entry '" + e.getKey() + "' is not one tensor (a Var)");
                }
                double[] d = v.ops().tensors().toDoubleArray(v.value());
                for (double x : d) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("learned-optimizer file: θ entry '" + e.getKey() + "' holds " + x
                                + "; only finite meta-parameters can be saved");
                    }
                    out.writeDouble(x);
                }
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", String.valueOf(e.getKey()));
                t.put("shape", v.shape().toArray());
                tensors.add(t);
            }
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format_version", VERSION);
        header.put("architecture", lopt.architecture());
        header.put("config", lopt.config());
        header.put("provenance", provenance == null ? Map.of() : provenance);
        header.put("tensors", tensors);
        byte[] json = Json.write(header, false).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.write(MAGIC);
            out.writeInt(json.length);
            out.write(json);
            weights.writeTo(out);
        }
        byte[] body = all.toByteArray();
        byte[] file = Arrays.copyOf(body, body.length + DIGEST_BYTES);
        System.arraycopy(sha256(body, 0, body.length), 0, file, body.length, DIGEST_BYTES);
        Path abs = path.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, file);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads {@code path} and builds its optimizer with the architecture of that name from {@code architectures}.
     *
     * @throws BadInputException naming the file, what is wrong (missing, not such a file, truncated,
     *         corrupt, from a newer version, unknown architecture, bad configuration) and the fix
     */
    public static Loaded read(Path path, ServiceCatalog<LearnedOptimizerArchitecture> architectures) {
        byte[] b;
        try {
            b = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw bad(path, "no such file", "give the path of a file written by lopt.meta_train (or LearnedOptimizerFile.write)");
        } catch (IOException e) {
            throw bad(path, "cannot be read (" + e.getMessage() + ")", "check the path and its permissions");
        }
        if (b.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
            throw bad(path, "not a learned-optimizer file (it does not start with the learned-optimizer signature)",
                    "give a file written by lopt.meta_train");
        }
        if (b.length < MAGIC.length + 4 + DIGEST_BYTES) throw truncated(path);
        ByteBuffer buf = ByteBuffer.wrap(b);
        int h = buf.getInt(MAGIC.length);
        int start = MAGIC.length + 4;
        if (h < 2 || (long) start + h + DIGEST_BYTES > b.length) throw truncated(path);
        int end = b.length - DIGEST_BYTES;
        if (!MessageDigest.isEqual(sha256(b, 0, end), Arrays.copyOfRange(b, end, b.length))) {
            throw bad(path, "corrupt (its SHA-256 checksum does not match its content)",
                    "the file was changed or damaged after it was written; write it again or restore a copy");
        }
        Map<?, ?> header = header(path, new String(b, start, h, StandardCharsets.UTF_8));
        long version = header.get("format_version") instanceof Number n ? n.longValue() : -1;
        if (version > VERSION) {
            throw bad(path, "written in learned-optimizer format version " + version + " but this Polymorph reads up to "
                    + VERSION, "use a newer Polymorph to read it");
        }
        if (version < 1) throw bad(path, "has no valid format_version in its header", "write it again with lopt.meta_train");
        String arch = String.valueOf(header.get("architecture"));
        LearnedOptimizerArchitecture a = architectures.find(arch).orElseThrow(() -> bad(path,
                "needs the learned-optimizer architecture '" + arch + "', which is not registered now",
                architectures.names().isEmpty() ? "check that the optimizers bundle is active (lb)"
                        : "installed architectures: " + String.join(", ", architectures.names())));
        LearnedOptimizer lopt;
        try {
            lopt = a.create(map(header.get("config")));
        } catch (IllegalArgumentException e) {
            throw bad(path, "has a configuration that architecture '" + arch + "' rejects: " + e.getMessage(),
                    "write it again with a valid configuration");
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        int at = start + h;
        for (Object o : header.get("tensors") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> t = map(o);
            String name = String.valueOf(t.get("name"));
            double[] dims = Json.doubles(t.get("shape"));
            int[] shape = new int[dims.length];
            long size = 1;
            for (int i = 0; i < dims.length; i++) {
                shape[i] = (int) dims[i];
                size *= shape[i];
            }
            if (size < 0 || at + size * Double.BYTES > end) throw truncated(path);
            double[] v = new double[(int) size];
            for (int i = 0; i < v.length; i++, at += Double.BYTES) v[i] = buf.getDouble(at);
            shapes.put(name, shape);
            values.put(name, v);
        }
        if (at != end || shapes.isEmpty()) {
            throw bad(path, "has " + (end - at) + " bytes of weights its header does not describe", "write it again with lopt.meta_train");
        }
        return new Loaded(path, lopt, map(header.get("provenance")), shapes, values);
    }

    private static Map<?, ?> header(Path path, String json) {
        try {
            if (Json.parse(json) instanceof Map<?, ?> m) return m;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw bad(path, "has a header that is not a JSON object", "write it again with lopt.meta_train");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static BadInputException truncated(Path path) {
        return bad(path, "truncated (shorter than its header says)", "the write was interrupted or the copy is incomplete; copy or write it again");
    }

    private static BadInputException bad(Path path, String problem, String fix) {
        return new BadInputException("learned-optimizer file '" + path + "': " + problem + "; " + fix, "optimizer", String.valueOf(path), fix);
    }

    private static byte[] sha256(byte[] b, int from, int to) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, from, to - from);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
