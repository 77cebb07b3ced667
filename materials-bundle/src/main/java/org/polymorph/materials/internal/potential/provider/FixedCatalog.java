package org.polymorph.materials.internal.potential.provider;

import java.util.List;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/** A catalog of a fixed list of providers (the first of an id wins), for code and tests that run without OSGi. */
public final class FixedCatalog extends Catalog {
    public FixedCatalog(List<? extends PotentialProvider> providers) {
        super(ServiceCatalog.of(KIND, providers, PotentialProvider::style));
    }

    /** The built-in styles of the materials bundle. */
    public static FixedCatalog builtin() { return new FixedCatalog(BuiltinStyles.all()); }
}
