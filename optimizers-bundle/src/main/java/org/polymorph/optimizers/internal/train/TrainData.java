package org.polymorph.optimizers.internal.train;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * The dataset of an nn.train run: {@code dataset} resolved against the registered providers, with
 * {@code data_dir} folded in as {@code name:<dir>}; cnn on a dataset whose examples are not images is bad input.
 */
record TrainData(ServiceCatalog<DatasetProvider> datasets, String spec, DatasetProvider provider) {
    static TrainData of(ServiceCatalog<DatasetProvider> datasets, TrainMethod.Settings s) {
        String spec = spec(datasets, s);
        DatasetProvider p = provider(datasets, spec);
        if (s.model().equals("cnn") && p.imageShape() == null) {
            throw BadInputException.forParam("model", s.model(), "dataset '" + s.dataset() + "' has flat feature vectors, not images",
                    "use model=mlp, or an image dataset (" + String.join(", ", imageForms(datasets)) + ") for cnn");
        }
        return new TrainData(datasets, spec, p);
    }

    /** The dataset spec with data_dir folded in as {@code name:<dir>}. */
    private static String spec(ServiceCatalog<DatasetProvider> datasets, TrainMethod.Settings s) {
        if (s.dataset().isEmpty()) {
            throw BadInputException.forParam("dataset", s.dataset(), "empty", "use one of " + String.join(", ", Datasets.forms(datasets)));
        }
        if (s.dataDir().isEmpty()) return s.dataset();
        if (s.dataset().contains(":")) {
            throw BadInputException.forParam("data_dir", s.dataDir(), "dataset '" + s.dataset() + "' already has options or a directory",
                    "give the directory once: dataset=<name> data_dir=<dir>, or dataset=<name>:<dir>");
        }
        if (provider(datasets, s.dataset()).options().stream().noneMatch(o -> o.name().equals("dir"))) {
            throw BadInputException.forParam("data_dir", s.dataDir(), "dataset '" + s.dataset() + "' is generated, not read from files",
                    "leave data_dir out");
        }
        return s.dataset() + ":" + s.dataDir();
    }

    private static DatasetProvider provider(ServiceCatalog<DatasetProvider> datasets, String spec) {
        try {
            return Datasets.provider(datasets, spec);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter 'dataset' = '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static List<String> imageForms(ServiceCatalog<DatasetProvider> datasets) {
        List<String> out = new ArrayList<>();
        for (String name : datasets.names()) datasets.find(name).filter(d -> d.imageShape() != null).ifPresent(d -> out.add(name));
        return out;
    }

    Dataset.Split load(TensorService ts, TrainMethod.Settings s, RandomKey key) {
        try {
            return Datasets.loadSplit(datasets, ts, spec, key, s.dtype(), s.testFraction());
        } catch (BadInputException e) {
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw new BadInputException("parameter 'dataset' = '" + spec + "': " + e.getMessage()
                    + "; check that the files are readable", e);
        } catch (IllegalArgumentException e) {
            // the message names the bad part of the spec and the allowed forms or the fix
            throw new BadInputException("parameter 'dataset' = '" + spec + "': " + e.getMessage(), e);
        }
    }
}
