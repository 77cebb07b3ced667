/**
 * The run engine, written once for every surface (Gogo shell, headless CLI, HTTP server, cluster
 * member). {@link org.polymorph.core.run.RunService} (an OSGi service) submits a
 * {@link org.polymorph.core.run.RunRequest} and returns a {@link org.polymorph.core.run.RunHandle}:
 * state, progress events, cancellation, the outcome. {@link org.polymorph.core.run.MethodCatalog}
 * lists the Method services and the bundles that supplied them. {@link org.polymorph.core.run.Checkpoint}
 * and {@link org.polymorph.core.run.ResumeRule} are the one checkpoint format and the one rule for
 * which parameters may change when a run is resumed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.polymorph.core.run;
