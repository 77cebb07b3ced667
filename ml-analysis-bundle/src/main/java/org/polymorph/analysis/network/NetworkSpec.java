package org.polymorph.analysis.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stand-in with the spec's signatures (replaced by branch net at merge). */
public record NetworkSpec(List<LayerSpec> layers) {
    public static NetworkSpec parse(String text) {
        List<LayerSpec> out = new ArrayList<>();
        for (String part : text.split(",(?![^()]*\\))")) {
            String p = part.trim();
            int open = p.indexOf('(');
            String name = open < 0 ? p : p.substring(0, open);
            Map<String, Object> args = new LinkedHashMap<>();
            if (open >= 0) {
                for (String kv : p.substring(open + 1, p.length() - 1).split(",")) {
                    String[] e = kv.split("=");
                    String v = e[1].trim();
                    args.put(e[0].trim(), v.matches("[-+0-9.eE]+") ? (Object) Double.valueOf(v) : v);
                }
            }
            out.add(new LayerSpec(LayerSpec.Kind.valueOf(name.toUpperCase(Locale.ROOT)), args));
        }
        return new NetworkSpec(out);
    }

    public String text() { return layers.toString(); }

    public int[] outputShape(int[] inputShape) { throw new UnsupportedOperationException("stand-in"); }
}
