/**
 * Tensors and the tensor service.
 *
 * <p>A {@link org.polymorph.core.tensor.Tensor} is an immutable handle to memory owned by a
 * {@link org.polymorph.core.tensor.TensorService}; all arithmetic goes through the service, which
 * follows NumPy's broadcasting and axis conventions (negative axes count from the end). Binary ops
 * require operands of one dtype: cast explicitly. Randomness is explicit through
 * {@link org.polymorph.core.tensor.RandomKey}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.polymorph.core.tensor;
