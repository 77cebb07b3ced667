package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamSpecTest {
    private static final ParamSpec N = ParamSpec.integer("n", 10, "atoms", 1, 100, "number of atoms");
    private static final ParamSpec DT = ParamSpec.real("dt", 0.5, "fs", 0.001, 10, "time step");

    /** Parsing must throw BadInputException naming the parameter, the value and a fix. */
    private static BadInputException bad(ParamSpec spec, String raw, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, () -> spec.parse(raw));
        assertTrue(e.getMessage().contains("'" + spec.name() + "'"), "names the parameter: " + e.getMessage());
        assertTrue(e.getMessage().contains(raw), "names the value: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "mentions '" + f + "': " + e.getMessage());
        return e;
    }

    @Test
    void integers() {
        assertEquals(42L, N.parse(" 42 "));
        assertEquals(1L, N.parse("1"));
        assertEquals(100L, N.parse("100"));
        bad(N, "abc", "not an integer", "whole number");
        bad(N, "2.5", "not an integer");
        bad(N, "0", "out of range [1, 100]", "atoms");
        bad(N, "101", "out of range");
    }

    @Test
    void anAbsentUnitIsEmpty() {
        ParamSpec n = ParamSpec.integer("iterations", 5, null, 1, 10, "a count");
        assertEquals("", n.unit());
        bad(n, "0", "out of range [1, 10]");
    }

    @Test
    void reals() {
        assertEquals(0.25, DT.parse("0.25"));
        assertEquals(10.0, DT.parse("1e1"));
        bad(DT, "fast", "not a number");
        bad(DT, "NaN", "not a number");
        bad(DT, "11", "out of range");
        assertEquals("[0.001, 10]", DT.rangeText());
    }

    @Test
    void rangesPrintAsWritten() {
        assertEquals("[0.0001, 100]", ParamSpec.real("tol", 0.01, "", 1e-4, 100, "x").rangeText());
        assertEquals("[-2.5, 0.3]", ParamSpec.real("x", 0.0, "", -2.5, 0.3, "x").rangeText());
        assertEquals("[0, 1e+20]", ParamSpec.realList("x", List.of(1.0), "", 0, 1e20, "x").rangeText());
        assertEquals("[1e-08, 2.5e+15]", ParamSpec.real("x", 1.0, "", 1e-8, 2.5e15, "x").rangeText());
        // 1e-6 is where BigDecimal.toString still writes plain digits: found by CoreInputsFuzz ("dt=abc" against min 1e-6)
        assertEquals("[1e-06, 100]", ParamSpec.real("x", 1.0, "", 1e-6, 100, "x").rangeText());
        assertEquals("[-1.5e-06, 1e+15]", ParamSpec.real("x", 1.0, "", -1.5e-6, 1e15, "x").rangeText());
        assertEquals("[0.1, inf]", ParamSpec.real("x", 1.0, "", 0.1, Double.MAX_VALUE, "x").rangeText());
        bad(ParamSpec.real("tol", 0.01, "", 1e-4, 100, "x"), "0", "out of range [0.0001, 100]");
    }

    @Test
    void booleansTextAndChoices() {
        ParamSpec b = ParamSpec.bool("verbose", false, "log more");
        assertEquals(true, b.parse("TRUE"));
        assertEquals(false, b.parse("false"));
        bad(b, "maybe", "true or false");
    }

    @Test
    void booleansTakeLammpsYesAndNoInAnyCase() {
        ParamSpec b = ParamSpec.bool("neigh_check", false, "check neighbours");
        assertEquals(true, b.parse("yes"));
        assertEquals(true, b.parse(" YES "));
        assertEquals(false, b.parse("no"));
        assertEquals(false, b.parse("No"));
        assertEquals(true, b.parse("True"));
        bad(b, "y", "not a boolean", "yes or no");
        assertEquals(" as is ", ParamSpec.text("label", "x", "a label").parse(" as is "));
        ParamSpec c = ParamSpec.choice("mode", "fast", List.of("fast", "exact"), "algorithm");
        assertEquals("exact", c.parse("exact"));
        bad(c, "slow", "fast, exact");
        assertEquals("fast|exact", c.rangeText());
    }

    @Test
    void aChoiceEndingInAColonTakesAnArgument() {
        ParamSpec c = ParamSpec.choice("optimizer", "adam", List.of("adam", "learned:"), "optimizer");
        assertEquals("learned:runs/a.lopt", c.parse("learned:runs/a.lopt"));
        assertEquals("adam", c.parse("adam"));
        bad(c, "learned:", "adam, learned:");
        bad(c, "learned", "adam, learned:");
        bad(c, "adam:x", "adam, learned:");
    }

    @Test
    void lists() {
        ParamSpec sizes = ParamSpec.intList("sizes", List.of(100), "", 1, 5000, "matrix sizes");
        assertEquals(List.of(1, 20, 300), sizes.parse("1, 20,300"));
        bad(sizes, "10,0", "out of range");
        bad(sizes, "10,x", "not an integer");
        bad(sizes, "", "empty list");
        ParamSpec temps = ParamSpec.realList("temps", List.of(300.0), "K", 0, 5000, "temperatures");
        assertEquals(List.of(300.0, 1.5), temps.parse("300,1.5"));
        bad(temps, "300,-1", "out of range");
    }

    @Test
    void paths(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("in.xyz"), "1\n");
        ParamSpec p = ParamSpec.path("input", null, "structure file");
        assertEquals(f.toAbsolutePath().toString(), p.parse(f.toString()));
        String missing = dir.resolve("nope.xyz").toString();
        bad(p, missing, "no readable file", "existing");
        bad(p, dir.toString(), "no readable file");
        bad(p, "Si\u0000.sw", "no readable file");     // not a path at all: was an escaping InvalidPathException
        bad(ParamSpec.files("data", "", "x"), "a.xyz,b\u0000.xyz", "no readable file");
    }

    @Test
    void specProperties() {
        assertFalse(N.required());
        assertTrue(ParamSpec.path("input", null, "x").required());
        assertEquals("[1, 100]", N.rangeText());
        assertEquals("", ParamSpec.text("t", "", "x").rangeText());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.integer("Bad-Name", 1, "", 0, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.integer("1n", 1, "", 0, 1, "x"));
    }

    @Test
    void fileListsNameExistingFilesAndKeepTheirAbsolutePaths(@TempDir Path tmp) throws Exception {
        Path a = Files.writeString(tmp.resolve("Cu.eam"), "a");
        Path b = Files.writeString(tmp.resolve("Ni.eam"), "b");
        ParamSpec files = ParamSpec.files("potential_file", "", "potential files");
        assertEquals(ParamType.FILES, files.type());
        assertEquals(a.toAbsolutePath() + "," + b.toAbsolutePath(), files.parse(a + ", " + b));
        assertEquals("", files.parse(""), "empty is the default: no files");
        bad(files, a + "," + tmp.resolve("missing.eam"), "no readable file there");
        bad(ParamSpec.files("model", null, "required"), "", "empty list");
    }

    /** A bare name not in the working directory is found in {@code <polymorph.home>/potentials}, as LAMMPS_POTENTIALS. */
    @Test
    void bareFileNamesAreLookedForInTheDistributionsPotentialsFolder(@TempDir Path home) throws Exception {
        String name = "polymorph-test-" + System.nanoTime() + ".sw";
        Path file = Files.writeString(Files.createDirectories(home.resolve("potentials")).resolve(name), "x");
        ParamSpec path = ParamSpec.path("potential_file", null, "file");
        ParamSpec files = ParamSpec.files("potential_file", "", "files");
        String before = System.getProperty(FileSearch.HOME_PROPERTY);
        System.setProperty(FileSearch.HOME_PROPERTY, home.toString());
        try {
            assertEquals(file.toAbsolutePath().toString(), path.parse(name));
            assertEquals(file.toAbsolutePath().toString(), files.parse(name));
            // only bare names: a relative path with a folder is not searched for
            bad(path, "sub/" + name, "no readable file there");
            bad(path, "absent-" + name, "no readable file there", home.resolve("potentials").toString());
        } finally {
            if (before == null) System.clearProperty(FileSearch.HOME_PROPERTY);
            else System.setProperty(FileSearch.HOME_PROPERTY, before);
        }
    }

    /** A model published as a folder of files is named by the folder, or bare by its name in {@code <polymorph.home>/models}. */
    @Test
    void modelFoldersAreFoundByPathAndByBareNameInTheModelsFolder(@TempDir Path home) throws Exception {
        String name = "polymorph-model-" + System.nanoTime();
        Path folder = Files.createDirectories(home.resolve("models").resolve(name));
        Files.writeString(folder.resolve("model.json"), "{}");
        ParamSpec files = ParamSpec.files("potential_file", "", "files");
        assertEquals(folder.toAbsolutePath().toString(), files.parse(folder.toString()));
        String before = System.getProperty(FileSearch.HOME_PROPERTY);
        System.setProperty(FileSearch.HOME_PROPERTY, home.toString());
        try {
            assertEquals(folder.toAbsolutePath().toString(), files.parse(name));
            bad(files, "absent-" + name, "no readable file there", home.resolve("models").toString());
        } finally {
            if (before == null) System.clearProperty(FileSearch.HOME_PROPERTY);
            else System.setProperty(FileSearch.HOME_PROPERTY, before);
        }
    }
}
