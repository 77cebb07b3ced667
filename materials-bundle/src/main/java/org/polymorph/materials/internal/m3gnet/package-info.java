/**
 * The M3GNet universal potential (pair style {@code m3gnet}) with matgl's released weights: a reader of PyTorch
 * state dicts without PyTorch ({@link org.polymorph.materials.internal.m3gnet.TorchState}, its restricted
 * unpickler), the model folder ({@link org.polymorph.materials.internal.m3gnet.M3gnetModel}), the bond and
 * three-body graphs with matgl's or corrected indexing, the energy in autodiff ops
 * ({@link org.polymorph.materials.internal.m3gnet.M3gnet}), the fused kernel with hand-written reverse mode (float64, or
 * float32 matrix products), its dense layers in SIMD lanes where the JVM has the Vector API,
 * and {@code bench.m3gnet}. Units Å, eV; stress (1/V)·∂E/∂ε.
 */
package org.polymorph.materials.internal.m3gnet;
