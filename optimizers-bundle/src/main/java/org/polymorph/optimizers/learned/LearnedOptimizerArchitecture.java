package org.polymorph.optimizers.learned;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.method.ParamSpec;

/**
 * A learned-optimizer architecture, registered as an OSGi service under this interface with the
 * property {@value #ARCHITECTURE_PROPERTY} equal to {@link #name()}; found through a
 * {@code ServiceCatalog}, never a static table.
 */
@ConsumerType
public interface LearnedOptimizerArchitecture {
    /** The service property that carries {@link #name()}. */
    String ARCHITECTURE_PROPERTY = "polymorph.lopt.architecture";

    /** The name, lower case with underscores: {@code mlp_lopt}. */
    String name();

    /** One line: the architecture and its source. */
    String description();

    /** The hyper-parameters {@link #create} accepts, with defaults and ranges. */
    List<ParamSpec> hyperParameters();

    /**
     * The learned optimizer configured by {@code config} (absent keys take their defaults; a null
     * value counts as absent).
     *
     * @throws IllegalArgumentException naming a key that is not a hyper-parameter, or a bad value
     */
    LearnedOptimizer create(Map<String, ?> config);
}
