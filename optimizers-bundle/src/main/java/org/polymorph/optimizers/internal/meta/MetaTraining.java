package org.polymorph.optimizers.internal.meta;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.Map;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.Method;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * What meta-training adds to the optimizers bundle's services: the architecture {@value LearnableAdam#NAME}, the
 * no-dependency notebook's task {@code notebook_mlp_fashion_mnist8}, the work kind {@value MemberWork#NAME} and the Method
 * {@value MetaTrainMethod#ID}.
 * The activator calls {@link #register} with its publish method.
 */
public final class MetaTraining {
    private MetaTraining() { }

    /** The activator's service registration. */
    @FunctionalInterface
    public interface Publisher {
        <T> Object publish(Class<T> type, T service, Map<String, ?> properties);
    }

    public static void register(Injector injector, Publisher out) {
        LearnedOptimizerArchitecture adam = new LearnableAdamArchitecture();
        out.publish(LearnedOptimizerArchitecture.class, adam, Map.of(LearnedOptimizerArchitecture.ARCHITECTURE_PROPERTY, adam.name()));
        OptimizationTask notebook = StandardTasks.notebookMlp8(Path.of(Datasets.FASHION_MNIST_DIR));
        out.publish(OptimizationTask.class, notebook, Map.of(OptimizationTask.NAME_PROPERTY, notebook.name()));
        MemberWork members = injector.getInstance(MemberWork.class);
        out.publish(WorkKind.class, members, Map.of(WorkKind.NAME_PROPERTY, members.name()));
        Method method = injector.getInstance(MetaTrainMethod.class);
        out.publish(Method.class, method, Map.of(Method.ID_PROPERTY, method.id()));
    }
}
