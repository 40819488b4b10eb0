package org.mcelogjava.daemon.policy;

/**
 * The client socket's view of the memory accounting: mcelog's {@code dump_memory_errors} and
 * {@code dump_page_errors}. The accounting is not thread-safe, so each answer is taken under the
 * lock the record path holds while accounting (the {@link MemoryAccounting} object). The
 * composition root serves these on the client socket.
 */
public final class AccountingQueries {

    private final MemoryAccounting memdb;
    private final PageAccounting pages;

    public AccountingQueries(MemoryAccounting memdb, PageAccounting pages) {
        this.memdb = memdb;
        this.pages = pages;
    }

    /** {@code dump_memory_errors}, without {@code done}; {@code all}: objects without errors too. */
    public String dump(boolean all, boolean bios) {
        synchronized (memdb) {
            return memdb.dump(all, bios);
        }
    }

    /** {@code dump_page_errors}, without {@code done}. */
    public String pages() {
        synchronized (memdb) {
            return pages.pages();
        }
    }
}
