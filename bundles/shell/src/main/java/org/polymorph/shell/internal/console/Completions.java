package org.polymorph.shell.internal.console;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.ParamType;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.shell.internal.gogo.PolymorphCommands;
import org.polymorph.shell.internal.text.MethodViews;

/**
 * What TAB offers in the arguments of the Polymorph commands, read from the Method registry at each press (a
 * hot-deployed Method completes at once): Method ids after {@code run} and {@code describe}; after
 * {@code run <id>}, the names of the parameters not given yet as {@code key=} and the options {@code --out},
 * {@code --json}; after {@code key=}, the values of an enumerated parameter (choices, true/false).
 * Command names themselves are left to the console (it knows every command).
 */
public final class Completions {
    /**
     * One candidate.
     *
     * @param value the whole word that replaces the one being typed
     * @param description shown next to it in the list
     * @param complete whether the word is finished (a space follows it); false for {@code key=}
     */
    public record Suggestion(String value, String description, boolean complete) { }

    private static final List<String> RUN = List.of("run", PolymorphCommands.SCOPE + ":run");
    private static final List<String> DESCRIBE = List.of("describe", PolymorphCommands.SCOPE + ":describe");
    private static final Map<String, String> OPTIONS = Map.of(
            "--out", "run directory (a new folder, or the earlier run's with resume=true)",
            "--json", "print the result as JSON");

    private final MethodCatalog catalog;

    public Completions(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The candidates for word {@code index} of {@code words} (the command line split into words, the one being
     * typed included, possibly empty), those starting with what is typed; empty when the line is not a Polymorph
     * command's arguments (the caller then completes as usual).
     */
    public Optional<List<Suggestion>> suggest(List<String> words, int index) {
        if (words.isEmpty() || index < 1 || index >= words.size()) return Optional.empty();
        String command = words.get(0);
        String typed = words.get(index);
        boolean run = RUN.contains(command);
        if (!run && !DESCRIBE.contains(command)) return Optional.empty();
        if (index == 1) return Optional.of(methodIds(typed));
        if (!run) return Optional.of(List.of());
        if (index > 1 && words.get(index - 1).equals("--out")) return Optional.empty(); // a folder: file completion
        Optional<Method> method = catalog.find(words.get(1)).map(e -> e.method());
        if (method.isEmpty()) return Optional.of(List.of());
        int eq = typed.indexOf('=');
        return Optional.of(eq < 0 ? names(method.get(), words, index, typed) : values(method.get(), typed, eq));
    }

    private List<Suggestion> methodIds(String typed) {
        List<Suggestion> out = new ArrayList<>();
        catalog.entries().forEach((id, e) -> {
            if (id.startsWith(typed)) out.add(new Suggestion(id, MethodViews.firstLine(e.method().description()), true));
        });
        return out;
    }

    /** Parameters not yet on the line as {@code name=}, then the options. */
    private static List<Suggestion> names(Method method, List<String> words, int index, String typed) {
        Set<String> given = new HashSet<>();
        for (int i = 2; i < words.size(); i++) {
            int eq = words.get(i).indexOf('=');
            if (i != index && eq > 0) given.add(words.get(i).substring(0, eq));
        }
        List<Suggestion> out = new ArrayList<>();
        for (ParamSpec p : method.params()) {
            if (!given.contains(p.name()) && p.name().startsWith(typed)) {
                out.add(new Suggestion(p.name() + "=", MethodViews.firstLine(p.description()), false));
            }
        }
        OPTIONS.forEach((option, description) -> {
            if (typed.startsWith("-") && option.startsWith(typed) && !words.contains(option)) {
                out.add(new Suggestion(option, description, option.equals("--json")));
            }
        });
        out.sort((a, b) -> a.value().compareTo(b.value()));
        return out;
    }

    /** The enumerated values of the parameter before the '=': its choices, or true/false. */
    private static List<Suggestion> values(Method method, String typed, int eq) {
        String name = typed.substring(0, eq);
        List<Suggestion> out = new ArrayList<>();
        for (ParamSpec p : method.params()) {
            if (!p.name().equals(name)) continue;
            List<String> values = p.type() == ParamType.BOOLEAN ? List.of("true", "false") : p.choices();
            for (String v : values) {
                String word = name + "=" + v;
                if (word.startsWith(typed)) out.add(new Suggestion(word, v.equals(String.valueOf(p.defaultValue())) ? "default" : "", true));
            }
        }
        return out;
    }
}
