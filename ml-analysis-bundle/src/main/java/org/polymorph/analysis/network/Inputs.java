package org.polymorph.analysis.network;

import java.nio.file.Path;
import java.util.Arrays;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The inputs x of a network as {@code x1=}/{@code x2=} give them, always float64 (n, ...):
 * <ul>
 *   <li>{@code random:n,d1,d2,...}: standard normal entries of shape (n, d1, d2, ...) drawn from the key;</li>
 *   <li>{@code dataset:<spec>[:n]}: the first n training examples (all without n) of a registered dataset,
 *       {@code <spec>} as {@code dataset=} takes it ({@code fashion-mnist}, {@code spirals:n=500});</li>
 *   <li>anything else: a {@code .npy} file (float64, float32 or integers), relative paths against {@code cwd}.</li>
 * </ul>
 */
public final class Inputs {
    private static final String FORMS = "give random:n,d1,... (e.g. random:16,8), dataset:<name>[:n] (e.g. dataset:fashion-mnist:100) or a .npy file";

    private Inputs() { }

    /** x for {@code spec}, as the examples come. */
    public static Tensor load(String spec, TensorService ts, RandomKey key, ServiceCatalog<DatasetProvider> datasets, Path cwd) {
        return load("x1", spec, null, ts, key, datasets, cwd);
    }

    /**
     * x for {@code spec}, reshaped to (n, ...inputShape) when its examples hold as many values in another shape
     * (Fashion-MNIST's 784 features for a conv net on 28,28,1); errors name {@code param}.
     *
     * @param inputShape one example's shape, or null to keep the examples' own
     */
    public static Tensor load(String param, String spec, int[] inputShape, TensorService ts, RandomKey key,
                              ServiceCatalog<DatasetProvider> datasets, Path cwd) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException("parameter '" + param + "' is empty; " + FORMS, param, String.valueOf(spec), FORMS);
        }
        String s = spec.trim();
        Tensor x;
        if (s.startsWith("random:")) x = random(param, s, ts, key);
        else if (s.startsWith("dataset:")) x = dataset(param, s, ts, key, datasets);
        else x = NpyFiles.read(ts, cwd.resolve(s));
        if (x.rank() < 2) {
            throw BadInputException.forParam(param, spec, "gives shape " + x.shape() + ", not (n, features...)",
                    "give one example per row, e.g. shape (n, d) or (n, H, W, C)");
        }
        if (x.dtype() != DType.FLOAT64) x = ts.cast(x, DType.FLOAT64);
        return inputShape == null ? x : fit(param, spec, x, inputShape, ts);
    }

    private static Tensor random(String param, String s, TensorService ts, RandomKey key) {
        String[] parts = s.substring("random:".length()).split(",");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 1) {
                throw BadInputException.forParam(param, s, "'" + parts[i].trim() + "' is not a positive whole number",
                        "give random:n,d1,d2,... with positive integers, e.g. random:16,8 or random:4,8,8,3");
            }
        }
        if (shape.length < 2) {
            throw BadInputException.forParam(param, s, "gives only the number of examples", "add the example shape, e.g. random:" + shape[0] + ",8");
        }
        return ts.normal(key, DType.FLOAT64, shape);
    }

    private static Tensor dataset(String param, String s, TensorService ts, RandomKey key, ServiceCatalog<DatasetProvider> datasets) {
        String rest = s.substring("dataset:".length());
        int n = -1;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).matches("\\d+")) {
            n = Integer.parseInt(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (n < 1) throw BadInputException.forParam(param, s, "asks for 0 examples", "give n ≥ 1 after the last ':'");
        }
        Dataset d;
        try {
            d = Datasets.load(datasets, ts, rest, key, DType.FLOAT64);
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(param, s, e.getMessage(), "check the dataset name and options (" + FORMS + ")");
        }
        Tensor x = d.x();
        if (n > d.size()) {
            throw BadInputException.forParam(param, s, "asks for " + n + " examples but '" + rest + "' has " + d.size(),
                    "give n ≤ " + d.size());
        }
        if (n > 0) x = ts.slice(x, start(x.rank()), stop(x, n), step(x.rank()));
        int[] image = Datasets.provider(datasets, rest).imageShape();
        if (image != null && x.rank() == 2 && x.dim(1) == Arrays.stream(image).reduce(1, (a, b) -> a * b)) {
            int[] shape = new int[image.length + 1];
            shape[0] = x.dim(0);
            System.arraycopy(image, 0, shape, 1, image.length);
            x = ts.reshape(x, shape);
        }
        return x;
    }

    /** x reshaped to (n, ...inputShape) when the example sizes agree; BadInputException otherwise. */
    private static Tensor fit(String param, String spec, Tensor x, int[] inputShape, TensorService ts) {
        int[] s = x.shape().toArray();
        int[] example = Arrays.copyOfRange(s, 1, s.length);
        if (Arrays.equals(example, inputShape)) return x;
        long have = x.size() / s[0];
        long want = Arrays.stream(inputShape).asLongStream().reduce(1, (a, b) -> a * b);
        if (have != want) {
            throw BadInputException.forParam(param, spec, "has examples of shape " + Arrays.toString(example)
                    + " but the network takes input_shape " + Arrays.toString(inputShape),
                    "give inputs of that shape or set input_shape to " + Arrays.toString(example).replaceAll("[\\[\\] ]", ""));
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = s[0];
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return ts.reshape(x, shape);
    }

    private static int[] start(int rank) { return new int[rank]; }

    private static int[] stop(Tensor x, int n) {
        int[] s = x.shape().toArray();
        s[0] = n;
        return s;
    }

    private static int[] step(int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        return s;
    }
}
