/**
 * The einsum spec parser both tensor backends of this bundle share (pure Java; it uses neither
 * backend). Private to the bundle.
 */
package org.polymorph.gpu.einsum.internal;
