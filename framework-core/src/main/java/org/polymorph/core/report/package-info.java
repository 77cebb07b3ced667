/**
 * Report figures written into run directories: {@link org.polymorph.core.report.Plot} draws line
 * panels (linear or log10 y, fixed y range, legend) as PNG bytes with java.awt, headless.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.core.report;
