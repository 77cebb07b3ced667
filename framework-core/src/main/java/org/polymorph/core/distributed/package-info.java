/**
 * Independent work items spread over local threads or the members of a cluster. A bundle registers a
 * {@link org.polymorph.core.distributed.WorkKind} service for each kind of item it can run; a Method hands a list of
 * {@link org.polymorph.core.distributed.WorkItem}s to the {@link org.polymorph.core.distributed.Distributed} service
 * and gets their results back in the items' order. Items and results travel as JSON text, on one machine too, so a
 * cluster run and a local run see the same values bit for bit.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.core.distributed;
