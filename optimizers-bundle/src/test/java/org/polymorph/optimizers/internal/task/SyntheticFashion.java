package org.polymorph.optimizers.internal.task;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fashion-MNIST-shaped training files for tests: n separable 28x28 images (class k: a bright band at rows 2k+4..2k+6). */
public final class SyntheticFashion {
    private SyntheticFashion() { }

    /** Writes train-images-idx3-ubyte and train-labels-idx1-ubyte (uncompressed IDX) into {@code dir}. */
    public static void write(Path dir, int n) throws Exception {
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            for (int p = 0; p < 784; p++) img.put((byte) (p / 28 >= 2 * k + 4 && p / 28 < 2 * k + 7 ? 255 : (p * 7 + i) % 32));
            lab.put((byte) k);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), lab.array());
    }
}
