package org.polymorph.analysis.internal.deq;

import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** The training and test subsets of deq.init_study, flattened to (n, features) float64 and standardised, labels INT64. */
record StudyData(Dataset train, Dataset test, int inputs, int classes) {
    static StudyData load(ServiceCatalog<DatasetProvider> datasets, TensorService ts, StudySettings s) {
        Dataset.Split split;
        try {
            split = Datasets.loadSplit(datasets, ts, s.dataset(), RandomKey.of(s.seed()), DType.FLOAT64, 0.2);
        } catch (BadInputException e) {
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw new BadInputException("parameter 'dataset' = '" + s.dataset() + "': " + e.getMessage() + "; check that the files are readable", e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter 'dataset' = '" + s.dataset() + "': " + e.getMessage(), e);
        }
        if (!split.train().isClassification()) {
            throw BadInputException.forParam("dataset", s.dataset(), "is a regression dataset", "use a classification dataset such as fashion-mnist");
        }
        Dataset train = subset(ts, split.train(), s.trainExamples(), "train_examples");
        Dataset test = subset(ts, split.test(), s.testExamples(), "test_examples");
        // one mean and one standard deviation over every feature of the training subset, applied to both subsets
        double[] x = ts.toDoubleArray(train.x());
        double mean = 0, sq = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        for (double v : x) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / x.length);
        if (!(std > 0)) throw BadInputException.forParam("dataset", s.dataset(), "has constant features", "use a dataset whose inputs vary");
        train = standardise(ts, train, mean, std);
        test = standardise(ts, test, mean, std);
        if (s.batch() > train.size()) {
            throw BadInputException.forParam("batch", s.batch(), "exceeds the " + train.size() + " training examples", "use batch <= " + train.size());
        }
        return new StudyData(train, test, train.x().dim(1), train.numClasses());
    }

    private static Dataset subset(TensorService ts, Dataset d, int n, String param) {
        if (n > d.size()) {
            throw BadInputException.forParam(param, n, "exceeds the " + d.size() + " examples of the dataset", "use " + param + " <= " + d.size());
        }
        Dataset part = d.rows(ts, 0, n, "");
        if (part.x().rank() == 2) return part;
        int features = (int) (part.x().shape().size() / n);
        return new Dataset(ts.reshape(part.x(), n, features), part.y(), part.numClasses(), part.name());
    }

    private static Dataset standardise(TensorService ts, Dataset d, double mean, double std) {
        Tensor x = ts.div(ts.sub(d.x(), ts.scalar(DType.FLOAT64, mean)), ts.scalar(DType.FLOAT64, std));
        return new Dataset(x, d.y(), d.numClasses(), d.name());
    }
}
