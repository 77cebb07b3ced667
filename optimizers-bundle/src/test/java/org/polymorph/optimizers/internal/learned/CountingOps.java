package org.polymorph.optimizers.internal.learned;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.polymorph.autodiff.Ops;

/**
 * An {@link Ops} that forwards every call to another and counts the calls that build tensor-level
 * work ({@code matmul}, {@code concat}, {@code stack}): an optimizer built on it shows whether its update took
 * the {@link Ops} path (counts) or a plain-array path (none).
 */
final class CountingOps {
    private static final Set<String> COUNTED = Set.of("matmul", "concat", "stack");

    final AtomicInteger calls = new AtomicInteger();
    final Ops ops;

    CountingOps(Ops real) {
        ops = (Ops) Proxy.newProxyInstance(Ops.class.getClassLoader(), new Class<?>[] {Ops.class}, (proxy, m, args) -> {
            if (COUNTED.contains(m.getName())) calls.incrementAndGet();
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
