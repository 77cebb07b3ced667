package org.polymorph.materials.internal.potential.provider;

import java.util.List;
import org.polymorph.materials.potential.PotentialProvider;

/** The pair styles of the materials bundle, each registered by the activator as its own provider service. */
public final class BuiltinStyles {
    private BuiltinStyles() { }

    /** One new provider per built-in style. */
    public static List<PotentialProvider> all() {
        return List.of(new LjCutStyle(), new MorseStyle(), new SoftSphereStyle(), new BksStyle(), new GuptaStyle(), new SwStyle(), new TersoffStyle(),
                new EdipStyle(), new EamStyle(), new EamAlloyStyle(), new NnBpStyle());
    }
}
