/**
 * Report figures written into run directories: {@link org.polymorph.core.report.Plot} draws line
 * and marker panels (linear or log10 y, fixed y range, legend outside the data) as PNG bytes with java.awt, headless,
 * and encodes images drawn elsewhere (with its palette for their categories).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.polymorph.core.report;
