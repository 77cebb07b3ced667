package org.polymorph.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;

/**
 * The value of a Method's {@code optimizer=} parameter: a provider's name ({@code adam}) or, for a
 * provider that takes an argument, {@code name:argument} ({@code learned:run1/opt.lopt}). A provider
 * takes an argument when its {@link OptimizerProvider#hyperParameters()} list {@value #ARGUMENT};
 * the text after the first colon reaches its {@link OptimizerProvider#create} under that key.
 */
public final class OptimizerChoice {
    /** The configuration key that carries the argument of {@code name:argument}. */
    public static final String ARGUMENT = "argument";

    private OptimizerChoice() { }

    /** A resolved value: the provider, its name and the argument ("" when the value has none). */
    public record Chosen(OptimizerProvider provider, String name, String argument) { }

    /**
     * The choices for a Method's {@code optimizer=} parameter ({@link ParamSpec#choice}): each
     * registered name, written {@code name:} for a provider that takes an argument.
     */
    public static List<String> choices(ServiceCatalog<OptimizerProvider> catalog) {
        List<String> out = new ArrayList<>();
        for (String name : catalog.names()) {
            out.add(catalog.find(name).filter(OptimizerChoice::takesArgument).isPresent() ? name + ":" : name);
        }
        return out;
    }

    /**
     * The provider {@code value} names, with its argument.
     *
     * @throws BadInputException naming {@code param}, for an unknown name, an
     *         argument given to a provider that takes none, or a missing one
     */
    public static Chosen resolve(ServiceCatalog<OptimizerProvider> catalog, String param, String value) {
        String v = value.trim();
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        String argument = colon < 0 ? "" : v.substring(colon + 1).trim();
        OptimizerProvider p = catalog.find(name).orElseThrow(() -> catalog.unknown(param, value));
        if (takesArgument(p) && argument.isEmpty()) {
            throw BadInputException.forParam(param, value, "optimizer " + name + " needs an argument",
                    "write " + param + "=" + name + ":<" + spec(p).description() + ">");
        }
        if (!takesArgument(p) && colon >= 0) {
            throw BadInputException.forParam(param, value, "optimizer " + name + " takes no argument",
                    "write " + param + "=" + name);
        }
        return new Chosen(p, name, argument);
    }

    /**
     * The optimizer {@code value} names ({@link #resolve}), created with its argument and with those entries of
     * {@code offered} whose keys its provider lists in {@link OptimizerProvider#hyperParameters()}; the others are
     * left out. So a Method offers what it knows ({@code lr}, and {@code num_steps}, the length of its run in
     * optimizer steps) and a learned optimizer, which takes no learning rate, gets the length alone.
     *
     * @param fix what the user should do when the provider refuses its configuration (a value out of its range)
     * @throws BadInputException naming {@code param}: as {@link #resolve}, what the provider
     *         throws as such (a learned-optimizer file that cannot be read), and a configuration it refuses, with {@code fix}
     * @since 2.2.0
     */
    public static Optimizer create(Ops ops, ServiceCatalog<OptimizerProvider> catalog, String param, String value, Map<String, ?> offered,
                                   String fix) {
        Chosen chosen = resolve(catalog, param, value);
        Map<String, Object> config = new LinkedHashMap<>();
        if (!chosen.argument().isEmpty()) config.put(ARGUMENT, chosen.argument());
        for (ParamSpec s : chosen.provider().hyperParameters()) {
            if (offered.containsKey(s.name())) config.put(s.name(), offered.get(s.name()));
        }
        try {
            return chosen.provider().create(ops, config);
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(param, value, e.getMessage(), fix);
        }
    }

    private static boolean takesArgument(OptimizerProvider p) { return spec(p) != null; }

    private static ParamSpec spec(OptimizerProvider p) {
        for (ParamSpec s : p.hyperParameters()) if (s.name().equals(ARGUMENT)) return s;
        return null;
    }
}
