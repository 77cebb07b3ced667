package org.polymorph.shell.internal.deploy;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/**
 * Why FileInstall will not install a {@code *.jar} file: it installs a file it can read and open as a jar whose
 * manifest names a {@code Bundle-SymbolicName}, and silently skips any other.
 */
public final class UnusableJar {
    private UnusableJar() {
    }

    /** The reason {@code file} cannot be installed as a bundle, or empty when it can. */
    public static Optional<String> reason(File file) {
        if (!file.canRead()) {
            return Optional.of("cannot be read: check its permissions");
        }
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return Optional.of("not an OSGi bundle (no META-INF/MANIFEST.MF)");
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("not an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)");
            }
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.of("not a valid jar (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Optional.of("cannot be read (" + e.getMessage() + ")");
        }
    }
}
