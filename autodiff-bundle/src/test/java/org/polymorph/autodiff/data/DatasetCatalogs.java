package org.polymorph.autodiff.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.runtime.ServiceCatalog;

/** The datasets of this bundle by name, as the registry holds them once the bundle has started. */
public final class DatasetCatalogs {
    private DatasetCatalogs() { }

    public static ServiceCatalog<DatasetProvider> standard() {
        Map<String, DatasetProvider> m = new LinkedHashMap<>();
        for (DatasetProvider p : Datasets.standard()) m.put(p.name(), p);
        return ServiceCatalog.of("dataset", m);
    }
}
