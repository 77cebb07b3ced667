package org.polymorph.core.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.runtime.Json;

/**
 * When a run may be continued by another: the parameters on a deny-list ({@link #MAY_CHANGE}, plus what
 * the Method adds through {@link Method#resumeMayChange()}) may differ between the run and its resume;
 * every other parameter must be equal. A parameter a Method adds later is therefore covered without
 * anyone listing it. The run engine applies this rule to an {@code --out} folder that holds an earlier
 * run, and {@link Checkpoint#resume} to a checkpoint's stored parameters.
 *
 * <p>Values are compared as their JSON text, so a value read back from result.json or a checkpoint
 * (a {@code Long}) equals the one parsed now (an {@code Integer}). A parameter the earlier run does not
 * have (the Method added it since) counts as having its {@link ParamSpec#defaultValue() default}; a
 * parameter only the earlier run has (removed since) is ignored. The reserved run parameter {@code backend}
 * ({@link org.polymorph.core.tensor.Backends}) is no Method's parameter, so a resume may always change it.
 */
public final class ResumeRule {
    /**
     * Parameters that may change on every Method: the length of the run, where it goes, how often it
     * checkpoints or reports, how many threads it uses, where its work items run, and the resume flag itself.
     */
    public static final Set<String> MAY_CHANGE = Set.of("steps", "out", "resume", "checkpoint_every", "threads", "distributed",
            "progress_every", "print_every", "verbose");

    private final List<ParamSpec> specs;
    private final Set<String> mayChange;

    private ResumeRule(List<ParamSpec> specs, Set<String> mayChange) {
        this.specs = List.copyOf(specs);
        this.mayChange = Set.copyOf(mayChange);
    }

    /** The rule for {@code method}: its parameters, {@link #MAY_CHANGE} and its own additions. */
    public static ResumeRule of(Method method) {
        return of(method.params(), method.resumeMayChange());
    }

    /** The rule for parameters {@code specs}, where {@code extra} may change besides {@link #MAY_CHANGE}. */
    public static ResumeRule of(List<ParamSpec> specs, Set<String> extra) {
        Set<String> all = new TreeSet<>(MAY_CHANGE);
        all.addAll(extra);
        return new ResumeRule(specs, all);
    }

    /** Names that may differ between a run and its resume, sorted. */
    public Set<String> mayChange() { return new TreeSet<>(mayChange); }

    /**
     * Checks that {@code now} continues {@code earlier}.
     *
     * @param earlier the earlier run's resolved parameters (as stored in result.json or a checkpoint)
     * @param now this run's resolved parameters ({@code Params.asMap()})
     * @param where the earlier run, for the message (e.g. the checkpoint's path)
     * @throws BadInputException naming the first parameter (in spec order) that differs, its value now and
     *     the earlier one
     */
    public void check(Map<String, ?> earlier, Map<String, ?> now, String where) {
        ParamSpec spec = firstChanged(earlier, now);
        if (spec != null) {
            String name = spec.name();
            Object before = valueOf(earlier, spec);
            Object after = valueOf(now, spec);
            throw BadInputException.forParam(name, text(after), "the earlier run (" + where + ") had " + name + " = "
                    + text(before), "resume with " + name + "=" + text(before) + ", or start a new run in another folder"
                    + " (with 'resume' only " + String.join(", ", mayChange()) + " may change)");
        }
    }

    /** Whether {@code now} continues {@code earlier}: {@link #check} without the exception. */
    public boolean allows(Map<String, ?> earlier, Map<String, ?> now) { return firstChanged(earlier, now) == null; }

    /** The first parameter (in spec order) that may not change and differs, or null. */
    private ParamSpec firstChanged(Map<String, ?> earlier, Map<String, ?> now) {
        for (ParamSpec spec : specs) {
            if (mayChange.contains(spec.name())) continue;
            if (!Objects.equals(canonical(valueOf(earlier, spec)), canonical(valueOf(now, spec)))) return spec;
        }
        return null;
    }

    private static Object valueOf(Map<String, ?> params, ParamSpec spec) {
        return params.containsKey(spec.name()) ? params.get(spec.name()) : spec.defaultValue();
    }

    private static String canonical(Object value) { return value == null ? null : Json.write(value, false); }

    /** A value as a user writes it on the command line: lists comma-separated, strings unquoted. */
    static String text(Object value) {
        if (value == null) return "(none)";
        if (value instanceof Iterable<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) sb.append(sb.length() == 0 ? "" : ",").append(text(o));
            return sb.toString();
        }
        return value instanceof String s ? s : canonical(value);
    }
}
