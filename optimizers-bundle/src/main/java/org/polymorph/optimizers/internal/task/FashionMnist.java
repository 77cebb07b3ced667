package org.polymorph.optimizers.internal.task;

import java.nio.file.Files;
import java.nio.file.Path;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.data.Idx;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The training images of learned_optimization's Fashion-MNIST tasks (tasks/datasets/image.py,
 * {@code fashion_mnist_datasets}): the split {@code train[0:80%]}, i.e. the first 48,000 of the
 * 60,000 training images, resized as {@code tf.image.resize} does by default (bilinear, half-pixel
 * centres, no antialiasing) and scaled to [0, 1] by /255. Features float32 {@code [n, side * side]},
 * labels INT64 {@code [n]}.
 */
final class FashionMnist {
    /** Source image side (pixels). */
    static final int SOURCE = 28;

    private FashionMnist() { }

    /** The first 80 % of the training images in {@code dir}, resized to {@code side x side}. */
    static Dataset train(TensorService ts, Path dir, int side) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the Fashion-MNIST files are not in " + dir + "; install Debian's dataset-fashion-mnist"
                    + " (it puts them in " + Datasets.FASHION_MNIST_DIR + ") or copy train-images-idx3-ubyte.gz and"
                    + " train-labels-idx1-ubyte.gz there");
        }
        Dataset all = Idx.loadDirectory(ts, dir, true, DType.FLOAT32);
        Dataset head = all.rows(ts, 0, (int) (0.8 * all.size()), "-train80");
        if (side == SOURCE) return head;
        Tensor x = ts.matmul(head.x(), ts.cast(ts.fromArray(resizeMatrix(SOURCE, side), SOURCE * SOURCE, side * side), DType.FLOAT32));
        return new Dataset(x, head.y(), head.numClasses(), head.name() + "-" + side + "x" + side);
    }

    /**
     * The bilinear resize from {@code n x n} to {@code m x m} as a matrix [n*n, m*m] acting on
     * row-major flattened images: output pixel (i, j) samples the input at
     * {@code ((i + 0.5) n/m - 0.5, (j + 0.5) n/m - 0.5)}, clamped to the image, and interpolates
     * linearly along each axis (TensorFlow's {@code ResizeBilinear} with half_pixel_centers).
     */
    static double[] resizeMatrix(int n, int m) {
        double[][] axis = new double[m][n];   // axis[i][r]: weight of input row r in output row i
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            double src = (i + 0.5) * scale - 0.5;
            int lo = (int) Math.max(Math.floor(src), 0), hi = (int) Math.min(Math.ceil(src), n - 1);
            double frac = src - Math.floor(src);
            axis[i][lo] += 1 - frac;
            axis[i][hi] += frac;
        }
        double[] w = new double[n * n * m * m];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) w[(r * n + c) * m * m + i * m + j] = axis[i][r] * axis[j][c];
                }
            }
        }
        return w;
    }
}
