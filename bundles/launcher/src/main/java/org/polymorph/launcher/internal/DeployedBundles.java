package org.polymorph.launcher.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Lets a headless command wait for the jars already in FileInstall's folder ({@code deploy/}) to be
 * started, so that the services they register (Methods) are visible to the command.
 *
 * <p>FileInstall starts those jars on its own thread, after the framework has started (on the first run
 * even one poll interval later, as it does not start bundles while the framework is still starting).
 * {@link Bundle#ACTIVE} alone is not enough: Felix sets the state, then dispatches {@code STARTED} to
 * the synchronous listeners, and it is there that Declarative Services (an extender) loads the bundle's
 * components and registers their services. So a bundle counts as started only once its {@code STARTED}
 * event has reached this class's <em>asynchronous</em> listener, which Felix calls only after every
 * synchronous listener has returned. The listener is added by {@link #watch} before the framework starts,
 * so no event is missed. A fragment counts once it is resolved.
 *
 * <p>A jar FileInstall reports as failed on its log ({@link DeployFailures}: an activator that threw, a bundle
 * that does not resolve, a file that is not a bundle jar) is not waited for: the warning names it and the reason.
 *
 * <p>With no jar in the folder (or no active FileInstall) {@link #await} returns at once.
 */
public final class DeployedBundles {
    /** FileInstall's framework property naming the watched folder. */
    public static final String DIR_PROPERTY = "felix.fileinstall.dir";
    /** FileInstall's framework property: a regular expression the watched file names must match. */
    public static final String FILTER_PROPERTY = "felix.fileinstall.filter";
    /** FileInstall's symbolic name: without that bundle active, nothing is waited for. */
    public static final String FILEINSTALL_BSN = "org.apache.felix.fileinstall";

    private final Object lock = new Object();
    /** Bundle ids whose latest asynchronously delivered event was STARTED (or RESOLVED, for fragments). */
    private final Set<Long> settled = new HashSet<>();
    private BundleContext context;
    private final BundleListener listener = this::bundleChanged;
    /**
     * Made by {@link #watch}, not before: a java.util.logging handler reads that package's configuration, whose file
     * the launcher names only when it starts the framework (conf/system.properties).
     */
    private DeployFailures failures;

    /** Starts recording bundle events; call between {@code Framework.init()} and {@code start()}. */
    public void watch(BundleContext ctx) {
        this.context = ctx;
        ctx.addBundleListener(listener); // a plain BundleListener: asynchronous delivery
        failures = new DeployFailures(this::wake);
        failures.attach();
    }

    /**
     * Waits until every {@code *.jar} in FileInstall's folder is a started bundle (a resolved fragment) or has been
     * reported as failed, at most {@code timeout}; then warns on {@code err}, one line per failed jar with its
     * reason and one for those still not started, and goes on. Stops recording events either way.
     */
    public void await(Duration timeout, PrintStream err) {
        if (context == null) {
            throw new IllegalStateException("watch(BundleContext) was not called before the framework started");
        }
        try {
            List<Path> pending = fileInstallActive() ? jars(deployDir(), context.getProperty(FILTER_PROPERTY))
                    : new ArrayList<>();
            List<String> failed = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (true) {
                    pending.removeIf(this::started);
                    moveFailed(pending, failed);
                    long left = deadline - System.nanoTime();
                    if (pending.isEmpty() || left <= 0) {
                        break;
                    }
                    // woken by each bundle event and failure report; the bound only guards against a missed notification
                    lock.wait(Math.max(1, Math.min(200, left / 1_000_000)));
                }
            }
            warn(failed, pending, timeout, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failures.detach();
            try {
                context.removeBundleListener(listener);
            } catch (IllegalStateException stopped) {
                // the framework was stopped meanwhile (Ctrl-C)
            }
        }
    }

    /** Moves the jars FileInstall reported as failed from {@code pending} to {@code failed}, with their reason. */
    private void moveFailed(List<Path> pending, List<String> failed) {
        for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
            Path jar = it.next();
            Optional<String> reason = failures.reason(jar);
            if (reason.isPresent()) {
                failed.add(display(jar) + ": " + reason.get());
                it.remove();
            }
        }
    }

    private static void warn(List<String> failed, List<Path> pending, Duration timeout, PrintStream err) {
        if (!failed.isEmpty()) {
            err.println("polymorph: warning: deploy/ jars that failed, going on without them (details in"
                    + " logs/polymorph.log):");
            failed.forEach(line -> err.println("  " + line));
        }
        if (!pending.isEmpty()) {
            List<String> names = new ArrayList<>();
            pending.forEach(p -> names.add(p.getFileName().toString()));
            err.println("polymorph: warning: deploy/ jars not started after " + timeout.toSeconds()
                    + " s: " + names + " (see logs/polymorph.log); going on without them");
        }
    }

    /** {@code deploy/name.jar}: the folder's own name and the file name. */
    static String display(Path jar) {
        Path dir = jar.getParent();
        return (dir == null || dir.getFileName() == null ? "" : dir.getFileName() + "/") + jar.getFileName();
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void bundleChanged(BundleEvent event) {
        long id = event.getBundle().getBundleId();
        synchronized (lock) {
            switch (event.getType()) {
                case BundleEvent.STARTED -> settled.add(id);
                case BundleEvent.RESOLVED -> {
                    if (isFragment(event.getBundle())) settled.add(id);
                }
                case BundleEvent.STOPPED, BundleEvent.UNRESOLVED, BundleEvent.UPDATED, BundleEvent.UNINSTALLED ->
                        settled.remove(id);
                default -> {
                    return;
                }
            }
            lock.notifyAll();
        }
    }

    /** Called with {@link #lock} held. */
    private boolean started(Path jar) {
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && isLocationOf(b.getLocation(), jar)) {
                int expected = isFragment(b) ? Bundle.RESOLVED : Bundle.ACTIVE;
                return b.getState() == expected && settled.contains(b.getBundleId());
            }
        }
        return false; // not installed yet
    }

    /** FileInstall's locations are file URIs of the jar (percent-encoded). */
    static boolean isLocationOf(String location, Path jar) {
        if (location == null || !location.startsWith("file:")) {
            return false;
        }
        Path path;
        try {
            path = Path.of(URI.create(location));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return location.endsWith("/" + jar.getFileName());
        }
        if (path.getFileName() == null || !path.getFileName().equals(jar.getFileName())) {
            return false;
        }
        if (path.normalize().equals(jar)) {
            return true;
        }
        try {
            return Files.isSameFile(path, jar);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get("Fragment-Host") != null;
    }

    private boolean fileInstallActive() {
        for (Bundle b : context.getBundles()) {
            if (FILEINSTALL_BSN.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    private Path deployDir() {
        String dir = context.getProperty(DIR_PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /** The {@code *.jar} files FileInstall will install: those its file-name filter (if any) accepts. */
    static List<Path> jars(Path deployDir, String filter) {
        List<Path> jars = new ArrayList<>();
        if (deployDir == null || !Files.isDirectory(deployDir)) {
            return jars;
        }
        try (Stream<Path> files = Files.list(deployDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .filter(p -> filter == null || filter.isBlank() || p.getFileName().toString().matches(filter))
                    .forEach(jars::add);
        } catch (IOException | java.util.regex.PatternSyntaxException e) {
            return jars;
        }
        return jars;
    }
}
