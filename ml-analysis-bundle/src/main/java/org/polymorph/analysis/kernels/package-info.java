/**
 * Infinite-width kernels of the networks of {@code org.polymorph.analysis.network}: the NNGP (the output covariance
 * at initialisation, Lee et al. 2018) and the NTK (Jacot et al. 2018) by the layer recursions of neural-tangents'
 * stax ({@link org.polymorph.analysis.kernels.Kernels}), and the mean predictions of kernel regression with them
 * ({@link org.polymorph.analysis.kernels.NtkRegression}).
 *
 * <pre>{@code
 * KernelPair k = new Kernels(ts).compute(NetworkSpec.parse("dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=1)"), x1, x2);
 * Tensor ntk = k.ntk();   // (n1, n2), float64
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.kernels;
