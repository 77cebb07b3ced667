/** Stand-in for the network API of the spec (replaced by branch net at merge). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.network;
