package org.polymorph.autodiff.data;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;

/** A dataset read from the training and test files in one directory (option {@code dir}). */
record FileDataset(String name, String description, String defaultDir, int[] image, Reader reader) implements DatasetProvider {
    /** Reads the training ({@code train}) or test files of a directory. */
    @FunctionalInterface
    interface Reader {
        Dataset read(TensorService ts, Path dir, boolean train, DType dtype);
    }

    @Override public List<ParamSpec> options() {
        return List.of(ParamSpec.text("dir", defaultDir, "directory of the " + name + " files"));
    }

    @Override public int[] imageShape() { return image.clone(); }

    @Override public Dataset load(TensorService ts, DatasetRequest r) { return reader.read(ts, dir(r), true, r.dtype()); }

    @Override public Dataset.Split loadSplit(TensorService ts, DatasetRequest r) {
        Path dir = dir(r);
        return new Dataset.Split(reader.read(ts, dir, true, r.dtype()), reader.read(ts, dir, false, r.dtype()));
    }

    private Path dir(DatasetRequest r) {
        String d = r.text("dir");
        if (d == null || d.isBlank()) throw new IllegalArgumentException("'" + name + "' needs a directory, as " + name + ":<dir>");
        return Path.of(d);
    }

    @Override public String toString() { return name; }
}
