package org.polymorph.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Lists {@code bundle/<level>-<name>/*.jar}: by level, then folder name, then jar name (the install order). */
public final class BundleScanner {
    private static final Pattern FOLDER = Pattern.compile("(\\d{1,3})-[^/]+");

    private BundleScanner() {
    }

    public static List<BundleJar> scan(Path bundleDir) throws IOException {
        return scan(bundleDir, folder -> true);
    }

    /** As {@link #scan(Path)}, leaving out the folders whose name {@code wanted} refuses. */
    public static List<BundleJar> scan(Path bundleDir, Predicate<String> wanted) throws IOException {
        if (!Files.isDirectory(bundleDir)) {
            throw new IOException("bundle folder " + bundleDir + " does not exist: polymorph.home must point at an"
                    + " assembled distribution (distribution/target/polymorph)");
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(bundleDir)) {
            folders = s.filter(Files::isDirectory).filter(p -> wanted.test(p.getFileName().toString()))
                    .sorted(Comparator.comparingInt(BundleScanner::levelOf)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        List<BundleJar> jars = new ArrayList<>();
        for (Path folder : folders) {
            int level = levelOf(folder);
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(p -> jars.add(new BundleJar(level, p.toAbsolutePath().normalize())));
            }
        }
        return jars;
    }

    static int levelOf(Path folder) {
        String name = folder.getFileName().toString();
        Matcher m = FOLDER.matcher(name);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException("bundle folder '" + folder + "' must be named <start level>-<name>"
                    + " with a level >= 1, e.g. 3-runtime");
        }
        return Integer.parseInt(m.group(1));
    }
}
