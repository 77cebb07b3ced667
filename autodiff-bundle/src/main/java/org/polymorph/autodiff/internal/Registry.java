package org.polymorph.autodiff.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.polymorph.autodiff.PrimitiveRegistry;

/** The primitive names an engine accepts, with their owners. Thread-safe. */
public final class Registry implements PrimitiveRegistry {
    /** Owner of the engine's built-in primitives. */
    public static final String BUILTIN = "org.polymorph.autodiff";
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public Registration register(String name, String owner) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("primitive name is empty; give a name such as pair/lj");
        String prev = owners.putIfAbsent(name, owner);
        if (prev != null && !prev.equals(owner)) {
            throw new IllegalStateException("primitive '" + name + "' is already registered by " + prev + "; choose another name");
        }
        return new Registration() {
            @Override public String name() { return name; }
            @Override public void close() { owners.remove(name, owner); }
        };
    }

    @Override public boolean isRegistered(String name) { return owners.containsKey(name); }

    @Override public String owner(String name) { return owners.get(name); }

    @Override
    public int removeOwner(String owner) {
        int[] n = {0};
        owners.entrySet().removeIf(e -> {
            boolean hit = e.getValue().equals(owner);
            if (hit) n[0]++;
            return hit;
        });
        return n[0];
    }

    @Override public Set<String> names() { return new TreeSet<>(owners.keySet()); }
}
