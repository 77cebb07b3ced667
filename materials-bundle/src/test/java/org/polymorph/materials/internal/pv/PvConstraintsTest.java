package org.polymorph.materials.internal.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.pv.DesignInputs;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvVariables;

/** The constraint parser (good and bad text) and the shipped perovskite case's constraints against deltapv's psc.py. */
class PvConstraintsTest {
    static final Path EXAMPLES = Path.of("..", "distribution", "src", "main", "dist", "examples", "pv");
    /** deltapv test.py's x_init (= optimize/psc.py's x0). */
    static final double[] X_INIT = {1.661788237392516, 4.698293002285373, 19.6342803183675, 18.83471869026531,
        19.54569869328745, 0.7252792557586427, 1.6231392299175988, 2.5268524699070234, 2.51936429069554,
        6.933634938056497, 19.41835918276137, 18.271793488422656, 0.46319949214386513, 0.2058139980642224,
        18.63975340175838, 17.643726318153238};

    static final Set<String> PATHS = Set.of("layers[0].doping_cm3", "layers[0].material.Chi", "layers[0].material.Eg",
            "layers[0].material.Nc", "layers[0].material.Nv", "layers[1].material.Chi", "contacts.Sn_left");

    @Test
    void parsesTermsOnBothSidesIntoOneInequality() {
        PvConstraints c = PvConstraints.parse(List.of(
                "layers[0].material.Chi + 2*layers[1].material.Chi - 1.5 >= 0.5 * layers[0].material.Eg - 1e-1",
                "-layers[0].material.Chi<=-3.5",
                "2.5e2 * contacts.Sn_left - contacts.Sn_left <= 3 + layers[1].material.Chi"), PATHS, "constraints");
        assertEquals(3, c.size());
        Map<String, Double> v = Map.of("layers[0].material.Chi", 4.0, "layers[1].material.Chi", 3.0, "layers[0].material.Eg", 2.0,
                "contacts.Sn_left", 0.01);
        ToDoubleFunction<String> theta = v::get;
        // g = lhs − rhs for >=, rhs − lhs for <=
        assertEquals(4 + 6 - 1.5 - (1.0 - 0.1), c.get(0).value(theta), 1e-12);
        assertEquals(-3.5 + 4.0, c.get(1).value(theta), 1e-12);
        assertEquals(3 + 3 - 249 * 0.01, c.get(2).value(theta), 1e-12);
        assertEquals(Map.of("layers[0].material.Chi", 1.0, "layers[1].material.Chi", 2.0, "layers[0].material.Eg", -0.5), c.get(0).gradient(theta));
        assertEquals(Map.of("contacts.Sn_left", -249.0, "layers[1].material.Chi", 1.0), c.get(2).gradient(theta));
        assertTrue(c.feasible(theta));
        assertEquals(List.of(false), List.of(PvConstraints.parse(List.of("layers[0].material.Chi >= 5"), PATHS, "c").feasible(theta)));
    }

