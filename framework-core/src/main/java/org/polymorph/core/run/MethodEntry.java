package org.polymorph.core.run;

import org.polymorph.core.method.Method;

/**
 * A Method in the catalog and where it came from.
 *
 * @param id the id it is run under (the service property {@link Method#ID_PROPERTY}, else {@link Method#id()})
 * @param method the service
 * @param bundle symbolic name of the bundle that registered it
 * @param bundleVersion that bundle's version
 */
public record MethodEntry(String id, Method method, String bundle, String bundleVersion) { }
