package org.polymorph.materials.potential;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The pair styles present now: one {@link PotentialProvider} per style id (where two services give the
 * same id, the higher {@code service.ranking}, then the lower service id, wins), read afresh on every call,
 * so that styles added or removed by hot-deployed bundles appear and disappear at once.
 */
@ProviderType
public interface PotentialCatalog {
    /** The style ids present now, sorted. */
    List<String> styles();

    /** The ids of the styles whose provider passes {@code test}, sorted (e.g. the fittable ones). */
    List<String> styles(Predicate<PotentialProvider> test);

    /** The provider of a style id or alias, if present. */
    Optional<PotentialProvider> find(String style);

    /**
     * The provider of a style id or alias; a {@link org.polymorph.core.method.BadInputException} on
     * parameter {@code potential} naming the styles present when there is none.
     */
    PotentialProvider provider(String style);

    /**
     * The potential of {@code spec} ({@code style} or {@code style:name=value,...}) with {@code overrides}
     * ({@code name=value,...}, may be empty) on top, the files of {@code fileList} (comma-separated paths,
     * may be empty) and {@code elements} (the element of each structure type). Bad input of any kind is a
     * {@link org.polymorph.core.method.BadInputException} naming the parameter, the value and the fix.
     */
    Potential create(String spec, String fileList, String overrides, List<String> elements);
}
