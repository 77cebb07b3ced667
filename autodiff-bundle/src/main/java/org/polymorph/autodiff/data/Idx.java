package org.polymorph.autodiff.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Loader for MNIST-style IDX files (format of LeCun, Cortes and Burges, "The MNIST database of
 * handwritten digits", yann.lecun.com/exdb/mnist): big-endian 32-bit header fields, then unsigned
 * bytes in row-major order.
 *
 * <pre>
 * images (idx3-ubyte): offset 0 magic 0x00000803, 4 count n, 8 rows, 12 columns, 16 pixels [n, rows, columns]
 * labels (idx1-ubyte): offset 0 magic 0x00000801, 4 count n, 8 labels [n], each 0..9
 * </pre>
 *
 * Files may be gzip-compressed ({@code .gz}); compression is detected from the content. Works for
 * MNIST, Fashion-MNIST and KMNIST, which share the format and the 10 classes.
 */
public final class Idx {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Number of classes of the MNIST family. */
    public static final int CLASSES = 10;

    private static final String FIX = "download the MNIST files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into one directory; .gz or decompressed both work";

    private Idx() {}

    /**
     * The standard MNIST files in {@code dir}: {@code train-*} when {@code train}, else
     * {@code t10k-*}, each with or without {@code .gz}, and with {@code -idx} or {@code .idx}.
     * Named {@code mnist-train} or {@code mnist-test}.
     */
    public static Dataset loadDirectory(TensorService ts, Path dir, boolean train, DType dtype) {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images", "idx3-ubyte");
        Path labels = find(dir, prefix + "-labels", "idx1-ubyte");
        return load(ts, images, labels, dtype, train ? "mnist-train" : "mnist-test");
    }

    /**
     * Images and labels of one IDX pair: x {@code [n, rows * columns]} with pixels scaled to
     * [0, 1] (reshape to {@code [n, rows, columns, 1]} for convolutions), y INT64 {@code [n]}.
     */
    public static Dataset load(TensorService ts, Path images, Path labels, DType dtype, String name) {
        DataFiles.requireFloat(dtype);
        byte[] img = DataFiles.read(images, FIX);
        int n = header(img, images, IMAGES_MAGIC, 3, "images (idx3-ubyte)");
        int rows = dim(img, images, 8, "rows"), cols = dim(img, images, 12, "columns");
        requireLength(img, images, 16, (long) n * rows * cols, n + " images of " + rows + "x" + cols + " pixels");

        byte[] lab = DataFiles.read(labels, FIX);
        int m = header(lab, labels, LABELS_MAGIC, 1, "labels (idx1-ubyte)");
        requireLength(lab, labels, 8, m, m + " labels");
        if (m != n) {
            throw new IllegalArgumentException("images file " + images + " holds " + n + " images but labels file " + labels
                    + " holds " + m + " labels (count field at byte offset 4); pass a matching pair (train-* with train-*, t10k-* with t10k-*)");
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int v = lab[8 + i] & 0xFF;
            if (v >= CLASSES) {
                throw new IllegalArgumentException("labels file " + labels + ": label " + i + " at byte offset " + (8 + i) + " is " + v
                        + "; MNIST labels lie in 0.." + (CLASSES - 1) + ": check that this is an MNIST labels file");
            }
            y[i] = v;
        }
        int d = rows * cols;
        Tensor x = DataFiles.pixels(ts, dtype, img, i -> 16 + i, n, d);
        return new Dataset(x, ts.fromArray(y, n), CLASSES, name);
    }

    /** Checks the magic number and header length; returns the item count (offset 4). */
    private static int header(byte[] b, Path file, int magic, int dims, String kind) {
        int headerBytes = 4 + 4 * dims;
        if (b.length < 4) truncatedHeader(b, file, kind, headerBytes);
        long found = DataFiles.u32(b, 0);
        if (found != magic) {
            String hint = found == IMAGES_MAGIC || found == LABELS_MAGIC ? "the images and labels files seem swapped"
                    : "this is not an IDX " + kind + " file";
            throw new IllegalArgumentException(String.format("file %s: magic number at byte offset 0 is 0x%08X, expected 0x%08X for %s; %s",
                    file, found, magic, kind, hint));
        }
        if (b.length < headerBytes) truncatedHeader(b, file, kind, headerBytes);
        return dim(b, file, 4, "count");
    }

    private static void truncatedHeader(byte[] b, Path file, String kind, int headerBytes) {
        throw new IllegalArgumentException("file " + file + " is truncated: it has " + b.length + " bytes but an IDX " + kind
                + " header needs " + headerBytes + "; download it again");
    }

    private static int dim(byte[] b, Path file, int offset, String field) {
        long v = DataFiles.u32(b, offset);
        if (v > Integer.MAX_VALUE || (v == 0 && !field.equals("count"))) {
            throw new IllegalArgumentException("file " + file + ": header field '" + field + "' at byte offset " + offset + " is " + v
                    + "; it must lie in " + (field.equals("count") ? 0 : 1) + ".." + Integer.MAX_VALUE + ": the file is corrupt, download it again");
        }
        return (int) v;
    }

    private static void requireLength(byte[] b, Path file, int header, long payload, String what) {
        long want = header + payload;
        if (b.length != want) {
            String state = b.length < want ? "is truncated" : "has " + (b.length - want) + " trailing bytes";
            throw new IllegalArgumentException("file " + file + " " + state + ": its header declares " + what + ", so the data at byte offsets "
                    + header + ".." + (want - 1) + " make " + want + " bytes in all, but the file holds " + b.length
                    + " bytes; download it again (a partial download or a wrong decompression causes this)");
        }
    }

    private static Path find(Path dir, String stem, String suffix) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("MNIST directory " + dir + " does not exist or is not a directory; " + FIX);
        }
        List<String> names = List.of(stem + "-" + suffix, stem + "-" + suffix + ".gz", stem + "." + suffix, stem + "." + suffix + ".gz");
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalArgumentException("MNIST directory " + dir + " has none of the files " + names + "; " + FIX);
    }
}
