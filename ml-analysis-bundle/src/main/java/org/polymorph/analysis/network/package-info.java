/**
 * Finite networks in neural-tangents' stax conventions, shared by the NTK, kernel, DKS and DEQ analyses: the
 * {@code layers=} grammar ({@link org.polymorph.analysis.network.NetworkSpec}, one
 * {@link org.polymorph.analysis.network.LayerSpec} per layer), a differentiable forward pass in the NTK
 * parameterisation ({@link org.polymorph.analysis.network.Network}), numpy's {@code .npy}/{@code .npz} files
 * ({@link org.polymorph.analysis.network.NpyFiles}) and the {@code x1=} inputs
 * ({@link org.polymorph.analysis.network.Inputs}).
 *
 * <pre>{@code
 * NetworkSpec spec = NetworkSpec.parse("dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=1,w_std=1.5,b_std=0.05)");
 * Network net = new Network(spec, new int[] {8});
 * List<Map<String, Tensor>> params = net.init(ts, RandomKey.of(0));
 * Var y = net.apply(ad, Trees.map(params, ad.ops()::constant), x);      // (n, 1)
 * }</pre>
 *
 * Conventions follow google/neural-tangents {@code neural_tangents/_src/stax/linear.py} and {@code elementwise.py}
 * (Jacot et al. 2018, NTK parameterisation): parameters are standard normal and the layer scales them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.network;
