/**
 * Runnable capabilities. A {@link org.polymorph.core.method.Method} is an OSGi service (the
 * whiteboard): an id such as {@code md.run}, a one-line description, typed parameters
 * ({@link org.polymorph.core.method.ParamSpec}) and {@code run}. The shell, the headless CLI, the
 * server and the cluster only know this package.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.polymorph.core.method;
