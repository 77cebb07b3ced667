package org.polymorph.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Brings a kept bundle cache ({@code org.osgi.framework.storage.clean=none}) in line with the
 * distribution's {@code bundle/} folders. Runs after {@code Framework.init()}, before {@code start()},
 * when nothing is resolved yet, so updates and uninstalls take effect without a refresh.
 *
 * <p>An index in the system bundle's data area maps each location this launcher installed to the jar's
 * fingerprint (size:mtime). Jars that are new get installed, changed ones updated, vanished ones
 * uninstalled. Bundles the launcher did not install (FileInstall's from {@code deploy/}) are left alone.
 */
public final class BundleSync {
    static final String INDEX_FILE = "polymorph-bundles.properties";

    /** What one sync did. */
    public record Outcome(int installed, int updated, int uninstalled, int unchanged) {
        @Override
        public String toString() {
            return installed + " installed, " + updated + " updated, " + uninstalled + " uninstalled, "
                    + unchanged + " unchanged";
        }
    }

    private BundleSync() {
    }

    /**
     * True when a jar this launcher installed by reference has vanished from {@code bundle/} (a renamed or
     * removed bundle): Felix would fail to reload it, so the caller wipes the cache before {@code init()}.
     * The index sits in the system bundle's data folder, {@code <storage>/bundle0/}.
     */
    public static boolean hasVanishedJars(Path storage) throws IOException {
        Properties index = readIndex(storage.resolve("bundle0").resolve(INDEX_FILE).toFile());
        for (String location : index.stringPropertyNames()) {
            if (location.startsWith("reference:file:")
                    && !Files.exists(Path.of(URI.create(location.substring("reference:".length()))))) {
                return true;
            }
        }
        return false;
    }

    public static Outcome sync(BundleContext system, List<BundleJar> jars) throws IOException, BundleException {
        File indexFile = system.getDataFile(INDEX_FILE);
        Properties index = readIndex(indexFile);
        Map<String, Bundle> byLocation = new HashMap<>();
        for (Bundle b : system.getBundles()) {
            if (b.getBundleId() != 0) {
                byLocation.put(b.getLocation(), b);
            }
        }
        // Uninstall vanished jars first: a copied or moved home has new locations for the same
        // bundles, and installing those before removing the old ones would clash on name and version.
        int uninstalled = 0;
        Set<String> wanted = new HashSet<>();
        for (BundleJar jar : jars) {
            wanted.add(jar.location());
        }
        for (Iterator<Bundle> it = byLocation.values().iterator(); it.hasNext(); ) {
            Bundle stale = it.next();
            if (!wanted.contains(stale.getLocation()) && index.containsKey(stale.getLocation())) {
                stale.uninstall();
                it.remove();
                uninstalled++;
            }
        }
        Properties next = new Properties();
        int installed = 0;
        int updated = 0;
        int unchanged = 0;
        for (BundleJar jar : jars) {
            String location = jar.location();
            String fingerprint = jar.fingerprint();
            Bundle bundle = byLocation.remove(location);
            if (bundle == null) {
                bundle = system.installBundle(location);
                installed++;
            } else if (!fingerprint.equals(index.getProperty(location))) {
                bundle.update();
                updated++;
            } else {
                unchanged++;
            }
            prepare(bundle, jar.level());
            next.setProperty(location, fingerprint);
        }
        if (installed + updated + uninstalled > 0 || !next.equals(index)) {
            writeIndex(indexFile, next);
        }
        return new Outcome(installed, updated, uninstalled, unchanged);
    }

    /** Sets the start level from the folder and marks the bundle to start once the framework reaches it. */
    private static void prepare(Bundle bundle, int level) throws BundleException {
        BundleStartLevel bsl = bundle.adapt(BundleStartLevel.class);
        if (bsl.getStartLevel() != level) {
            bsl.setStartLevel(level);
        }
        if (!bsl.isPersistentlyStarted() && !isFragment(bundle)) {
            bundle.start();
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get("Fragment-Host") != null;
    }

    private static Properties readIndex(File file) throws IOException {
        Properties p = new Properties();
        if (file != null && file.isFile()) {
            try (InputStream in = Files.newInputStream(file.toPath())) {
                p.load(in);
            }
        }
        return p;
    }

    /** Written to a temporary name, then renamed: a crash never leaves half an index. */
    private static void writeIndex(File file, Properties index) throws IOException {
        if (file == null) {
            return;
        }
        File tmp = new File(file.getPath() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
            index.store(out, "bundle jars installed by the Polymorph launcher: location = size:mtime");
        }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
