package org.polymorph.materials.internal.potential.provider;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.polymorph.materials.potential.PotentialProvider;

/** A catalog of a fixed list of providers (the first of an id wins), for code and tests that run without OSGi. */
public final class FixedCatalog extends Catalog {
    private final SortedMap<String, PotentialProvider> byId = new TreeMap<>();

    public FixedCatalog(List<? extends PotentialProvider> providers) {
        for (PotentialProvider p : providers) byId.putIfAbsent(p.style(), p);
    }

    /** The built-in styles of the materials bundle. */
    public static FixedCatalog builtin() { return new FixedCatalog(BuiltinStyles.all()); }

    @Override
    protected Map<String, PotentialProvider> current() { return Collections.unmodifiableSortedMap(byId); }
}
