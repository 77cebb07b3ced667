package org.polymorph.materials.internal.potential.provider;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.polymorph.core.service.NamedService;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/**
 * The lookups of a {@link PotentialCatalog} over a {@link ServiceCatalog} of providers (one per style id,
 * sorted), with aliases resolved and {@link PotentialSpec} building the potentials.
 */
abstract class Catalog implements PotentialCatalog {
    /** What messages call one provider. */
    static final String KIND = "pair style";

    private final ServiceCatalog<PotentialProvider> providers;

    Catalog(ServiceCatalog<PotentialProvider> providers) { this.providers = providers.sorted(); }

    /** The providers by style id, sorted; subclasses close it when they track the registry. */
    ServiceCatalog<PotentialProvider> providers() { return providers; }

    @Override
    public List<String> styles() { return providers.names(); }

    @Override
    public List<String> styles(Predicate<PotentialProvider> test) {
        return providers.entries().stream().filter(e -> test.test(e.service())).map(NamedService::name).toList();
    }

    @Override
    public Optional<PotentialProvider> find(String style) {
        Optional<PotentialProvider> p = providers.find(style);
        if (p.isPresent() || style == null) return p;
        String wanted = style.trim();
        return providers.entries().stream().map(NamedService::service)
                .filter(q -> q.aliases().stream().anyMatch(wanted::equalsIgnoreCase)).findFirst();
    }

    @Override
    public PotentialProvider provider(String style) {
        return find(style).orElseThrow(() -> providers.unknown("potential", style));
    }

    @Override
    public Potential create(String spec, String fileList, String overrides, List<String> elements) {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        PotentialProvider p = provider(colon < 0 ? trimmed : trimmed.substring(0, colon));
        return new PotentialSpec(p, styles(q -> q.files() != PotentialProvider.FileRule.NONE)).create(spec, fileList, overrides, elements);
    }
}
