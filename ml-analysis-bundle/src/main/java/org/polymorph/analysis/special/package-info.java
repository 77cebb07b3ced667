/** Special functions shared by the analysis packages (error function, normal distribution function). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.special;
