/**
 * Deep equilibrium models (Bai, Kolter &amp; Koltun 2019; Agarwala &amp; Schoenholz 2022, arXiv 2207.09432):
 * a layer whose output is the fixed point z* = f(z*, x; θ), found forward by Anderson acceleration or Broyden's
 * method ({@link org.polymorph.analysis.deq.FixedPointSolver}) and differentiated backward by the implicit function
 * theorem ({@link org.polymorph.analysis.deq.DeqLayer}), and the weight-matrix ensembles the paper initialises it from
 * ({@link org.polymorph.analysis.deq.InitFamily}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.deq;
