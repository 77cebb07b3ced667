/**
 * Deep Kernel Shaping (Martens et al. 2021, arXiv 2110.01765) and Tailored Activation Transformations (Zhang,
 * Botev, Martens, ICLR 2022): Q and C maps of an activation function (Poole et al. 2016), their local derivatives,
 * the subnetwork maximising function of an architecture, and the transformed activation
 * φ̂(x) = output_scale·(φ(input_scale·x + input_shift) + output_shift) that meets the DKS or TAT conditions.
 * Gaussian expectations are computed by composite Gauss–Legendre quadrature on [−10, 10], split at kinks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.dks;
