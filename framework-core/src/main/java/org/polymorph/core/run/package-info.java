/**
 * The run engine, written once for every surface (Gogo shell, headless CLI, HTTP server, cluster
 * member): the Method registry, submission, progress events, cancellation, run directories,
 * result.json and checkpoints.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.polymorph.core.run;
