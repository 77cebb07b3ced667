package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import java.io.IOException;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code nn/bp}: a Behler–Parrinello network of one element, read from a network file written by ff.mlp. */
public final class NnBpStyle implements PotentialProvider {
    @Override public String style() { return "nn/bp"; }

    @Override public String description() {
        return "Behler–Parrinello network PRL 98, 146401 (2007): Σ_i [e0 + s·MLP(G_i)] over radial and angular symmetry functions; one element";
    }

    @Override public List<PotentialParameter> parameters() { return List.of(); }
    @Override public FileRule files() { return FileRule.ONE; }
    @Override public String fileHint() { return "a network file written by ff.mlp"; }
    @Override public ListKind listKind() { return ListKind.FULL; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) throws IOException {
        if (elements.size() != 1) {
            throw new IllegalArgumentException("nn/bp: the network is for one element, the structure has " + elements.size() + " types " + elements
                    + "; give a one-element structure");
        }
        return BehlerParrinello.read(files.get(0));
    }
}
