/**
 * Long recordings as a table of what happened when: windows with their open-set answers ({@link
 * io.earshot.analysis.Segment}), runs of same-class windows merged into events, and the tables
 * people open elsewhere (CSV, Raven selection tables). Plain Java.
 */
package io.earshot.analysis;
