/**
 * The Polymorph launcher: a plain jar (not a bundle) that starts Apache Felix from the
 * distribution's folders ({@code conf/}, {@code bundle/<level>-<name>/}) and either runs the
 * interactive Gogo shell or one headless CLI command. {@link org.polymorph.launcher.Launcher} is the
 * API the integration tests call in-process; {@link org.polymorph.launcher.Main} is what
 * {@code bin/polymorph} runs.
 */
package org.polymorph.launcher;
