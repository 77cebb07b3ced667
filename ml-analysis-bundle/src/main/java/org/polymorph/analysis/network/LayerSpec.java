package org.polymorph.analysis.network;

import java.util.Map;

/** Stand-in with the spec's signatures (replaced by branch net at merge). */
public record LayerSpec(Kind kind, Map<String, Object> args) {
    public enum Kind { DENSE, CONV, RELU, ERF, TANH, GELU, SIGMOID, LEAKY_RELU, ABS, AVG_POOL, GLOBAL_AVG_POOL, FLATTEN, IDENTITY }

    public int intArg(String name) { return ((Number) args.get(name)).intValue(); }

    public double doubleArg(String name) { return ((Number) args.get(name)).doubleValue(); }

    public String textArg(String name) { return String.valueOf(args.get(name)); }

    public boolean hasParams() { return kind == Kind.DENSE || kind == Kind.CONV; }
}
