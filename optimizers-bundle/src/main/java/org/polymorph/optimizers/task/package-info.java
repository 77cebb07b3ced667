/**
 * Optimization tasks: what learned optimizers and benchmarks train on. An
 * {@link org.polymorph.optimizers.task.OptimizationTask} is a service (property
 * {@code polymorph.task.name}) giving an initialiser of parameters from a key, a loss that is a
 * differentiable scalar of the parameters and a batch, and a stream of batches from a key, all pure
 * functions of their inputs, so that gradients and meta-gradients go through autodiff
 * ({@link org.polymorph.autodiff.AD}). It lives here rather than in the core API because the loss is
 * an autodiff {@link org.polymorph.autodiff.Var}.
 *
 * <pre>{@code
 * ServiceCatalog<OptimizationTask> tasks = OptimizationTask.catalog(bundleContext);
 * OptimizationTask t = tasks.get("task", "quadratic");
 * Object params = t.init(ops, RandomKey.of(0));
 * OptimizationTask.BatchStream data = t.batches(ts, RandomKey.of(1));
 * Var loss = t.loss(ops, params, data.batch(0));
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.optimizers.task;
