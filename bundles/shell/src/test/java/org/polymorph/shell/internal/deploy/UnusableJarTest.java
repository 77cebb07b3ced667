package org.polymorph.shell.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reasons FileInstall would skip a jar, reported once per version of the file and never claimed. */
class UnusableJarTest {
    @TempDir
    Path dir;

    @Test
    void aBundleJarHasNoReasonAndIsLeftToFileInstall() throws Exception {
        assertEquals(Optional.empty(), UnusableJar.reason(jar("ok.jar", "test.ok")));
    }

    @Test
    void aTruncatedJarAPlainJarAndAJarWithoutManifestAreNamedWithTheirReason() throws Exception {
        File whole = jar("whole.jar", "test.whole");
        byte[] bytes = Files.readAllBytes(whole.toPath());
        File truncated = dir.resolve("broken.jar").toFile();
        Files.write(truncated.toPath(), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(Optional.of("not a valid jar (zip END header not found)"), UnusableJar.reason(truncated));

        assertEquals(Optional.of("not an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)"),
                UnusableJar.reason(jar("plain.jar", null)));

        File noManifest = dir.resolve("bare.jar").toFile();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(noManifest.toPath()))) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write('a');
        }
        assertEquals(Optional.of("not an OSGi bundle (no META-INF/MANIFEST.MF)"), UnusableJar.reason(noManifest));
    }

    @Test
    void eachVersionOfAnUnusableJarIsReportedOnceAndNoFileIsClaimed() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger jul = Logger.getLogger(FileInstallLog.JUL_LOGGER);
        jul.addHandler(capture);
        try {
            UnusableJarReporter reporter = new UnusableJarReporter();
            File broken = dir.resolve("broken.jar").toFile();
            Files.writeString(broken.toPath(), "half a jar");
            assertFalse(reporter.canHandle(broken), "FileInstall must keep asking: the file may become a bundle");
            assertFalse(reporter.canHandle(broken));
            assertEquals(1, records.size(), "one report per version of the file, not one per poll");
            assertEquals(Level.SEVERE, records.get(0).getLevel());
            assertEquals(broken.toURI().toString(), records.get(0).getParameters()[0]);
            assertTrue(records.get(0).getMessage().startsWith(dir.getFileName() + "/broken.jar: not a valid jar"),
                    records.get(0).getMessage());

            Files.writeString(broken.toPath(), "still not a jar, longer");
            assertFalse(reporter.canHandle(broken));
            assertEquals(2, records.size(), "a new version is reported again");
            assertFalse(reporter.canHandle(jar("ok.jar", "test.ok")));
            assertFalse(reporter.canHandle(dir.resolve("notes.txt").toFile()));
            assertEquals(2, records.size());
        } finally {
            jul.removeHandler(capture);
        }
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
