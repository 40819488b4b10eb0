package org.mcelogjava.daemon.policy;

import java.io.IOException;

/** Takes a memory page offline, as mcelog's {@code do_memory_offline} does through sysfs. */
@FunctionalInterface
public interface PageOffliner {

    /** The two kernel interfaces ({@code soft_offline_page}, {@code hard_offline_page}). */
    enum Kind {
        SOFT, HARD
    }

    /**
     * @param address the page's physical address
     * @throws IOException when the kernel refused (the message is logged as mcelog's strerror)
     */
    void offline(long address, Kind kind) throws IOException;
}
