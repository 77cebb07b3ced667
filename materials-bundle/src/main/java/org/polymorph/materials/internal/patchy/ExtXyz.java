package org.polymorph.materials.internal.patchy;

import java.util.Locale;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.rigid.Quaternion;

/**
 * Patchy bodies as extended XYZ (the format of ASE's {@code ase.io.extxyz} and OVITO): one line per body with its
 * type name, the model's body origin and its orientation, as a unit quaternion (w, x, y, z) body frame → world in 3D
 * (OVITO's Orientation convention is (x, y, z, w): columns are named {@code quaternion}, ASE's name), as an angle
 * (radians) in 2D; the periodic cell on the comment line.
 */
final class ExtXyz {
    private ExtXyz() { }

    /** A frame of an MD run: periodic in the box's dimensions, its step and time (the run's time unit) on the comment line. */
    static String bodies(Configuration c, PatchyModel model, long step, double time) {
        return bodies(c, model, true, "step=" + step + " time=" + num(time));
    }

    /**
     * A frame whose cell is the configuration's box, periodic along its d edges when {@code periodic} (an isolated cluster
     * in a cell around it is not), with {@code info} (key=value pairs) appended to the comment line.
     */
    static String bodies(Configuration c, PatchyModel model, boolean periodic, String info) {
        int d = c.dimension();
        double[] box = c.box();
        StringBuilder sb = new StringBuilder().append(c.size()).append('\n');
        double lz = d == 3 ? box[2] : 1;
        String pbc = periodic ? "T T " + (d == 3 ? "T" : "F") : "F F F";
        sb.append(String.format(Locale.ROOT, "Lattice=\"%s 0 0 0 %s 0 0 0 %s\" Properties=species:S:1:pos:R:3:%s pbc=\"%s\" %s%n",
                num(box[0]), num(box[1]), num(lz), d == 3 ? "quaternion:R:4" : "angle:R:1", pbc, info));
        double[][] x = c.centres(), r = c.rotations();
        int[] t = c.types();
        for (int i = 0; i < c.size(); i++) {
            sb.append(model.types().get(t[i]).name());
            for (int a = 0; a < 3; a++) sb.append(' ').append(num(a < d ? x[i][a] : 0));
            if (d == 3) {
                Quaternion q = Quaternion.fromMatrix(r[i]);
                sb.append(' ').append(num(q.w())).append(' ').append(num(q.x())).append(' ').append(num(q.y())).append(' ').append(num(q.z()));
            } else {
                sb.append(' ').append(num(Math.atan2(r[i][2], r[i][0])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) { return Double.toString(v); }
}
