package org.mcelogjava.daemon.server;

/** What the client socket's commands report, from the daemon's accounting. */
public interface ClientQueries {

    /**
     * The memory error dump ({@code dump_memory_errors}), without the final {@code done} line.
     *
     * @param all  include objects without errors
     * @param bios include the DMI names
     */
    String dump(boolean all, boolean bios);

    /** The per-page table ({@code dump_page_errors}), without the final {@code done} line. */
    String pages();
}
