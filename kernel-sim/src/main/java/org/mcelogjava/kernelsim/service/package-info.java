/**
 * The simulator as a running service: one booted kernel on its engine thread, its
 * {@code /dev/mcelog}, trigger helper, ERST store and attribute tree served on a Unix socket.
 */
package org.mcelogjava.kernelsim.service;
