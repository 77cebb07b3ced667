package org.polymorph.autodiff.data;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.tensor.TensorService;

/**
 * A dataset that Methods can name ({@code dataset=fashion-mnist}, {@code dataset=spirals:n=500}):
 * registered as an OSGi service under this interface with the property {@value #NAME_PROPERTY}
 * equal to {@link #name()}, and found by name through the service registry ({@link Datasets}
 * resolves a spec against a catalog of them). The text after the name and a colon sets
 * {@link #options()} as {@code key=value} pairs; for a provider with a {@code dir} option a bare
 * path sets {@code dir}.
 */
@ConsumerType
public interface DatasetProvider {
    /** The service property that carries {@link #name()}. */
    String NAME_PROPERTY = "polymorph.dataset.name";

    /** The name users give, lower case: {@code mnist}, {@code spirals}, ... */
    String name();

    /** What it loads: source, example shape, classes or targets. */
    String description();

    /** The options with their defaults (a null default: the option must be given). */
    List<ParamSpec> options();

    /** The shape [h, w, c] of one example as an image for convolutional models, or null when the examples are not images. */
    default int[] imageShape() { return null; }

    /**
     * The training data: the training files of a file dataset, the whole set of a generated one.
     *
     * @throws IllegalArgumentException naming the bad option or file and the fix
     * @throws java.io.UncheckedIOException when an existing file cannot be read
     */
    Dataset load(TensorService ts, DatasetRequest request);

    /** Training and test data: the test files of a file dataset, the last {@code testFraction} of a generated one. */
    Dataset.Split loadSplit(TensorService ts, DatasetRequest request);
}
