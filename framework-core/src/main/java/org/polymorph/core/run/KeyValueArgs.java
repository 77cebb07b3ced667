package org.polymorph.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;

/** Parses {@code key=value} tokens: the first '=' splits, so values may contain '='. */
public final class KeyValueArgs {
    private KeyValueArgs() { }

    public static Map<String, String> parse(String methodId, List<String> tokens) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw new BadInputException("argument '" + token + "' for method '" + methodId
                        + "' is not of the form key=value; write e.g. " + (token.isBlank() ? "n" : token.strip())
                        + "=<value> (see: describe " + methodId + ")");
            }
            String key = token.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new BadInputException("argument '" + token + "' for method '" + methodId
                        + "' has no key before '='; write key=value (see: describe " + methodId + ")");
            }
            if (out.containsKey(key)) {
                throw new BadInputException("parameter '" + key + "' for method '" + methodId + "' is given twice ('"
                        + key + "=" + out.get(key) + "' and '" + token + "'); give it once");
            }
            out.put(key, token.substring(eq + 1));
        }
        return out;
    }
}
