package org.polymorph.optimizers;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.ParamSpec;

/**
 * An optimizer that Methods can name ({@code optimizer=adam}): registered as an OSGi service under
 * this interface with the property {@value #NAME_PROPERTY} equal to {@link #name()}. Methods find
 * providers through the service registry (a {@code ServiceCatalog}), so a bundle that registers one,
 * a learned optimizer for instance, adds a choice to every Method that takes {@code optimizer=};
 * where two share a name the higher {@code service.ranking} wins.
 */
@ConsumerType
public interface OptimizerProvider {
    /** The service property that carries {@link #name()}. */
    String NAME_PROPERTY = "polymorph.optimizer.name";

    /** The name users give, lower case: {@code adam}, {@code rmsprop}, ... */
    String name();

    /** One line: the algorithm and its source. */
    String description();

    /**
     * The hyper-parameters {@link #create} accepts, with defaults, ranges and descriptions. A provider
     * that lists {@code lr} also accepts the learning-rate schedule keys of {@link OptimizerConfig#SCHEDULE_PARAMS}.
     */
    List<ParamSpec> hyperParameters();

    /**
     * The optimizer configured by {@code config}: names and values as a Method passes them (Numbers,
     * Booleans or Strings; a null value counts as absent; the key {@code optimizer} may repeat the
     * name). Absent keys take their defaults.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, for a key that
     *         does not apply to this optimizer (or to the chosen schedule) or a bad value
     */
    Optimizer create(Ops ops, Map<String, ?> config);
}
