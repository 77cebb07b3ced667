package org.polymorph.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.polymorph.core.method.BadInputException;

/** ServiceCatalog in a real (embedded Felix) registry: names appear and go with their services; ranking settles duplicates. */
class ServiceCatalogTest {
    private static final String NAME = "test.name";

    @Test
    void followsTheRegistryAndPrefersTheHigherRanking(@TempDir Path storage) throws Exception {
        inFelix(storage, ctx -> {
            ServiceCatalog<Supplier> catalog = ServiceCatalog.tracking(ctx, Supplier.class, NAME, "widget");
            assertEquals(List.of(), catalog.names());
            String empty = assertThrows(BadInputException.class, () -> catalog.get("widget", "a")).getMessage();
            assertTrue(empty.contains("no widget is registered now"), empty);

            ServiceRegistration<Supplier> a = ctx.registerService(Supplier.class, () -> "a", props("a", 0));
            ctx.registerService(Supplier.class, () -> "b", props("b", 0));
            ctx.registerService(Supplier.class, () -> "unnamed", new Hashtable<>());
            assertEquals(List.of("a", "b"), catalog.names());
            assertEquals("a", catalog.get("widget", " A ").get());

            ServiceRegistration<Supplier> better = ctx.registerService(Supplier.class, () -> "a ranked 10", props("a", 10));
            ctx.registerService(Supplier.class, () -> "a ranked -5", props("a", -5));
            assertEquals(List.of("a", "b"), catalog.names());
            assertEquals("a ranked 10", catalog.get("widget", "a").get());
            better.unregister();
            assertEquals("a", catalog.get("widget", "a").get());
            a.unregister();
            assertEquals("a ranked -5", catalog.get("widget", "a").get());

            String msg = assertThrows(BadInputException.class, () -> catalog.get("widget", "c")).getMessage();
            assertTrue(msg.contains("'widget'") && msg.contains("'c'") && msg.contains("use one of b, a"), msg);
            catalog.close();
        });
    }

    @Test
    void namesAServiceByItselfWithoutThePropertyAndSortsOnRequest(@TempDir Path storage) throws Exception {
        inFelix(storage, ctx -> {
            ServiceCatalog<Supplier> catalog = ServiceCatalog.tracking(ctx, Supplier.class, NAME, s -> (String) s.get(), "widget");
            ctx.registerService(Supplier.class, () -> "Zeta", new Hashtable<>());
            ctx.registerService(Supplier.class, () -> "ignored", props("beta", 0));
            ServiceRegistration<Supplier> shadow = ctx.registerService(Supplier.class, () -> "shadow", props("zeta", 3));
            assertEquals(List.of("zeta", "beta"), catalog.names(), "registration order, names lower case");
            assertEquals(List.of("beta", "zeta"), catalog.sorted().names());
            assertEquals("shadow", catalog.find(" ZETA ").orElseThrow().get(), "the property's name, ranked higher, wins");
            shadow.unregister();
            NamedService<Supplier> e = catalog.entry("zeta").orElseThrow();
            assertEquals("Zeta", e.service().get());
            assertEquals(ctx.getBundle().getSymbolicName(), e.bundle());
            assertEquals(ctx.getBundle().getVersion().toString(), e.bundleVersion());
            String msg = catalog.sorted().unknown("widget", "gamma").getMessage();
            assertEquals("parameter 'widget' = 'gamma': unknown widget; use one of beta, zeta", msg);
            catalog.close();
            assertEquals(List.of(), catalog.names(), "a closed catalog tracks nothing");
        });
    }

    @Test
    void getsAServiceWhenALookupFirstNeedsItAndReleasesItWhenItGoes(@TempDir Path storage) throws Exception {
        inFelix(storage, ctx -> {
            AtomicInteger gets = new AtomicInteger();
            AtomicInteger ungets = new AtomicInteger();
            ServiceFactory<Supplier<String>> factory = new ServiceFactory<>() {
                @Override
                public Supplier<String> getService(Bundle bundle, ServiceRegistration<Supplier<String>> registration) {
                    // the first get finds the component not serving yet, as a DS component may while it is announced
                    return gets.incrementAndGet() == 1 ? null : () -> "lazy";
                }

                @Override
                public void ungetService(Bundle bundle, ServiceRegistration<Supplier<String>> registration, Supplier<String> service) {
                    ungets.incrementAndGet();
                }
            };
            ServiceCatalog<Supplier> catalog = ServiceCatalog.tracking(ctx, Supplier.class, NAME, "widget");
            ServiceRegistration<?> reg = ctx.registerService(Supplier.class.getName(), factory, props("lazy", 0));
            assertEquals(0, gets.get(), "tracking alone gets nothing");
            assertTrue(catalog.find("lazy").isEmpty(), "not serving yet: absent, not an error");
            assertEquals("lazy", catalog.get("widget", "lazy").get());
            catalog.names();
            catalog.find("lazy");
            assertEquals(2, gets.get(), "got once it served, then kept");
            reg.unregister();
            assertEquals(1, ungets.get(), "released when its service goes");
            assertEquals(List.of(), catalog.names());

            ctx.registerService(Supplier.class.getName(), factory, props("lazy", 0));
            assertEquals("lazy", catalog.get("widget", "lazy").get());
            catalog.close();
            assertEquals(2, ungets.get(), "closing the catalog releases what it got");
        });
    }

    @Test
    void aFixedCatalogKeepsItsOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Zeta", "z");
        m.put("alpha", "a");
        ServiceCatalog<String> c = ServiceCatalog.of("thing", m);
        assertEquals(List.of("zeta", "alpha"), c.names());
        assertEquals("z", c.find("ZETA").orElseThrow());
        assertTrue(c.find(null).isEmpty());
        String msg = assertThrows(BadInputException.class, () -> c.get("thing", null)).getMessage();
        assertTrue(msg.contains("'thing'") && msg.contains("null") && msg.contains("zeta, alpha"), msg);
        ServiceCatalog<String> byName = ServiceCatalog.of("thing", List.of("Bee", "ant", "bee"), String::toLowerCase);
        assertEquals(List.of("bee", "ant"), byName.names());
        assertEquals("Bee", byName.get("thing", "BEE"));
    }

    private interface FrameworkTest {
        void run(BundleContext ctx) throws Exception;
    }

    /** Runs {@code test} in a fresh embedded Felix whose storage is {@code storage}. */
    private static void inFelix(Path storage, FrameworkTest test) throws Exception {
        Felix felix = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
        try {
            test.run(felix.getBundleContext());
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    private static Dictionary<String, Object> props(String name, int ranking) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NAME, name);
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }
}
