/**
 * The simulated machine as real files: a FUSE file system ({@code mce-sim run --mount DIR}) serving
 * {@code dev/mcelog} with the character device's file operations (dev-mcelog.c {@code mce_chrdev_ops})
 * and the attribute tree ({@code proc/cpuinfo}, {@code proc/interrupts}, {@code sys/...}) as files,
 * so that programs that are not ours open, ioctl, poll and read them; and the sandbox
 * ({@code mce-sim sandbox}) that bind-mounts those files over the real paths in a private mount
 * namespace. A transport beside the Unix-socket server: it calls the same device and tree objects and
 * keeps no state of the machine.
 */
package org.mcelogjava.kernelsim.fuse;
