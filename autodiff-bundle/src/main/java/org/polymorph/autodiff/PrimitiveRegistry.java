package org.polymorph.autodiff;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The names of the primitives an engine may bind, and who owns them. Registered as an OSGi
 * service by the autodiff bundle, which owns it: the built-in primitives are registered when it
 * starts; a bundle registers its own (fused kernels, say) with its symbolic name as the owner,
 * and they are removed when that bundle stops. Every engine of the
 * {@link org.polymorph.autodiff.AutodiffService} binds the primitives of this registry.
 */
@ProviderType
public interface PrimitiveRegistry {
    /** A registration; {@link #close()} removes the name. */
    interface Registration extends AutoCloseable {
        String name();
        @Override void close();
    }

    /**
     * Registers {@code name} for {@code owner} (a bundle's symbolic name, say). Throws
     * IllegalStateException if another owner holds the name.
     */
    Registration register(String name, String owner);

    boolean isRegistered(String name);

    /** The owner of a name, or null. */
    String owner(String name);

    /** Removes every name of {@code owner}; returns how many. */
    int removeOwner(String owner);

    Set<String> names();
}
