package org.polymorph.optimizers.internal.bench;

import java.nio.file.Path;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/**
 * A learned optimizer named on the command line: {@code learned:<file>} (a file of lopt.meta_train, at its θ) or a
 * registered architecture's name (its default configuration at the initial θ drawn from {@code RandomKey.of(0)}, an
 * untrained optimizer: for timings and for studies at a fixed θ).
 *
 * @param name  for reports: {@code <architecture>:<file name>}, or the architecture's name
 */
record LearnedSpec(String name, LearnedOptimizer optimizer, LearnedOptimizerFile.Loaded file) {
    static final String PREFIX = "learned:";

    /** Whether {@code spec} names a learned optimizer (a file, or an architecture registered now). */
    static boolean names(String spec, ServiceCatalog<LearnedOptimizerArchitecture> architectures) {
        return spec.startsWith(PREFIX) || architectures.find(spec).isPresent();
    }

    /**
     * @param param the parameter that gave {@code spec}, for messages
     * @throws org.polymorph.core.method.BadInputException for a file that cannot be read or an unknown architecture
     */
    static LearnedSpec of(String spec, String param, ServiceCatalog<LearnedOptimizerArchitecture> architectures) {
        if (spec.startsWith(PREFIX)) {
            LearnedOptimizerFile.Loaded f = LearnedOptimizerFile.read(Path.of(spec.substring(PREFIX.length())), architectures);
            return new LearnedSpec(f.optimizer().architecture() + ":" + f.path().getFileName(), f.optimizer(), f);
        }
        LearnedOptimizer lopt = architectures.get(param, spec).create(java.util.Map.of());
        return new LearnedSpec(spec, lopt, null);
    }

    /** θ as Vars of {@code ops}: the file's, or the architecture's initial meta-parameters from {@code RandomKey.of(0)}. */
    Object theta(Ops ops) { return file == null ? optimizer.initMetaParams(ops, RandomKey.of(0)) : file.theta(ops); }
}
