package org.polymorph.autodiff.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import java.util.zip.GZIPInputStream;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** File reading and byte-to-tensor conversion shared by the loaders. */
final class DataFiles {
    private DataFiles() {}

    /**
     * All bytes of {@code file}, gunzipped when the file starts with the gzip magic 1F 8B (so
     * {@code .gz} files and decompressed files both load). {@code fix} tells how to obtain the file.
     */
    static byte[] read(Path file, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file " + file + " does not exist or is not a regular file; " + fix);
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1F || (raw[1] & 0xFF) != 0x8B) return raw;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("file " + file + " starts with the gzip magic 1F 8B but is not a valid gzip stream ("
                    + e.getMessage() + "); it is probably truncated: download it again or decompress it with gunzip", e);
        }
    }

    /** Big-endian unsigned 32-bit integer at {@code offset}, as a long. */
    static long u32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16)
                | ((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF);
    }

    /**
     * Pixels scaled to [0, 1] ({@code unsigned byte / 255}) in the given float dtype: element
     * {@code i} (row-major in {@code shape}) is {@code buf[source.applyAsInt(i)]}.
     */
    static Tensor pixels(TensorService ts, DType dtype, byte[] buf, IntUnaryOperator source, int... shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        if (requireFloat(dtype) == DType.FLOAT32) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = (float) ((buf[source.applyAsInt(i)] & 0xFF) / 255.0);
            return ts.fromArray(f, shape);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = (buf[source.applyAsInt(i)] & 0xFF) / 255.0;
        return ts.fromArray(d, shape);
    }

    /** Fails unless {@code dtype} is float32 or float64. */
    static DType requireFloat(DType dtype) {
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("feature dtype " + dtype + " is not supported; use float32 or float64");
        }
        return dtype;
    }
}
