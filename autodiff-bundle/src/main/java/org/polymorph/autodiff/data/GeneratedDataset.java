package org.polymorph.autodiff.data;

import java.util.List;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.tensor.TensorService;

/** A dataset generated from a key ({@link Synthetic}), its options the generator's arguments. */
record GeneratedDataset(String name, String description, List<ParamSpec> options, Generator generator) implements DatasetProvider {
    /** The whole generated set for a request. */
    @FunctionalInterface
    interface Generator {
        Dataset generate(TensorService ts, DatasetRequest r);
    }

    static GeneratedDataset spirals() {
        return new GeneratedDataset("spirals", "two interleaved spirals in 2-D (Lang & Witbrock 1988), 2 classes",
                List.of(count(), ParamSpec.real("noise", 0.1, "", 0, Double.MAX_VALUE, "Gaussian noise added to the points")),
                (ts, r) -> Synthetic.twoSpirals(ts, r.requireKey(), r.integer("n"), r.real("noise"), r.dtype()));
    }

    static GeneratedDataset blobs() {
        return new GeneratedDataset("blobs", "Gaussian blobs around random centres, one class per blob",
                List.of(count(), ParamSpec.integer("classes", 3, "", 2, Integer.MAX_VALUE, "number of blobs"),
                        ParamSpec.integer("dim", 2, "", 1, Integer.MAX_VALUE, "dimension of the points"),
                        ParamSpec.real("spread", 0.5, "", 0, Double.MAX_VALUE, "standard deviation of each blob")),
                (ts, r) -> Synthetic.gaussianBlobs(ts, r.requireKey(), r.integer("n"), r.integer("classes"), r.integer("dim"),
                        r.real("spread"), r.dtype()));
    }

    static GeneratedDataset teacher() {
        return new GeneratedDataset("teacher", "regression targets of a random one-hidden-layer teacher network, plus noise",
                List.of(count(), ParamSpec.integer("in", 8, "", 1, Integer.MAX_VALUE, "input dimension"),
                        ParamSpec.integer("out", 1, "", 1, Integer.MAX_VALUE, "output dimension"),
                        ParamSpec.integer("hidden", 32, "", 1, Integer.MAX_VALUE, "hidden width of the teacher"),
                        ParamSpec.real("noise", 0.05, "", 0, Double.MAX_VALUE, "Gaussian noise on the targets")),
                (ts, r) -> Synthetic.teacherStudent(ts, r.requireKey(), r.integer("n"), r.integer("in"), r.integer("out"),
                        r.integer("hidden"), r.real("noise"), r.dtype()));
    }

    private static ParamSpec count() { return ParamSpec.integer("n", 1000, "", 2, Integer.MAX_VALUE, "number of examples"); }

    @Override public Dataset load(TensorService ts, DatasetRequest r) { return generator.generate(ts, r); }

    @Override public Dataset.Split loadSplit(TensorService ts, DatasetRequest r) { return generator.generate(ts, r).split(ts, r.testFraction()); }

    @Override public String toString() { return name; }
}
