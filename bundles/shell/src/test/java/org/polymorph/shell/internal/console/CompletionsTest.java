package org.polymorph.shell.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.testing.FakeMethods;

class CompletionsTest {
    /** "test.md": a choice, a boolean and a number, as md.run has. */
    private static final Method MD = new Method() {
        @Override public String id() { return "test.md"; }
        @Override public String description() { return "Molecular dynamics (eV, K)\nmore"; }
        @Override public List<ParamSpec> params() {
            return List.of(ParamSpec.choice("ensemble", "nve", List.of("nve", "nvt-langevin", "nvt-nhc"), "ensemble"),
                    ParamSpec.bool("neigh_check", true, "rebuild only when an atom moved skin/2"),
                    ParamSpec.real("dt", 1.0, "fs", 0.001, 10, "time step"));
        }
        @Override public Result run(Params p, Progress progress, RunDirectory dir) { return Result.builder().build(); }
    };

    private final Completions completions = new Completions(FakeMethods.catalog(FakeMethods.sum(), FakeMethods.steps(), MD));

    private List<String> values(String... words) {
        Optional<List<Completions.Suggestion>> s = completions.suggest(List.of(words), words.length - 1);
        assertTrue(s.isPresent(), "a Polymorph command's arguments: " + List.of(words));
        return s.get().stream().map(Completions.Suggestion::value).toList();
    }

    @Test
    void methodIdsAfterRunAndDescribeWithOrWithoutTheScope() {
        assertEquals(List.of("test.md", "test.steps", "test.sum"), values("run", ""));
        assertEquals(List.of("test.steps", "test.sum"), values("describe", "test.s"));
        assertEquals(List.of("test.sum"), values("polymorph:run", "test.su"));
        assertEquals(List.of(), values("run", "md."));
        Completions.Suggestion md = completions.suggest(List.of("run", "test.m"), 1).orElseThrow().get(0);
        assertEquals("Molecular dynamics (eV, K)", md.description());
        assertTrue(md.complete(), "an id is a whole word");
    }

    @Test
    void parameterNamesAsKeyEqualsWithoutTheOnesGiven() {
        assertEquals(List.of("dt=", "resume=", "step_ms="), values("run", "test.steps", "steps=5", "input=a", ""));
        assertEquals(List.of("step_ms=", "steps="), values("run", "test.steps", "st"));
        Completions.Suggestion n = completions.suggest(List.of("run", "test.sum", "n"), 2).orElseThrow().get(0);
        assertEquals("n=", n.value());
        assertFalse(n.complete(), "no space after key=");
        assertEquals(List.of("--json", "--out"), values("run", "test.sum", "--"));
        assertEquals(List.of("--out"), values("run", "test.sum", "--json", "-"));
    }

    @Test
    void enumeratedValuesOfChoiceAndBooleanParameters() {
        assertEquals(List.of("ensemble=nve", "ensemble=nvt-langevin", "ensemble=nvt-nhc"), values("run", "test.md", "ensemble="));
        assertEquals(List.of("ensemble=nvt-langevin", "ensemble=nvt-nhc"), values("run", "test.md", "dt=2", "ensemble=nvt"));
        assertEquals(List.of("neigh_check=true", "neigh_check=false"), values("run", "test.md", "neigh_check="));
        assertEquals(List.of(), values("run", "test.md", "dt="));
        assertEquals(List.of(), values("run", "no.such", "x"));
        assertEquals("default", completions.suggest(List.of("run", "test.md", "ensemble=nve"), 2).orElseThrow().get(0).description());
    }

    @Test
    void otherCommandsAndTheCommandWordAreLeftToTheConsole() {
        assertTrue(completions.suggest(List.of("desc"), 0).isEmpty());
        assertTrue(completions.suggest(List.of("lb", ""), 1).isEmpty());
        assertTrue(completions.suggest(List.of("run", "test.sum", "--out", "ru"), 3).isEmpty(), "a folder: files");
        assertEquals(List.of(), values("describe", "test.sum", ""), "describe takes one id");
    }
}
