package org.polymorph.materials.internal.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;

/**
 * A {@link RigidState} in binary form for a Method's checkpoint payload ({@link org.polymorph.core.run.Checkpoint}),
 * in {@link MdCheckpoint}'s layout of arrays, chains and neighbour list: bodies, energy, forces, torques, the point
 * list, step, time, key, both Nosé–Hoover chains, reservoir, degrees of freedom and units. The system is not stored;
 * the resuming run builds it from its (unchanged) parameters. Reading back gives the state the run had, so that
 * stepping on from it is the uninterrupted run to the bit.
 */
public final class RigidCheckpoint {
    private RigidCheckpoint() { }

    public static void write(DataOutputStream o, RigidState s) throws IOException {
        RigidBodies b = s.bodies();
        o.writeInt(b.dimension());
        MdCheckpoint.doubles(o, b.centres());
        MdCheckpoint.doubles(o, b.orientations());
        MdCheckpoint.doubles(o, b.momenta());
        MdCheckpoint.doubles(o, b.angularMomenta());
        MdCheckpoint.ints(o, b.shapes());
        o.writeDouble(s.potentialEnergy());
        MdCheckpoint.doubles(o, s.forces());
        MdCheckpoint.doubles(o, s.torques());
        NeighborList nl = s.neighbors();
        MdCheckpoint.ints(o, nl.offsets());
        MdCheckpoint.ints(o, nl.neighbors());
        MdCheckpoint.ints(o, nl.shifts());
        o.writeBoolean(nl.half());
        o.writeDouble(nl.cutoff());
        o.writeDouble(nl.skin());
        MdCheckpoint.doubles(o, nl.referencePositions());
        MdCheckpoint.box(o, nl.referenceBox());
        o.writeLong(s.step());
        o.writeDouble(s.time());
        o.writeLong(s.key().k0());
        o.writeLong(s.key().k1());
        MdCheckpoint.chain(o, s.translationChain());
        MdCheckpoint.chain(o, s.rotationChain());
        o.writeDouble(s.reservoir());
        o.writeInt(s.translationalDof());
        o.writeInt(s.rotationalDof());
        o.writeUTF(s.units().name());
    }

    /** The state {@link #write} wrote, of bodies in {@code system}; IOException on damaged data. */
    public static RigidState read(DataInputStream in, RigidSystem system) throws IOException {
        try {
            int d = in.readInt();
            RigidBodies b = new RigidBodies(d, MdCheckpoint.doubles(in), MdCheckpoint.doubles(in), MdCheckpoint.doubles(in),
                    MdCheckpoint.doubles(in), MdCheckpoint.ints(in));
            double pe = in.readDouble();
            double[] f = MdCheckpoint.doubles(in), tau = MdCheckpoint.doubles(in);
            NeighborList nl = MdCheckpoint.list(MdCheckpoint.ints(in), MdCheckpoint.ints(in), MdCheckpoint.ints(in), in.readBoolean(),
                    in.readDouble(), in.readDouble(), MdCheckpoint.doubles(in), MdCheckpoint.box(in));
            long step = in.readLong();
            double time = in.readDouble();
            RandomKey key = new RandomKey(in.readLong(), in.readLong());
            return new RigidState(system, b, pe, f, tau, nl, step, time, key, MdCheckpoint.chain(in), MdCheckpoint.chain(in), in.readDouble(),
                    in.readInt(), in.readInt(), MdCheckpoint.units(in.readUTF()));
        } catch (java.io.EOFException e) {
            throw new IOException("the payload ends early (truncated)", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the payload is damaged: " + e.getMessage(), e);
        }
    }
}
