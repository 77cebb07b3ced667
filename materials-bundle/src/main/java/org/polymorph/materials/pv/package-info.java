/**
 * A 1-D drift-diffusion solar-cell simulator as deltapv (Mann et al., arXiv 2105.06305): a {@link
 * org.polymorph.materials.pv.PvDesign} (layers, doping, contacts) becomes a dimensionless {@link
 * org.polymorph.materials.pv.PvCell} under a {@link org.polymorph.materials.pv.SunSpectrum}; {@link
 * org.polymorph.materials.pv.PvResidual} gives the residual of Poisson and the continuity equations and its
 * block-tridiagonal Jacobian; {@link org.polymorph.materials.pv.PvSimulator} solves equilibrium and the bias sweep
 * (J–V, Voc, Jsc, FF, PCE). {@link org.polymorph.materials.pv.PvAdjoint} gives the gradients of PCE and J(V) with respect
 * to every {@link org.polymorph.materials.pv.DesignInputs design input} by the implicit function theorem;
 * {@link org.polymorph.materials.pv.PvVariables} maps optimisation variables (linear, log10 or −log10) onto design inputs;
 * {@link org.polymorph.materials.pv.FlatBand} gives the flat-band work function of a doped layer (deltapv's
 * {@code flatband_wf}) for band-alignment constraints.
 * {@link org.polymorph.materials.pv.QuadraticSpline} is deltapv's C¹ quadratic spline with its reverse mode, and
 * {@link org.polymorph.materials.pv.IvDiscrepancy} deltapv's polar discrepancy between two J–V curves.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.polymorph.materials.pv;
