/**
 * Neural-network layers as init/apply pairs over the autodiff engine (after neural-tangents stax
 * and Flax).
 *
 * <p><b>Concept.</b> A {@link org.polymorph.autodiff.nn.Layer} holds configuration only.
 * {@code init(ops, key, inputShape, dtype)} returns the parameter pytree, the initial state pytree
 * and the output shape; {@code apply(params, state, x, ctx)} returns the output and the new state.
 * Nothing is mutated: BatchNorm's running statistics come back from {@code apply} and the caller
 * threads them into the next step, exactly as an optimiser state. Parameters are records
 * ({@code Dense.Params}, {@code Conv2D.Params}, ...), Lists ({@link
 * org.polymorph.autodiff.nn.Sequential}) and Maps, so {@link org.polymorph.autodiff.AD#grad}
 * differentiates them directly and {@link org.polymorph.autodiff.nn.ParamStore} saves them.
 * Randomness is always an explicit {@link org.polymorph.core.tensor.RandomKey}: split at init,
 * carried by {@link org.polymorph.autodiff.nn.Context} at apply (Dropout), never global.
 * The Context also carries the train/eval flag and which statistics a
 * {@link org.polymorph.autodiff.nn.SplitBatchNorm} uses.
 *
 * <p>Layouts: dense layers act on the last axis; images are NHWC [batch, h, w, c] with kernels
 * [kh, kw, cin, cout]; attention takes [batch, t, d].
 *
 * <pre>{@code
 * Layer net = Sequential.serial(new Conv2D(8, 3, 3).padding(Padding.SAME), new BatchNorm(),
 *         Activation.relu(), new MaxPool2D(2, 2), new Flatten(), new Dense(10));
 * Layer.Init init = net.init(ops, RandomKey.of(0), Shape.of(1, 28, 28, 1), DType.FLOAT32);
 * Context ctx = Context.train(RandomKey.of(1).foldIn(step));
 * ValueAndGrad<Object> vg = ad.valueAndGradWithAux(p -> {
 *     Layer.Output out = net.apply(p, state, images, ctx);
 *     return new WithAux(Losses.softmaxCrossEntropy(out.y(), labels), out.state());
 * }, init.params());
 * state = vg.aux();                                    // updated running statistics
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.polymorph.autodiff.nn;
