package org.polymorph.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader finds an exported package that uses an internal one, and framework-core has none. */
class PackageDependenciesTest {
    @Test
    void findsAnExportedPackageUsingAnInternalOne(@TempDir Path dir) throws IOException {
        Map<String, String> sources = Map.of(
                "org/polymorph/x/package-info.java", "@org.osgi.annotation.bundle.Export package org.polymorph.x;",
                "org/polymorph/x/Api.java", "package org.polymorph.x; public class Api { public Object make() { return new org.polymorph.x.internal.Impl(); } }",
                "org/polymorph/x/internal/Impl.java", "package org.polymorph.x.internal; public class Impl { org.polymorph.x.Api api; }",
                "org/polymorph/y/Plain.java", "package org.polymorph.y; public class Plain { java.util.List<org.polymorph.x.internal.Impl> impls; }");
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "fixture compiles");

        PackageDependencies deps = PackageDependencies.of(classes);
        assertEquals(List.of("org.polymorph.x"), List.copyOf(deps.exported()));
        assertEquals(List.of("org.polymorph.x -> org.polymorph.x.internal"), deps.exportedUsingInternal());
        // a generic signature counts; a package that is not exported may use internal ones
        assertEquals(List.of("org.polymorph.y -> org.polymorph.x.internal"), deps.uses("org.polymorph.y", "org.polymorph.x"));
        assertTrue(deps.uses("org.polymorph.x", "org.polymorph.y").isEmpty());
    }

    @Test
    void frameworkCoreExportedPackagesUseNoInternalPackage() throws IOException {
        PackageDependencies deps = PackageDependencies.of(Path.of("target/classes"));
        assertTrue(deps.exported().contains("org.polymorph.core.tensor"), "exported packages found: " + deps.exported());
        assertEquals(List.of(), deps.exportedUsingInternal());
    }
}
