package org.polymorph.launcher.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * FileInstall starts the jars already in {@code deploy/} on its own thread after the framework is
 * up. A headless command must see their Methods, so it waits until each jar there is an active
 * bundle (or a resolved fragment), or until the timeout, after which it warns and goes on.
 */
public final class DeployedBundles {
    private DeployedBundles() {
    }

    public static void awaitStarted(BundleContext context, Path deployDir, Duration timeout, PrintStream err) {
        List<String> pending = jarNames(deployDir);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            pending.removeIf(name -> started(context, name));
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                err.println("polymorph: warning: deploy/ jars not started after " + timeout.toSeconds()
                        + " s: " + pending + " (see logs/polymorph.log); going on without them");
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean started(BundleContext context, String jarName) {
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().endsWith("/" + jarName)) {
                boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
                return b.getState() == Bundle.ACTIVE || (fragment && b.getState() == Bundle.RESOLVED);
            }
        }
        return false;
    }

    private static List<String> jarNames(Path deployDir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(deployDir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(deployDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            return names;
        }
        return names;
    }
}
