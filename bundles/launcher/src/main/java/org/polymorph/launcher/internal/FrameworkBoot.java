package org.polymorph.launcher.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.polymorph.launcher.Launcher;

/**
 * Starts Felix for a distribution home: system properties, framework properties, bundle-cache sync,
 * then {@code start()}, which returns once every bundle up to the requested start level is started.
 */
public final class FrameworkBoot {
    private FrameworkBoot() {
    }

    public static Framework start(Path home, Map<String, String> overrides, int startLevel, PrintStream err)
            throws IOException, BundleException {
        return start(home, overrides, startLevel, err, ctx -> { });
    }

    /**
     * As {@link #start(Path, Map, int, PrintStream)}; {@code beforeStart} gets the system bundle context
     * after {@code init()} and before {@code start()}, e.g. to add listeners that must see every event.
     */
    public static Framework start(Path home, Map<String, String> overrides, int startLevel, PrintStream err,
            Consumer<BundleContext> beforeStart) throws IOException, BundleException {
        if (startLevel < 1) {
            throw new IllegalArgumentException("startLevel " + startLevel + " is invalid: use 1 or more"
                    + " (6 headless, 9 interactive shell)");
        }
        Timing timing = Timing.fromSystemProperty(err);
        timing.mark("launcher main");
        Path h = home.toAbsolutePath().normalize();
        SystemProperties.apply(h, h.resolve("conf").resolve("system.properties"));
        Map<String, String> config = frameworkConfig(h, overrides, startLevel);
        boolean cluster = Boolean.parseBoolean(config.get(Launcher.CLUSTER_ENABLED));
        List<BundleJar> jars = BundleScanner.scan(h.resolve("bundle"),
                folder -> (startLevel == Launcher.SERVER_LEVEL || !folder.equals(Launcher.SERVER_FOLDER))
                        && (cluster || !folder.equals(Launcher.CLUSTER_FOLDER)));
        Path storage = Path.of(config.get(Constants.FRAMEWORK_STORAGE));
        if (!CacheDir.isFree(storage)) {
            config.put(Constants.FRAMEWORK_STORAGE, CacheDir.privateCache(h.resolve("cache"), err).toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        } else if (BundleSync.hasVanishedJars(storage)) {
            CacheDir.deleteTree(storage); // the distribution's bundle set changed: rebuild the cache once
            timing.mark("bundle cache wiped: a bundle jar was removed or renamed");
        }
        Framework framework = newFramework(config, err);
        framework.init();
        timing.mark("framework initialised (" + jars.size() + " bundle jars in " + h.resolve("bundle") + ")");
        try {
            BundleSync.Outcome outcome = BundleSync.sync(framework.getBundleContext(), jars);
            timing.mark("bundle cache synced: " + outcome);
            timing.watchBundles(framework.getBundleContext());
            // before log4j-api starts: it must not get Log4j's provider through the context of every bundle
            framework.getBundleContext().registerService(FindHook.class, new Log4jProviderVisibility(), null);
            beforeStart.accept(framework.getBundleContext());
            framework.start();
        } catch (IOException | BundleException | RuntimeException e) {
            framework.stop();
            throw e;
        }
        timing.mark("start level " + startLevel + " reached");
        return framework;
    }

    /** conf/config.properties, then fixed launcher properties, then the caller's overrides; ${...} expanded. */
    static Map<String, String> frameworkConfig(Path home, Map<String, String> overrides, int startLevel)
            throws IOException {
        Map<String, String> raw = PropertyFiles.load(home.resolve("conf").resolve("config.properties"));
        raw.put(SystemProperties.HOME, home.toString());
        raw.put(SystemProperties.CWD, System.getProperty(SystemProperties.CWD));
        raw.putIfAbsent(Constants.FRAMEWORK_STORAGE, home.resolve("felix-cache").toString());
        raw.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        raw.putAll(overrides);
        raw.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(startLevel));
        return new HashMap<>(PropertyFiles.expand(raw, System::getProperty));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Framework newFramework(Map<String, String> config, PrintStream err) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkBoot.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path: lib/ must hold"
                        + " org.apache.felix.framework.jar"));
        Map raw = new HashMap<>(config);
        raw.put("felix.log.logger", new StreamLogger(err)); // Felix takes a Logger object in its configuration map
        return factory.newFramework(raw);
    }
}
