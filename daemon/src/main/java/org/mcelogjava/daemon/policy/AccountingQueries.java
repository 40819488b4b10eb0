package org.mcelogjava.daemon.policy;

import org.mcelogjava.daemon.server.ClientQueries;

/**
 * The client socket's view of the memory accounting: mcelog's {@code dump_memory_errors} and
 * {@code dump_page_errors}. The accounting is not thread-safe, so each answer is taken under the
 * lock the record path holds while accounting (the {@link MemoryAccounting} object).
 */
public final class AccountingQueries implements ClientQueries {

    private final MemoryAccounting memdb;
    private final PageAccounting pages;

    public AccountingQueries(MemoryAccounting memdb, PageAccounting pages) {
        this.memdb = memdb;
        this.pages = pages;
    }

    @Override
    public String dump(boolean all, boolean bios) {
        synchronized (memdb) {
            return memdb.dump(all, bios);
        }
    }

    @Override
    public String pages() {
        synchronized (memdb) {
            return pages.pages();
        }
    }
}
