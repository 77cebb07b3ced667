package org.polymorph.shell.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reasons FileInstall would skip a jar, and the installer that claims exactly those jars. */
class UnusableJarTest {
    @TempDir
    Path dir;

    @Test
    void aBundleJarHasNoReasonAndIsLeftToFileInstall() throws Exception {
        File bundle = jar("ok.jar", "test.ok");
        assertEquals(Optional.empty(), UnusableJar.reason(bundle));
        assertFalse(new UnusableJarReporter().canHandle(bundle));
    }

    @Test
    void aTruncatedJarAPlainJarAndAJarWithoutManifestAreNamedWithTheirReason() throws Exception {
        File whole = jar("whole.jar", "test.whole");
        byte[] bytes = Files.readAllBytes(whole.toPath());
        File truncated = dir.resolve("broken.jar").toFile();
        Files.write(truncated.toPath(), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(Optional.of("not a valid jar (zip END header not found)"), UnusableJar.reason(truncated));
        assertTrue(new UnusableJarReporter().canHandle(truncated));

        assertEquals(Optional.of("not an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)"),
                UnusableJar.reason(jar("plain.jar", null)));

        File noManifest = dir.resolve("bare.jar").toFile();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(noManifest.toPath()))) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write('a');
        }
        assertEquals(Optional.of("not an OSGi bundle (no META-INF/MANIFEST.MF)"), UnusableJar.reason(noManifest));
        assertFalse(new UnusableJarReporter().canHandle(dir.resolve("notes.txt").toFile()), "only *.jar files are claimed");
    }

    @Test
    void theDisplayNameIsTheFolderAndTheFile() {
        assertEquals("deploy/x.jar", UnusableJarReporter.display(new File("/opt/polymorph/deploy/x.jar")));
    }

    private File jar(String name, String bsn) throws Exception {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) a.putValue("Bundle-SymbolicName", bsn);
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); JarOutputStream out = new JarOutputStream(os, mf)) {
            out.putNextEntry(new JarEntry("payload/data.txt"));
            out.write(new byte[4096]);
        }
        return p.toFile();
    }
}
