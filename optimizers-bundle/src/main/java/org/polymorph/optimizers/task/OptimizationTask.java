package org.polymorph.optimizers.task;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * A problem an optimizer is run on, in the form of learned_optimization's {@code Task}: parameters
 * from {@link #init}, a scalar {@link #loss} of the parameters and a batch, and batches from
 * {@link #batches}. Each is a pure function of its arguments (same key, same parameters, same batch:
 * same result), written in differentiable {@link Ops}, so {@code AD.grad} of the loss gives the
 * gradient and differentiating through optimizer steps gives meta-gradients. Registered as an OSGi
 * service under this interface with {@value #NAME_PROPERTY} equal to {@link #name()}.
 */
@ConsumerType
public interface OptimizationTask {
    /** The service property that carries {@link #name()}. */
    String NAME_PROPERTY = "polymorph.task.name";

    /** The name, lower case: {@code quadratic}, {@code lj_cluster_13}, ... */
    String name();

    /** The family it belongs to, e.g. {@code quadratic}, {@code image_mlp}, {@code lj_cluster}. */
    String family();

    /** One line: what is optimised, the data, the source of the recipe, units. */
    String description();

    /** Number of scalar parameters (leaves of {@link #init} summed). */
    long parameterCount();

    /** The initial parameters drawn from {@code key}: a pytree of Vars in float64 unless the description says otherwise. */
    Object init(Ops ops, RandomKey key);

    /**
     * The loss, a scalar Var, of {@code params} (a pytree like {@link #init}'s) on {@code batch}
     * (from {@link #batches}; data-free tasks ignore it).
     */
    Var loss(Ops ops, Object params, Object batch);

    /**
     * The batches of a training run: batch {@code k} depends only on ({@code key}, k). Data-free tasks
     * return {@link BatchStream#NONE}.
     *
     * @throws IllegalStateException naming the missing files and how to get them, for a task whose data is absent
     */
    BatchStream batches(TensorService ts, RandomKey key);

    /** Batches by step. */
    @ConsumerType
    @FunctionalInterface
    interface BatchStream {
        /** The stream of a data-free task: every batch is an empty pytree. */
        BatchStream NONE = step -> List.of();

        /** The batch of step {@code step} (>= 0): a pytree of Tensors. */
        Object batch(long step);
    }

    /** A catalog of the tasks registered in the framework of {@code context}; close it when the bundle stops. */
    static ServiceCatalog<OptimizationTask> catalog(BundleContext context) {
        return ServiceCatalog.tracking(context, OptimizationTask.class, NAME_PROPERTY, "task");
    }
}