    @Test
    void badTextNamesTheConstraintAndTheFix() {
        Map<String, String> cases = Map.of(
                "layers[0].material.Chi > 3", "cannot be read",
                "layers[0].material.Chi", "no '>=' or '<='",
                "layers[0].material.Chi >= 3 >= 2", "more than one",
                "layers[0].material.Xi >= 3", "not a quantity of the design",
                "layers[5].flatband_wf >= 3", "not a quantity of the design",
                "3 >= 2", "names no design quantity",
                "2 layers[0].material.Chi >= 0", "without '+' or '-'",
                "layers[0].material.Chi * 2 >= 0", "'*' without a number",
                "layers[0].material.Chi >= ", "nothing after",
                "", "is empty");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            BadInputException ex = assertThrows(BadInputException.class,
                    () -> PvConstraints.parse(List.of("layers[0].material.Chi >= 0", e.getKey()), PATHS, "constraints"), e.getKey());
            assertEquals("constraints[1]", ex.parameter().orElseThrow(), e.getKey());
            assertTrue(ex.getMessage().contains(e.getValue()) && ex.fix().isPresent(), e.getKey() + ": " + ex.getMessage());
        }
        BadInputException typo = assertThrows(BadInputException.class,
                () -> PvConstraints.parse(List.of("layers[0].material.chi >= 3"), PATHS, "constraints"));
        assertTrue(typo.getMessage().contains("layers[0].material.Chi"), "did you mean: " + typo.getMessage());
    }

    @SuppressWarnings("unchecked")
    static PvDesign pscDesign() throws Exception {
        return PvDesign.read(EXAMPLES.resolve("psc.design.json"));
    }

    static PvVariables pscVariables(PvDesign d) throws Exception {
        return PvVariables.parse(Json.parse(Files.readString(EXAMPLES.resolve("psc.variables.json"))), d, "variables");
    }

    @SuppressWarnings("unchecked")
    static PvConstraints pscConstraints(PvDesign d) throws Exception {
        return PvConstraints.parse((List<String>) Json.parse(Files.readString(EXAMPLES.resolve("psc.constraints.json"))),
                new HashSet<>(DesignInputs.names(d)), "constraints");
    }

    /** deltapv physics.flatband_wf(Nc, Nv, Eg, Chi, N), written out (kT/q in eV at 300 K, CODATA 2018). */
    static double flatbandWf(double nc, double nv, double eg, double chi, double n) {
        double kt = 1.380649e-23 * 300 / 1.602176634e-19;
        double ni = Math.sqrt(nc * nv) * Math.exp(-eg / (2 * kt));
        double efi = -chi - eg / 2 + kt / 2 * Math.log(nc / nv);
        double def = kt * (n > 0 ? Math.log(Math.abs(n) / ni) : -Math.log(Math.abs(n) / ni));
        return -efi - def;
    }

    @Test
    void pscConstraintsAtTheStartAreDeltapvs() throws Exception {
        PvDesign d = pscDesign();
        PvVariables vars = pscVariables(d);
        assertEquals(16, vars.size());
        double[] x0 = vars.start(d);
        for (int k = 0; k < 16; k++) assertEquals(X_INIT[k], x0[k], 1e-12, "x_init[" + k + "]");
        PvConstraints c = pscConstraints(d);
        double[] g = c.values(p -> DesignInputs.get(d, p, "test"));
        // optimize/psc.py g(x) = −[Chi_ETM − PhiM0, Chi_HTM − Chi_P, PhiML − Chi_HTM − Eg_HTM,
        //                          Chi_HTM + Eg_HTM − Chi_P − Eg_P, Chi_P − Chi_ETM], Chi_P = 3.9, Eg_P = 1.5,
        // PhiM0 = flatband_wf(Nc_ETM, Nv_ETM, Eg_ETM, Chi_ETM, Nd_ETM), PhiML = flatband_wf(Nc_HTM, Nv_HTM, Eg_HTM, Chi_HTM, −Na_HTM)
        double[] x = X_INIT;
        double phiM0 = flatbandWf(Math.pow(10, x[3]), Math.pow(10, x[4]), x[0], x[1], Math.pow(10, x[14]));
        double phiML = flatbandWf(Math.pow(10, x[10]), Math.pow(10, x[11]), x[7], x[8], -Math.pow(10, x[15]));
        double[] expected = {-(x[1] - phiM0), -(x[8] - 3.9), -(phiML - x[8] - x[7]), -(x[8] + x[7] - 3.9 - 1.5), -(3.9 - x[1])};
        for (int k = 0; k < 5; k++) assertEquals(expected[k], g[k], 1e-12, "g" + (k + 1));
    }

    @Test
    void pscConstraintGradientsEqualCentralDifferences() throws Exception {
        PvDesign d = pscDesign();
        PvVariables vars = pscVariables(d);
        PvConstraints c = pscConstraints(d);
        double[] x0 = vars.start(d);
        for (int j = 0; j < c.size(); j++) {
            PvConstraints.Constraint cj = c.get(j);
            Map<String, Double> dTheta = cj.gradient(p -> DesignInputs.get(d, p, "test"));
            double[] grad = vars.chain(x0, p -> dTheta.getOrDefault(p, 0.0));
            for (int k = 0; k < x0.length; k++) {
                double h = 1e-5;
                double[] xp = x0.clone(), xm = x0.clone();
                xp[k] += h;
                xm[k] -= h;
                PvDesign dp = vars.apply(d, xp), dm = vars.apply(d, xm);
                double fd = (cj.value(p -> DesignInputs.get(dp, p, "test")) - cj.value(p -> DesignInputs.get(dm, p, "test"))) / (2 * h);
                assertEquals(fd, grad[k], 1e-7 * Math.max(1, Math.abs(fd)), "dg" + (j + 1) + "/dx" + k);
            }
        }
    }

    @Test
    void logScalesMustFitTheSignOfTheDesignValue() throws Exception {
        PvDesign d = pscDesign();
        // the HTM's acceptor doping is negative: neglog10 fits it (θ = −10^x), log10 does not; the ETM's donors the reverse
        PvVariables ok = PvVariables.parse(Json.parse("[{\"path\": \"layers[2].doping_cm3\", \"lower\": 17, \"upper\": 20, \"scale\": \"neglog10\"}]"), d, "variables");
        assertEquals(X_INIT[15], ok.start(d)[0], 1e-12);
        assertEquals(-1e18, DesignInputs.get(ok.apply(d, new double[] {18}), "layers[2].doping_cm3", "test"), 1e3);
        for (String bad : List.of("{\"path\": \"layers[2].doping_cm3\", \"lower\": 17, \"upper\": 20, \"scale\": \"log10\"}",
                "{\"path\": \"layers[0].doping_cm3\", \"lower\": 17, \"upper\": 20, \"scale\": \"neglog10\"}")) {
            BadInputException e = assertThrows(BadInputException.class, () -> PvVariables.parse(Json.parse("[" + bad + "]"), d, "variables"));
            assertEquals("variables[0].scale", e.parameter().orElseThrow());
        }
    }
}
