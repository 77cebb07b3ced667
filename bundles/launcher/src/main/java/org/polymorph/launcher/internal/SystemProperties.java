package org.polymorph.launcher.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code conf/system.properties} before Felix starts (Log4j's configuration file, JavaCPP's cache
 * folder...). A property already given on the command line ({@code -Dname=...}) wins; one set by an
 * earlier launch in the same JVM (integration tests start several homes) is replaced.
 */
public final class SystemProperties {
    public static final String HOME = "polymorph.home";
    public static final String CWD = "polymorph.cwd";
    private static final String APPLIED = "polymorph.launcher.applied";

    private SystemProperties() {
    }

    public static void apply(Path home, Path systemProperties) throws IOException {
        System.setProperty(HOME, home.toString());
        if (System.getProperty(CWD) == null) {
            System.setProperty(CWD, Path.of("").toAbsolutePath().toString());
        }
        Set<String> applied = new HashSet<>(Arrays.asList(System.getProperty(APPLIED, "").split(",")));
        Map<String, String> props = PropertyFiles.expand(PropertyFiles.load(systemProperties), System::getProperty);
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (System.getProperty(e.getKey()) == null || applied.contains(e.getKey())) {
                System.setProperty(e.getKey(), e.getValue());
                applied.add(e.getKey());
            }
        }
        applied.remove("");
        System.setProperty(APPLIED, String.join(",", applied));
    }
}
