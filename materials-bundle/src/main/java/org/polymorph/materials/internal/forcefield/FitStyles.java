package org.polymorph.materials.internal.forcefield;

import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/** The fitting view of a style from the catalog: the styles whose provider offers one are the styles ff.fit takes. */
final class FitStyles {
    private FitStyles() { }

    static FittableStyle of(PotentialCatalog catalog, String style) {
        return catalog.find(style).flatMap(PotentialProvider::fittable).orElseThrow(() -> new IllegalArgumentException(
                "potential style '" + style + "' cannot be fitted; use one of " + String.join(", ", catalog.styles(p -> p.fittable().isPresent()))));
    }
}
