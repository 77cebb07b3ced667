package org.polymorph.materials.internal.potential.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/**
 * The lookups of a {@link PotentialCatalog} over the providers present now ({@link #current()}, one per
 * style id, sorted), with aliases resolved and {@link PotentialSpec} building the potentials.
 */
abstract class Catalog implements PotentialCatalog {
    /** The winning provider of each style id present now, sorted by id. */
    protected abstract Map<String, PotentialProvider> current();

    @Override
    public List<String> styles() { return List.copyOf(current().keySet()); }

    @Override
    public List<String> styles(Predicate<PotentialProvider> test) {
        List<String> out = new ArrayList<>();
        current().forEach((id, p) -> { if (test.test(p)) out.add(id); });
        return out;
    }

    @Override
    public Optional<PotentialProvider> find(String style) {
        Map<String, PotentialProvider> now = current();
        PotentialProvider p = now.get(style);
        if (p != null) return Optional.of(p);
        for (PotentialProvider q : now.values()) if (q.aliases().contains(style)) return Optional.of(q);
        return Optional.empty();
    }

    @Override
    public PotentialProvider provider(String style) {
        return find(style).orElseThrow(() -> BadInputException.forParam("potential", style, "unknown pair style", present(styles())));
    }

    @Override
    public Potential create(String spec, String fileList, String overrides, List<String> elements) {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        PotentialProvider p = provider(colon < 0 ? trimmed : trimmed.substring(0, colon));
        return new PotentialSpec(p, styles(q -> q.files() != PotentialProvider.FileRule.NONE)).create(spec, fileList, overrides, elements);
    }

    /** "use one of a, b, c", or what to check when no style is registered. */
    static String present(List<String> styles) {
        return styles.isEmpty() ? "no pair style is registered now; check that the materials bundle is active (lb)"
                : "use one of the styles present now: " + String.join(", ", styles);
    }
}
