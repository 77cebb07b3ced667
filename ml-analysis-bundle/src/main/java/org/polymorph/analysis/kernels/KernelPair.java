package org.polymorph.analysis.kernels;

import org.polymorph.core.tensor.Tensor;

/**
 * The infinite-width kernels of a network between two input sets: {@code nngp} (n1, n2), the covariance of the
 * outputs at initialisation (Neal 1996; Lee et al. 2018), and {@code ntk} (n1, n2), the neural tangent kernel
 * (Jacot et al. 2018), float64, for one output unit (all output units are independent and identical).
 */
public record KernelPair(Tensor nngp, Tensor ntk) { }
