/**
 * Extension points by name, written once: a {@link org.polymorph.core.service.ServiceCatalog} tracks the
 * services of one interface (Methods, pair styles, optimizers, datasets, optimization tasks), names each
 * by a service property or by the service itself, settles a shared name by {@code service.ranking}, logs
 * the clash, and rejects an unknown name with a message that lists the names present now.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.polymorph.core.service;
