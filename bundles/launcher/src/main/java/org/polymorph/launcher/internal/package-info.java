/** Launcher implementation: property files, bundle folders, bundle-cache sync, the CLI call. */
package org.polymorph.launcher.internal;
