package org.polymorph.autodiff.nn;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Draws an initial parameter tensor from an explicit key. Fans follow JAX: for a shape
 * [..., in, out] (Dense [in, out], Conv2D [kh, kw, cin, cout]) fan_in = in·receptive and
 * fan_out = out·receptive, receptive being the product of the leading axes.
 */
@ConsumerType
@FunctionalInterface
public interface Initializer {
    /** A tensor of {@code shape} and floating {@code dtype}; the same key always gives the same tensor. */
    Tensor apply(TensorService ts, RandomKey key, DType dtype, int... shape);
}
