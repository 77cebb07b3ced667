package org.polymorph.autodiff.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * Resolves dataset specs, as given to the {@code nn.train} method, against the registered
 * {@link DatasetProvider}s: {@code name[:options]}, where options are {@code key=value} pairs
 * separated by commas, or, for a provider with a {@code dir} option, a bare directory. The providers
 * of this bundle ({@link #standard()}):
 *
 * <pre>
 * spirals[:n=1000,noise=0.1]                              {@link Synthetic#twoSpirals}
 * blobs[:n=1000,classes=3,dim=2,spread=0.5]               {@link Synthetic#gaussianBlobs}
 * teacher[:n=1000,in=8,out=1,hidden=32,noise=0.05]        {@link Synthetic#teacherStudent}
 * mnist:&lt;dir&gt;                                             {@link Idx#loadDirectory}
 * fashion-mnist[:&lt;dir&gt;]  (default /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist)
 * cifar10:&lt;dir&gt;                                           {@link Cifar10#loadDirectory}
 * </pre>
 *
 * Omitted options take their defaults. Names are case-insensitive. Unknown names, unknown or
 * repeated options and malformed values throw {@link IllegalArgumentException} naming the bad part
 * and listing the forms of the providers registered now.
 */
public final class Datasets {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the Fashion-MNIST IDX files. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

    private Datasets() {}

    /** The providers of this bundle, in the order it registers them. */
    public static List<DatasetProvider> standard() {
        return List.of(
                GeneratedDataset.spirals(), GeneratedDataset.blobs(), GeneratedDataset.teacher(),
                new FileDataset("mnist", "MNIST handwritten digits (IDX files train-*, t10k-*): 28x28 grey images, 10 classes",
                        null, new int[] {28, 28, 1}, Idx::loadDirectory),
                new FileDataset("fashion-mnist", "Fashion-MNIST (Xiao et al. 2017; IDX files as MNIST): 28x28 grey images of clothing, 10 classes",
                        FASHION_MNIST_DIR, new int[] {28, 28, 1}, Idx::loadDirectory),
                new FileDataset("cifar10", "CIFAR-10 binary version (data_batch_1..5.bin, test_batch.bin): 32x32 colour images, 10 classes",
                        null, new int[] {Cifar10.SIDE, Cifar10.SIDE, Cifar10.CHANNELS}, Cifar10::loadDirectory));
    }

    /** The spec form of each provider in {@code catalog}, e.g. {@code spirals[:n=1000,noise=0.1]} or {@code mnist:<dir>}. */
    public static List<String> forms(ServiceCatalog<DatasetProvider> catalog) {
        List<String> out = new ArrayList<>();
        for (String name : catalog.names()) catalog.find(name).ifPresent(p -> out.add(form(p)));
        return out;
    }

    /** The provider that {@code spec} names. */
    public static DatasetProvider provider(ServiceCatalog<DatasetProvider> catalog, String spec) {
        return parse(catalog, spec).provider;
    }

    /**
     * The training data of {@code spec}: the whole generated set for synthetic specs (from
     * {@code key}), the official training files for file datasets ({@code key} unused).
     *
     * @param dtype feature dtype, FLOAT32 or FLOAT64
     */
    public static Dataset load(ServiceCatalog<DatasetProvider> catalog, TensorService ts, String spec, RandomKey key, DType dtype) {
        Spec s = parse(catalog, spec);
        return s.run(r -> s.provider.load(ts, r), key, dtype, 0);
    }

    /**
     * Training and test data of {@code spec}: the official test files of file datasets, or for
     * synthetic specs the last {@code testFraction} of the generated set ({@link Dataset#split}).
     */
    public static Dataset.Split loadSplit(ServiceCatalog<DatasetProvider> catalog, TensorService ts, String spec, RandomKey key,
                                          DType dtype, double testFraction) {
        Spec s = parse(catalog, spec);
        return s.run(r -> s.provider.loadSplit(ts, r), key, dtype, testFraction);
    }

    static String form(DatasetProvider p) {
        List<ParamSpec> options = p.options();
        if (options.size() == 1 && options.get(0).name().equals("dir")) {
            return p.name() + (options.get(0).required() ? ":<dir>" : "[:<dir>]");
        }
        StringBuilder b = new StringBuilder(p.name());
        if (options.isEmpty()) return b.toString();
        b.append("[:");
        for (int i = 0; i < options.size(); i++) {
            b.append(i == 0 ? "" : ",").append(options.get(i).name()).append('=').append(options.get(i).defaultValue());
        }
        return b.append(']').toString();
    }

    private static Spec parse(ServiceCatalog<DatasetProvider> catalog, String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("dataset spec is empty; use one of " + forms(catalog));
        }
        String t = spec.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : t.substring(colon + 1).trim();
        DatasetProvider p = catalog.find(name).orElse(null);
        if (p == null) throw new IllegalArgumentException(bad(spec, "unknown dataset name '" + name + "'", catalog));
        return new Spec(spec, p, rest, catalog);
    }

    private static String bad(String spec, String problem, ServiceCatalog<DatasetProvider> catalog) {
        return "dataset spec '" + spec + "': " + problem + "; use one of " + forms(catalog);
    }

    /** A parsed spec: its provider and the text after the colon. */
    private record Spec(String spec, DatasetProvider provider, String rest, ServiceCatalog<DatasetProvider> catalog) {
        <T> T run(Function<DatasetRequest, T> load, RandomKey key, DType dtype, double testFraction) {
            DatasetRequest r = new DatasetRequest(spec, options(), key, dtype, testFraction);
            try {
                return load.apply(r);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("dataset spec")) throw e;
                throw new IllegalArgumentException(bad(spec, e.getMessage(), catalog), e);
            }
        }

        /** key=value options over the defaults (or a bare dir); unknown or repeated keys are errors. */
        Map<String, String> options() {
            Map<String, String> out = new LinkedHashMap<>();
            for (ParamSpec o : provider.options()) if (o.defaultValue() != null) out.put(o.name(), String.valueOf(o.defaultValue()));
            if (rest.isEmpty()) return out;
            boolean hasDir = provider.options().stream().anyMatch(o -> o.name().equals("dir"));
            if (hasDir && !rest.contains("=")) {
                out.put("dir", rest);
                return out;
            }
            Set<String> seen = new HashSet<>();
            for (String part : rest.split(",")) {
                int eq = part.indexOf('=');
                String k = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (eq < 0) throw fail("option '" + k + "' has no value; write key=value");
                if (provider.options().stream().noneMatch(o -> o.name().equals(k))) {
                    throw fail("unknown option '" + k + "' for '" + provider.name() + "' (allowed: "
                            + provider.options().stream().map(ParamSpec::name).toList() + ")");
                }
                if (!seen.add(k)) throw fail("option '" + k + "' is given twice");
                out.put(k, part.substring(eq + 1).trim());
            }
            return out;
        }

        private IllegalArgumentException fail(String problem) { return new IllegalArgumentException(bad(spec, problem, catalog)); }
    }
}
