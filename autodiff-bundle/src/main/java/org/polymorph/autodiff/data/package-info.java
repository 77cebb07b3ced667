/**
 * Datasets for training: a {@link org.polymorph.autodiff.data.Dataset} record of features and
 * labels, shuffled minibatches ({@link org.polymorph.autodiff.data.Batches}), loaders for MNIST IDX
 * files ({@link org.polymorph.autodiff.data.Idx}) and the CIFAR-10 binary format
 * ({@link org.polymorph.autodiff.data.Cifar10}), generated toy problems
 * ({@link org.polymorph.autodiff.data.Synthetic}), and the extension point
 * {@link org.polymorph.autodiff.data.DatasetProvider}: each dataset is a service found by name, and
 * {@link org.polymorph.autodiff.data.Datasets} resolves a spec such as {@code fashion-mnist} or
 * {@code spirals:n=500} against a catalog of them.
 *
 * <p>Randomness is explicit: every shuffle and every generated dataset takes a
 * {@link org.polymorph.core.tensor.RandomKey}, so the same key gives the same data and order on
 * every backend. Features are float32 or float64 with the example axis first; class labels are
 * INT64 {@code [n]}; regression targets are float {@code [n, k]}.
 *
 * <pre>{@code
 * Dataset train = Datasets.load(catalog, ts, "mnist:/data/mnist", key, DType.FLOAT32);
 * for (int epoch = 0; epoch < 10; epoch++)
 *     for (Dataset.Batch b : train.batches(ts, key.foldIn(epoch), 128, true)) step(b.x(), b.y());
 * }</pre>
 *
 * <p>Loaders report malformed input with {@link IllegalArgumentException} naming the file, the
 * byte offset or record, what was found and how to fix it; failed reads of existing files throw
 * {@link java.io.UncheckedIOException}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.polymorph.autodiff.data;
