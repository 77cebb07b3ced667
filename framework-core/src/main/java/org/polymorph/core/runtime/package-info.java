/**
 * Small runtime helpers shared by bundles: JSON reading and writing, benchmark timing and Python peers, and the
 * Guice↔OSGi bridge that makes a bundle activator the composition root of a Guice object graph.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.polymorph.core.runtime;
