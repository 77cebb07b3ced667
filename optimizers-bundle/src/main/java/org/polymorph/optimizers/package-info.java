/**
 * Gradient-based optimizers and learning-rate schedules, in the style of optax.
 *
 * <p>An {@link org.polymorph.optimizers.Optimizer} is a pair of pure functions: {@code init(params)}
 * gives the first {@link org.polymorph.optimizers.OptState}, and {@code update(grads, state, params)}
 * gives the updates (a pytree like the params) and a new state; the old state is never modified.
 * Updates are <em>added</em> to the params ({@link org.polymorph.optimizers.Optimizer#applyUpdates}).
 * Params, grads, updates and states are pytrees ({@link org.polymorph.autodiff.Trees}) whose leaves
 * are Vars or Tensors, and all arithmetic goes through {@link org.polymorph.autodiff.Ops}, so an
 * update can itself be differentiated (meta-learning) and a state can be checkpointed leaf by leaf.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.adam(ops, Schedule.cosineDecay(1e-3, 10_000, 0.0), 0.9, 0.999, 1e-8);
 * OptState state = opt.init(params);
 * for (...) {
 *     Object grads = ad.grad(loss, params);
 *     Update u = opt.update(grads, state, params);
 *     params = opt.applyUpdates(params, u.updates());
 *     state = u.state();
 * }
 * }</pre>
 *
 * <p>Methods take an optimizer by name through the registered
 * {@link org.polymorph.optimizers.OptimizerProvider} services (one per name, property
 * {@code polymorph.optimizer.name}); a provider checks the names and numbers it is given with
 * {@link org.polymorph.optimizers.OptimizerConfig}, the learning-rate schedule keys included; a
 * provider may take an argument ({@code optimizer=learned:<file>}, see
 * {@link org.polymorph.optimizers.OptimizerChoice}). The
 * implementations of the classical optimizers ({@link org.polymorph.optimizers.Sgd},
 * {@link org.polymorph.optimizers.Adam}, {@link org.polymorph.optimizers.RmsProp}) are part of this
 * package because their states are public records that checkpoints flatten and restore.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.polymorph.optimizers;
