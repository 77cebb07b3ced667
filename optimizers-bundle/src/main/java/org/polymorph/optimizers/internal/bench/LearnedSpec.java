package org.polymorph.optimizers.internal.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
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
        return of(spec, param, architectures, "");
    }

    /**
     * As {@link #of(String, String, ServiceCatalog)}, an architecture configured by {@code config}
     * ({@code key=value,...}, numbers; empty for its defaults), which a file (it carries its own) does not take.
     */
    static LearnedSpec of(String spec, String param, ServiceCatalog<LearnedOptimizerArchitecture> architectures, String config) {
        if (spec.startsWith(PREFIX) && !config.isBlank()) {
            throw BadInputException.forParam("config", config, "a learned-optimizer file carries its own configuration",
                    "leave config out, or name an architecture instead of a file");
        }
        if (spec.startsWith(PREFIX)) {
            LearnedOptimizerFile.Loaded f = LearnedOptimizerFile.read(Path.of(spec.substring(PREFIX.length())), architectures);
            return new LearnedSpec(f.optimizer().architecture() + ":" + f.path().getFileName(), f.optimizer(), f);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (String kv : config.split(",")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=", 2);
            try {
                c.put(p[0].trim(), Double.parseDouble(p.length == 2 ? p[1].trim() : ""));
            } catch (NumberFormatException e) {
                throw BadInputException.forParam("config", config, "entry '" + kv + "' is not key=number", "write e.g. config=step_mult=0.01,hidden_size=32");
            }
        }
        try {
            LearnedOptimizer lopt = architectures.get(param, spec).create(c);
            return new LearnedSpec(c.isEmpty() ? spec : spec + "(" + config + ")", lopt, null);
        } catch (IllegalArgumentException e) {
            if (e instanceof BadInputException b) throw b;
            throw BadInputException.forParam("config", config, e.getMessage(), "use the keys of architecture " + spec + " (describe lists them)");
        }
    }

    /** θ as Vars of {@code ops}: the file's, or the architecture's initial meta-parameters from {@code RandomKey.of(0)}. */
    Object theta(Ops ops) { return file == null ? optimizer.initMetaParams(ops, RandomKey.of(0)) : file.theta(ops); }
}
