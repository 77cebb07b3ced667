package org.polymorph.core.service;

/**
 * A service of a {@link ServiceCatalog} under the name it is looked up by, and the bundle that registered it.
 *
 * @param name the name, trimmed and lower case
 * @param service the service object
 * @param bundle symbolic name of the registering bundle; "(unregistered)" when the service went meanwhile,
 *        null in a catalog built with {@link ServiceCatalog#of}
 * @param bundleVersion that bundle's version; "0.0.0" when the service went meanwhile, null in a fixed catalog
 * @param <S> the service interface
 */
public record NamedService<S>(String name, S service, String bundle, String bundleVersion) { }
