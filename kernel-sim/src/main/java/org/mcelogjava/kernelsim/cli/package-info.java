/**
 * The {@code mce-sim} command line ({@link org.mcelogjava.kernelsim.cli.MceSim}): {@code replay}
 * runs an mce-inject file against a fresh simulated machine and reports the outcome; {@code bench}
 * prints the poll-timer and rendezvous figures.
 */
package org.mcelogjava.kernelsim.cli;
