package org.polymorph.materials.internal.task;

import java.util.List;
import org.polymorph.optimizers.task.OptimizationTask;

/** The optimization tasks of the materials bundle (structure relaxations), registered by its activator. */
public final class MaterialsTasks {
    private MaterialsTasks() { }

    /** lj_cluster_13, lj_cluster_38 and sw_silicon_64. */
    public static List<OptimizationTask> all() { return List.of(new LjClusterTask(13), new LjClusterTask(38), new SiliconTask(2)); }
}
