/**
 * Learned optimizers: optimizers whose update rule is a small neural network with meta-parameters
 * θ, meta-trained on {@link org.polymorph.optimizers.task.OptimizationTask}s (learned_optimization,
 * Metz et al.; VeLO, arXiv 2211.09760).
 *
 * <p>A {@link org.polymorph.optimizers.learned.LearnedOptimizerArchitecture} is an OSGi service (property
 * {@value org.polymorph.optimizers.learned.LearnedOptimizerArchitecture#ARCHITECTURE_PROPERTY}) that turns a
 * configuration into a {@link org.polymorph.optimizers.learned.LearnedOptimizer}; θ is a pytree of float64 Vars
 * and {@link org.polymorph.optimizers.learned.LearnedOptimizer#optimizer} gives the
 * {@link org.polymorph.optimizers.Optimizer} it defines, differentiable in θ. A
 * {@link org.polymorph.optimizers.learned.LearnedOptimizerFile} stores architecture, configuration and θ,
 * versioned and checksummed; Methods use one with {@code optimizer=learned:<file>}.
 *
 * <pre>{@code
 * LearnedOptimizer lopt = architectures.get("architecture", "mlp_lopt").create(Map.of());
 * Object theta = lopt.initMetaParams(ops, RandomKey.of(0));
 * Optimizer opt = lopt.optimizer(ops, theta, 1000);
 * LearnedOptimizerFile.write(path, lopt, theta, Map.of("trained_by", "lopt.meta_train"));
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.optimizers.learned;
