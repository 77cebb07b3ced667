/**
 * Neighbour lists: {@link org.polymorph.materials.partition.NeighborList} (compressed rows with
 * periodic image shifts; full or half; with a skin; its entries also as {@link org.polymorph.materials.partition.Ghosts}
 * ghost-atom indices) and its
 * {@link org.polymorph.materials.partition.NeighborListBuilder} (cell lists, and the dense O(N²)
 * path they are tested against).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.polymorph.materials.partition;
