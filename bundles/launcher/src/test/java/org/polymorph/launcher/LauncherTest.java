package org.polymorph.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.polymorph.launcher.internal.DeployedBundles;
import org.polymorph.launcher.internal.FrameworkBoot;

/** Starts a real Felix on a tiny generated distribution home. */
class LauncherTest {
    @TempDir
    Path home;

    @Test
    void startLevelsComeFromFolderNamesAndTheCacheIsKeptAndSynced() throws Exception {
        Path a = bundle("1-base/a.jar", "test.a", "1.0.0");
        bundle("3-mid/b.jar", "test.b", "1.0.0");
        bundle("9-console/c.jar", "test.c", "1.0.0");
        Framework fw = Launcher.start(home, Map.of(), Launcher.HEADLESS_LEVEL);
        long installedA;
        try {
            assertEquals(Bundle.ACTIVE, find(fw, "test.a").getState());
            assertEquals(3, find(fw, "test.b").adapt(BundleStartLevel.class).getStartLevel());
            assertEquals(Bundle.ACTIVE, find(fw, "test.b").getState());
            assertTrue(find(fw, "test.c").getState() != Bundle.ACTIVE, "level 9 must not start headless");
            installedA = find(fw, "test.a").getLastModified();
        } finally {
            assertTrue(Launcher.stop(fw, Duration.ofSeconds(10)));
        }
        Thread.sleep(20);
        fw = Launcher.start(home, Map.of(), Launcher.HEADLESS_LEVEL);
        try {
            assertEquals(installedA, find(fw, "test.a").getLastModified(), "unchanged jars reuse the kept cache");
            assertEquals(Bundle.ACTIVE, find(fw, "test.b").getState());
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
        bundle("1-base/a.jar", "test.a", "2.0.0");
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5000));
        Files.delete(home.resolve("bundle/3-mid/b.jar"));
        fw = Launcher.start(home, Map.of(), Launcher.SHELL_LEVEL);
        try {
            Bundle a2 = find(fw, "test.a");
            assertEquals("2.0.0", a2.getVersion().toString(), "a changed jar is updated");
            assertNull(find(fw, "test.b"), "a removed jar is uninstalled");
            assertEquals(Bundle.ACTIVE, find(fw, "test.c").getState());
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void runCommandPassesArgsAndStreamsAndReturnsTheCode() throws Exception {
        bundle("1-base/a.jar", "test.a", "1.0.0");
        Framework fw = Launcher.start(home, Map.of(), Launcher.HEADLESS_LEVEL);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int none = Launcher.runCommand(fw, new String[] {"methods"}, print(out), print(err),
                    Duration.ofMillis(200));
            assertEquals(1, none);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("polymorph.cli=true"));
            Function<Object[], Integer> cli = call -> { // {String[] args, PrintStream out, PrintStream err}
                String[] args = (String[]) call[0];
                ((java.io.PrintStream) call[1]).print(String.join("|", args));
                return args.length == 2 ? 2 : 0;
            };
            Hashtable<String, Object> props = new Hashtable<>(Map.of("polymorph.cli", "true"));
            fw.getBundleContext().registerService(Function.class, cli, props);
            int code = Launcher.runCommand(fw, new String[] {"run", "x"}, print(out), print(err),
                    Duration.ofSeconds(5));
            assertEquals(2, code);
            assertEquals("run|x", out.toString(StandardCharsets.UTF_8));
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void theServerFolderIsInstalledOnlyAtTheServerLevel() throws Exception {
        bundle("1-base/a.jar", "test.a", "1.0.0");
        bundle(Launcher.SERVER_FOLDER + "/http.jar", "test.http", "1.0.0");
        bundle("9-console/c.jar", "test.c", "1.0.0");
        Framework fw = Launcher.start(home, Map.of(), Launcher.SERVER_LEVEL);
        try {
            assertEquals(Bundle.ACTIVE, find(fw, "test.http").getState());
            assertTrue(find(fw, "test.c").getState() != Bundle.ACTIVE, "the console does not start in a server");
        } finally {
            assertTrue(Launcher.stop(fw, Duration.ofSeconds(10)));
        }
        for (int level : new int[] {Launcher.HEADLESS_LEVEL, Launcher.SHELL_LEVEL}) {
            fw = Launcher.start(home, Map.of(), level);
            try {
                assertNull(find(fw, "test.http"), "the HTTP stack is not even installed at level " + level);
                assertEquals(Bundle.ACTIVE, find(fw, "test.a").getState());
            } finally {
                assertTrue(Launcher.stop(fw, Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void configPropertiesAreExpandedWithHome() throws Exception {
        bundle("1-base/a.jar", "test.a", "1.0.0");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.properties"), "test.dir=${polymorph.home}/deploy\n");
        Framework fw = Launcher.start(home, Map.of("test.extra", "${test.dir}/x"), Launcher.HEADLESS_LEVEL);
        try {
            String expected = home.toAbsolutePath().normalize() + "/deploy";
            assertEquals(expected, fw.getBundleContext().getProperty("test.dir"));
            assertEquals(expected + "/x", fw.getBundleContext().getProperty("test.extra"));
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void headlessWaitsForDeployedJarsUntilTheirStartedEventWasDispatched() throws Exception {
        // stands in for FileInstall: DeployedBundles only checks that a bundle with its name is active
        bundle("5-deploy/fileinstall.jar", DeployedBundles.FILEINSTALL_BSN, "3.7.4");
        Path deploy = Files.createDirectories(home.resolve("deploy dir"));
        Path jar = jar(deploy.resolve("my method.jar"), "test.deployed", "1.0.0");
        Files.writeString(deploy.resolve("README.txt"), "not a bundle");
        DeployedBundles deployed = new DeployedBundles();
        Framework fw = FrameworkBoot.start(home, Map.of(DeployedBundles.DIR_PROPERTY, deploy.toString()),
                Launcher.HEADLESS_LEVEL, System.err, deployed::watch);
        try {
            BundleContext ctx = fw.getBundleContext();
            // like Declarative Services: registers the bundle's service from a synchronous listener, after ACTIVE
            ctx.addBundleListener((SynchronousBundleListener) e -> {
                if (e.getType() == BundleEvent.STARTED && "test.deployed".equals(e.getBundle().getSymbolicName())) {
                    sleep(300);
                    ctx.registerService(Runnable.class, () -> { }, new Hashtable<>(Map.of("test.deployed", "true")));
                }
            });
            // like FileInstall: installs and starts the jar on its own thread, after the framework started
            Thread installer = new Thread(() -> {
                sleep(200);
                try {
                    ctx.installBundle(jar.toUri().toString()).start();
                } catch (BundleException e) {
                    throw new IllegalStateException(e);
                }
            });
            installer.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            deployed.await(Duration.ofSeconds(10), print(err));
            assertTrue(ctx.getServiceReferences(Runnable.class, "(test.deployed=true)").size() == 1,
                    "the service registered on STARTED is there when the wait returns");
            assertEquals("", err.toString(StandardCharsets.UTF_8));
            installer.join();
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void headlessDoesNotWaitWithoutDeployedJarsAndWarnsAfterTheTimeout() throws Exception {
        bundle("5-deploy/fileinstall.jar", DeployedBundles.FILEINSTALL_BSN, "3.7.4");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(deploy.resolve("README.txt"), "not a bundle");
        DeployedBundles deployed = new DeployedBundles();
        Framework fw = FrameworkBoot.start(home, Map.of(DeployedBundles.DIR_PROPERTY, deploy.toString()),
                Launcher.HEADLESS_LEVEL, System.err, deployed::watch);
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            deployed.await(Duration.ofSeconds(10), print(err));
            assertTrue(System.nanoTime() - t0 < 100_000_000L, "an empty deploy/ costs no time");
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }

        jar(deploy.resolve("never-installed.jar"), "test.never", "1.0.0"); // no real FileInstall to install it
        deployed = new DeployedBundles();
        fw = FrameworkBoot.start(home, Map.of(DeployedBundles.DIR_PROPERTY, deploy.toString()),
                Launcher.HEADLESS_LEVEL, System.err, deployed::watch);
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            deployed.await(Duration.ofMillis(300), print(err));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("[never-installed.jar]"), err.toString());
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void headlessNamesTheJarsFileInstallReportedAsFailedWithTheirReasonWithoutWaitingForThem() throws Exception {
        bundle("5-deploy/fileinstall.jar", DeployedBundles.FILEINSTALL_BSN, "3.7.4");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Path broken = deploy.resolve("broken.jar");
        Files.writeString(broken, "half a jar");
        Path boom = jar(deploy.resolve("boom.jar"), "test.boom", "1.0.0");
        DeployedBundles deployed = new DeployedBundles();
        Framework fw = FrameworkBoot.start(home, Map.of(DeployedBundles.DIR_PROPERTY, deploy.toString()),
                Launcher.HEADLESS_LEVEL, System.err, deployed::watch);
        try {
            // like the shell's report on a jar FileInstall cannot install, and FileInstall's own start error
            Thread fileInstall = new Thread(() -> {
                sleep(200);
                java.util.logging.Logger log = java.util.logging.Logger.getLogger("fileinstall");
                LogRecord r = new LogRecord(Level.SEVERE, "deploy/broken.jar: not a valid jar (zip END header not found)");
                r.setParameters(new Object[] {broken.toFile().toURI().toString(), "not a valid jar (zip END header not found)"});
                log.log(r);
                log.log(Level.SEVERE, "Error while starting bundle: " + boom.toFile().toURI(), new BundleException(
                        "Activator start error in bundle test.boom [3].", BundleException.ACTIVATOR_ERROR,
                        new IllegalStateException("the calibration table is missing")));
            });
            fileInstall.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            deployed.await(Duration.ofSeconds(30), print(err));
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("  deploy/broken.jar: not a valid jar (zip END header not found)"), text);
            assertTrue(text.contains("  deploy/boom.jar: its activator failed: the calibration table is missing"), text);
            assertFalse(text.contains("not started after"), "waited out the timeout: " + text);
            fileInstall.join();
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    @Test
    void log4jsProviderServiceIsSeenOnlyByTheBundleThatRegisteredIt() throws Exception {
        bundle("1-base/core.jar", "test.log4j.core", "1.0.0");
        bundle("1-base/other.jar", "test.other", "1.0.0");
        Framework fw = Launcher.start(home, Map.of(), Launcher.HEADLESS_LEVEL);
        try {
            BundleContext core = find(fw, "test.log4j.core").getBundleContext();
            BundleContext other = find(fw, "test.other").getBundleContext();
            String provider = "org.apache.logging.log4j.spi.Provider";
            // a factory: Felix checks a plain service object against the class, which these bundles cannot load
            core.registerService(provider, new ServiceFactory<Object>() {
                @Override
                public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                    return new Object();
                }

                @Override
                public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
                }
            }, null);
            other.registerService(Runnable.class, () -> { }, null);
            assertEquals(1, core.getServiceReferences(provider, null).length, "its registrant finds it");
            assertNull(other.getServiceReferences(provider, null), "another bundle's context must not find it (and get it)");
            assertEquals(1, core.getServiceReferences(Runnable.class.getName(), null).length, "other services stay visible");
        } finally {
            Launcher.stop(fw, Duration.ofSeconds(10));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PrintStream print(OutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static Bundle find(Framework fw, String bsn) {
        return Arrays.stream(fw.getBundleContext().getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    private Path bundle(String rel, String bsn, String version) throws IOException {
        return jar(home.resolve("bundle").resolve(rel), bsn, version);
    }

    private static Path jar(Path p, String bsn, String version) throws IOException {
        Files.createDirectories(p.getParent());
        Manifest m = new Manifest();
        Attributes at = m.getMainAttributes();
        at.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        at.putValue("Bundle-ManifestVersion", "2");
        at.putValue("Bundle-SymbolicName", bsn);
        at.putValue("Bundle-Version", version);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(p), m)) {
            jar.flush();
        }
        return p;
    }
}
