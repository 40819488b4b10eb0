package org.mcelogjava.kernelsim.fuse;

/**
 * What a FUSE {@code poll} leaves behind when it must sleep: libfuse's poll handle, to be notified
 * once at the device's wake-up ({@code fuse_notify_poll}, after which the kernel polls again) or
 * discarded unused ({@code fuse_pollhandle_destroy}).
 */
interface PollWakeup {

    /** The device has something to say: the sleeping poll re-polls. Releases the handle. */
    void wake();

    /** Not needed any more (a newer poll replaced it, or the file was released). Releases the handle. */
    void discard();
}
