package org.polymorph.cluster.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;

/** A test work kind: from the seed s and the parameter a, returns s^2 + a and sqrt(s) + 1/3 (float64 values that JSON must keep bit for bit). */
final class SquareKind implements WorkKind {
    static final String NAME = "test.square";

    @Override
    public String name() { return NAME; }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        Object a = item.params().get("a");
        if (!(a instanceof Number n)) throw new BadInputException("a = " + a + ": not a number; give a number");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("square", (double) item.seed() * item.seed() + n.doubleValue());
        out.put("root", Math.sqrt(item.seed()) + 1.0 / 3.0);
        return out;
    }
}
