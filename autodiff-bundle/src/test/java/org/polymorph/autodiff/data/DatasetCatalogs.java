package org.polymorph.autodiff.data;

import org.polymorph.core.service.ServiceCatalog;

/** The datasets of this bundle by name, as the registry holds them once the bundle has started. */
public final class DatasetCatalogs {
    private DatasetCatalogs() { }

    public static ServiceCatalog<DatasetProvider> standard() {
        return ServiceCatalog.of("dataset", Datasets.standard(), DatasetProvider::name);
    }
}
