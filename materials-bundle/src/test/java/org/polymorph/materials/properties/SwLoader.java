package org.polymorph.materials.properties;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.potential.Potential;

/**
 * Builds the Stillinger–Weber potential (written on another branch) for Si.sw by reflection, or aborts the
 * calling test (JUnit assumption) while org.polymorph.materials.internal.potential.StillingerWeber is absent.
 * Tries static factories and constructors taking the file (Path or String), optionally with the element "Si".
 */
final class SwLoader {
    private SwLoader() { }

    static Potential siSw() {
        Class<?> c;
        try {
            c = Class.forName("org.polymorph.materials.internal.potential.StillingerWeber");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("StillingerWeber is not on this branch yet");
            return null;
        }
        Path file = Oracles.potentialFile("Si.sw");
        Object[][] argSets = {{file}, {file.toString()}, {file, "Si"}, {file.toString(), "Si"}, {file, new String[] {"Si"}},
            {file.toString(), new String[] {"Si"}}, {file, List.of("Si")}, {file.toString(), List.of("Si")}};
        for (Object[] args : argSets) {
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && Potential.class.isAssignableFrom(m.getReturnType()) && fits(m.getParameterTypes(), args)) {
                    try {
                        return (Potential) m.invoke(null, args);
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // another factory may take this file; try the next signature
                    }
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                if (fits(k.getParameterTypes(), args)) {
                    try {
                        return (Potential) k.newInstance(args);
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // try the next signature
                    }
                }
            }
        }
        Assumptions.abort("StillingerWeber exists but no factory taking the Si.sw file was found");
        return null;
    }

    private static boolean fits(Class<?>[] types, Object[] args) {
        if (types.length != args.length) return false;
        for (int i = 0; i < types.length; i++) if (!types[i].isInstance(args[i])) return false;
        return true;
    }
}
