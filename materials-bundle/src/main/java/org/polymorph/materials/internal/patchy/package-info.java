/**
 * Implementation behind the patchy-particle API: the self-assembly
 * toolbox's heterodimer building block and the {@code patchy.yield} Method.
 */
package org.polymorph.materials.internal.patchy;
