package org.polymorph.server.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polymorph.server.internal.openapi.Endpoint;

/**
 * One route: an {@link Endpoint} and what serves it. Its path template's elements are literals or
 * {@code {name}}; a last element {@code {path}} of a route made with {@code rest} takes every remaining element.
 */
record Route(Endpoint endpoint, boolean rest, Handler handler) {
    /** Serves one request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    /**
     * The path variables when {@code elements} (the decoded path elements under /api/v1) fit the template,
     * with the rest's elements under "" for a rest route; empty otherwise.
     */
    Optional<Match> match(List<String> elements) {
        String[] template = endpoint.path().substring(1).split("/");
        int fixed = rest ? template.length - 1 : template.length;
        if (rest ? elements.size() < template.length : elements.size() != template.length) return Optional.empty();
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String t = template[i];
            if (t.startsWith("{")) {
                if (elements.get(i).isEmpty()) return Optional.empty();
                vars.put(t.substring(1, t.length() - 1), elements.get(i));
            } else if (!t.equals(elements.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Match(vars, rest ? new ArrayList<>(elements.subList(fixed, elements.size())) : List.of()));
    }

    /** What a path matched: its variables and, for a rest route, the remaining elements. */
    record Match(Map<String, String> vars, List<String> rest) { }
}
