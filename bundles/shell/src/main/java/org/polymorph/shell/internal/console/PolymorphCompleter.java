package org.polymorph.shell.internal.console;

import java.util.List;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * The console's JLine completer: {@link Completions} for the arguments of the Polymorph commands, the console's
 * own completer (command names, Felix commands, files) for everything else.
 */
final class PolymorphCompleter implements Completer {
    private final Completions completions;
    private final Completer fallback;

    PolymorphCompleter(Completions completions, Completer fallback) {
        this.completions = completions;
        this.fallback = fallback;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Optional<List<Completions.Suggestion>> ours;
        try {
            ours = completions.suggest(line.words(), line.wordIndex());
        } catch (RuntimeException e) { // the run engine is restarting: nothing to offer for now
            return;
        }
        if (ours.isEmpty()) {
            if (fallback != null) fallback.complete(reader, line, candidates);
            return;
        }
        for (Completions.Suggestion s : ours.get()) {
            String description = s.description().isEmpty() ? null : s.description();
            candidates.add(new Candidate(s.value(), s.value(), null, description, null, null, s.complete()));
        }
    }
}
