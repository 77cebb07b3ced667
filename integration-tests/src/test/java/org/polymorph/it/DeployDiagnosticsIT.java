package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleActivator;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.Polling;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.ProcessRun;

/**
 * Jars in deploy/ that cannot serve, as a user meets them with bin/polymorph: a truncated jar (FileInstall skips it
 * without a word) and a bundle whose activator throws. The headless command names each jar and its reason on stderr
 * and does not wait out its 10 s deploy timeout for them (the timeout's "not started after" line stays away), and
 * logs/polymorph.log holds the error as well as the console. A truncated jar dropped into a running runtime is
 * logged too, and its complete copy, moved over it, is installed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeployDiagnosticsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String BOOM = "the calibration table is missing";

    @Test
    void aTruncatedJarIsNamedWithItsReasonInTheLogAndOnTheConsole() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("deploy-broken"));
        try {
            byte[] jar = Files.readAllBytes(DistributionHome.exampleJar());
            Files.write(home.resolve("deploy/broken.jar"), java.util.Arrays.copyOf(jar, jar.length / 2));
            ProcessRun r = ProcessRun.polymorph(home, home, null, TIMEOUT, "methods");
            assertEquals(0, r.exit(), r.describe());
            assertTrue(r.out().contains("tensor.info"), r.describe());
            assertTrue(r.err().contains("  deploy/broken.jar: not a valid jar (zip END header not found)"), r.describe());
            assertFalse(r.err().contains("not started after"), "waited out the deploy timeout: " + r.describe());
            assertTrue(r.err().contains("ERROR fileinstall - deploy/broken.jar: not a valid jar"), "console: " + r.describe());
            String log = Files.readString(home.resolve("logs/polymorph.log"));
            assertTrue(log.contains("deploy/broken.jar: not a valid jar (zip END header not found)"), log);
        } finally {
            DistributionHome.dropCaches(home);
        }
    }

    @Test
    void aThrowingActivatorIsNamedWithItsMessageInTheLogAndOnTheConsole() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("deploy-throws"));
        try {
            throwingBundle(home.resolve("deploy/boom.jar"), home.getParent().resolve("boom-src"));
            ProcessRun r = ProcessRun.polymorph(home, home, null, TIMEOUT, "methods");
            assertEquals(0, r.exit(), r.describe());
            assertTrue(r.out().contains("tensor.info"), r.describe());
            assertTrue(r.err().contains("  deploy/boom.jar: its activator failed: " + BOOM), r.describe());
            assertFalse(r.err().contains("not started after"), "waited out the deploy timeout: " + r.describe());
            assertTrue(r.err().contains("fileinstall - Error while starting bundle: file:"), "console: " + r.describe());
            String log = Files.readString(home.resolve("logs/polymorph.log"));
            assertTrue(log.contains("Error while starting bundle: file:") && log.contains("boom.jar") && log.contains(BOOM), log);
        } finally {
            DistributionHome.dropCaches(home);
        }
    }

    @Test
    void aTruncatedJarDroppedIntoARunningRuntimeIsLoggedAndItsCompleteCopyIsThenInstalled() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("deploy-drop"));
        Path cwd = Files.createDirectories(home.getParent().resolve("user-cwd"));
        try (InProcessRuntime runtime = InProcessRuntime.start(home, cwd, Map.of("felix.fileinstall.poll", "100"))) {
            byte[] jar = Files.readAllBytes(DistributionHome.exampleJar());
            Path target = home.resolve("deploy/custom-method-example.jar");
            Path staged = home.resolve("custom-method-example.jar.part");
            Files.write(staged, java.util.Arrays.copyOf(jar, jar.length / 2));
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            Path log = home.resolve("logs/polymorph.log");
            assertTrue(Polling.waitFor(() -> read(log).contains("deploy/custom-method-example.jar: not a valid jar (zip END header not found)")),
                    "no report 10 s after the drop: " + read(log));

            Files.copy(DistributionHome.exampleJar(), staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Polling.waitFor(() -> methodRegistered(runtime)), "the complete copy was not installed: " + read(log));
        } finally {
            DistributionHome.dropCaches(home);
        }
    }

    private static boolean methodRegistered(InProcessRuntime runtime) {
        try {
            return runtime.context().getAllServiceReferences("org.polymorph.core.method.Method", "(polymorph.method.id=example.rosenbrock)") != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A bundle test.boom whose activator throws IllegalStateException(BOOM), compiled here against the OSGi API. */
    private static void throwingBundle(Path jar, Path work) throws Exception {
        Path src = Files.createDirectories(work.resolve("src/test/boom"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(src.resolve("Boom.java"), "package test.boom;\n"
                + "public final class Boom implements org.osgi.framework.BundleActivator {\n"
                + "  public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException(\"" + BOOM + "\"); }\n"
                + "  public void stop(org.osgi.framework.BundleContext c) { }\n"
                + "}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "the tests need a JDK (javax.tools) to build the throwing bundle");
        String api = Path.of(BundleActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", api, "-d", classes.toString(), src.resolve("Boom.java").toString());
        assertEquals(0, rc, "javac of the throwing activator");
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test.boom");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "test.boom.Boom");
        a.putValue("Import-Package", "org.osgi.framework");
        Path staged = jar.resolveSibling("boom.jar.part");
        try (OutputStream out = Files.newOutputStream(staged); JarOutputStream j = new JarOutputStream(out, mf)) {
            for (String name : List.of("test/boom/Boom.class")) {
                j.putNextEntry(new JarEntry(name));
                try (InputStream in = Files.newInputStream(classes.resolve(name))) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError("could not write " + staged, e);
        }
        Files.move(staged, jar);
    }
}
