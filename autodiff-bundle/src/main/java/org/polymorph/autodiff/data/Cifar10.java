package org.polymorph.autodiff.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Loader for the CIFAR-10 binary format (Krizhevsky, "Learning Multiple Layers of Features from
 * Tiny Images", 2009; www.cs.toronto.edu/~kriz/cifar.html, "binary version"). Each file
 * ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}) is a sequence of
 * 3073-byte records: one label byte 0..9, then the 32x32 image channel-major, 1024 red bytes, 1024
 * green, 1024 blue, each plane row-major. The loader returns NHWC features {@code [n, 32, 32, 3]}
 * scaled to [0, 1] and INT64 labels {@code [n]}.
 */
public final class Cifar10 {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    /** Bytes per record: 1 label + 32 * 32 * 3 pixels. */
    public static final int RECORD_BYTES = 1 + SIDE * SIDE * CHANNELS;
    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private static final String FIX = "download cifar-10-binary.tar.gz from www.cs.toronto.edu/~kriz/cifar.html and extract it; "
            + "pass the cifar-10-batches-bin directory (or its parent)";

    private Cifar10() {}

    /**
     * The standard files in {@code dir} or in {@code dir/cifar-10-batches-bin}: every
     * {@code data_batch_<k>.bin} in order of k when {@code train}, else {@code test_batch.bin}.
     * Named {@code cifar10-train} or {@code cifar10-test}.
     */
    public static Dataset loadDirectory(TensorService ts, Path dir, boolean train, DType dtype) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("CIFAR-10 directory " + dir + " does not exist or is not a directory; " + FIX);
        }
        Path nested = dir.resolve("cifar-10-batches-bin");
        Path base = Files.isDirectory(nested) ? nested : dir;
        List<Path> files = new ArrayList<>();
        if (train) {
            try (Stream<Path> s = Files.list(base)) {
                s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin"))
                        .sorted(Comparator.comparingInt(Cifar10::batchNumber)).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + base + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(base.resolve("test_batch.bin"))) {
            files.add(base.resolve("test_batch.bin"));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("CIFAR-10 directory " + base + " has no " + (train ? "data_batch_<k>.bin" : "test_batch.bin")
                    + " file; " + FIX);
        }
        return load(ts, files, dtype, train ? "cifar10-train" : "cifar10-test");
    }

    /** The records of {@code files}, concatenated in the given order. */
    public static Dataset load(TensorService ts, List<Path> files, DType dtype, String name) {
        DataFiles.requireFloat(dtype);
        if (files.isEmpty()) throw new IllegalArgumentException("CIFAR-10 dataset '" + name + "': the file list is empty; " + FIX);
        List<byte[]> parts = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            byte[] b = DataFiles.read(f, FIX);
            validate(b, f);
            parts.add(b);
            total += b.length;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("CIFAR-10 dataset '" + name + "': " + total + " bytes exceed one Java array; load fewer files");
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        int n = all.length / RECORD_BYTES;
        long[] y = new long[n];
        for (int r = 0; r < n; r++) y[r] = all[r * RECORD_BYTES];
        int plane = SIDE * SIDE, image = plane * CHANNELS;
        // NHWC element i = (r, h, w, c) reads byte 1 + c * 1024 + h * 32 + w of record r.
        Tensor x = DataFiles.pixels(ts, dtype, all, i -> {
            int r = i / image, rem = i % image;
            int h = rem / (SIDE * CHANNELS), w = (rem / CHANNELS) % SIDE, c = rem % CHANNELS;
            return r * RECORD_BYTES + 1 + c * plane + h * SIDE + w;
        }, n, SIDE, SIDE, CHANNELS);
        return new Dataset(x, ts.fromArray(y, n), CLASS_NAMES.size(), name);
    }

    private static void validate(byte[] b, Path file) {
        if (b.length == 0) {
            throw new IllegalArgumentException("file " + file + " is empty (0 bytes); a CIFAR-10 batch holds 3073-byte records: " + FIX);
        }
        if (b.length % RECORD_BYTES != 0) {
            throw new IllegalArgumentException("file " + file + " has " + b.length + " bytes, not a multiple of the "
                    + RECORD_BYTES + "-byte CIFAR-10 record (1 label + 3072 pixels); record " + (b.length / RECORD_BYTES)
                    + " at byte offset " + (b.length / RECORD_BYTES) * RECORD_BYTES + " is incomplete: download and extract the file again"
                    + " (CIFAR-100 files use 3074-byte records and are not supported here)");
        }
        for (int r = 0; r < b.length / RECORD_BYTES; r++) {
            int label = b[r * RECORD_BYTES] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw new IllegalArgumentException("file " + file + ": record " + r + " (byte offset " + (long) r * RECORD_BYTES
                        + ") has label " + label + "; CIFAR-10 labels lie in 0..9: check that this is a CIFAR-10 binary file");
            }
        }
    }

    private static int batchNumber(Path p) {
        String s = p.getFileName().toString();
        return Integer.parseInt(s.substring("data_batch_".length(), s.length() - ".bin".length()));
    }
}
