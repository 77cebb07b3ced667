package org.polymorph.core.run;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;

/**
 * The Methods that can be run right now, by id, with the bundle that supplied each. Backed by the
 * service registry: a hot-deployed Method appears and a removed one disappears at once.
 */
@ProviderType
public interface MethodCatalog {
    /** A snapshot sorted by id; for duplicate ids only the highest-ranked service. */
    SortedMap<String, MethodEntry> entries();

    /** The Methods of {@link #entries()}, by id. */
    default SortedMap<String, Method> all() {
        SortedMap<String, Method> out = new TreeMap<>();
        entries().forEach((id, e) -> out.put(id, e.method()));
        return out;
    }

    default Optional<MethodEntry> find(String id) {
        return Optional.ofNullable(entries().get(id));
    }

    /** The Method registered under {@code id}; a BadInputException naming close ids when there is none. */
    default MethodEntry require(String id) {
        SortedMap<String, MethodEntry> now = entries();
        MethodEntry e = now.get(id);
        if (e == null) {
            throw new BadInputException("unknown method '" + id + "'" + BadInputException.didYouMean(id, now.keySet())
                    + "; see: polymorph methods", "method", id, "see: polymorph methods");
        }
        return e;
    }
}
