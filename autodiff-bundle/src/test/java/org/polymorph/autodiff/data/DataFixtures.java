package org.polymorph.autodiff.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** Writes tiny MNIST IDX and CIFAR-10 files for the loader tests. */
final class DataFixtures {
    static final TensorService TS = new ReferenceTensorService();

    private DataFixtures() {}

    /** Pixel {@code k} of an IDX image set: a pattern that covers 0 and 255. */
    static int idxPixel(int k) { return k == 1 ? 255 : (k * 37) % 256; }

    /** IDX images with the given magic: header then n*rows*cols bytes of {@link #idxPixel}. */
    static byte[] idxImages(int magic, int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols).putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int k = 0; k < n * rows * cols; k++) b.put((byte) idxPixel(k));
        return b.array();
    }

    static byte[] idxLabels(int magic, int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(data);
        }
        return bos.toByteArray();
    }

    static Path write(Path dir, String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    /** Byte of CIFAR record r, channel c, row h, column w. */
    static int cifarPixel(int r, int c, int h, int w) { return (r * 101 + c * 67 + h * 7 + w * 3) % 256; }

    /** CIFAR-10 records with the given labels, numbering records from {@code first}. */
    static byte[] cifarRecords(int first, int... labels) {
        ByteBuffer b = ByteBuffer.allocate(labels.length * 3073);
        for (int i = 0; i < labels.length; i++) {
            b.put((byte) labels[i]);
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 32; h++)
                    for (int w = 0; w < 32; w++) b.put((byte) cifarPixel(first + i, c, h, w));
        }
        return b.array();
    }

    static byte[] truncate(byte[] data, int drop) { return java.util.Arrays.copyOf(data, data.length - drop); }
}
