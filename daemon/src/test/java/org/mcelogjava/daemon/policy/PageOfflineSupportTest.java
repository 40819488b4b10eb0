package org.mcelogjava.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.config.McelogConfig.PageAction;
import org.mcelogjava.protocol.device.AttrEntry;

/** mcelog's page_setup check: an offlining action needs its sysfs file writable, else only accounting. */
class PageOfflineSupportTest {

    private static final List<AttrEntry> MEMORY = List.of(
            new AttrEntry("soft_offline_page", AttrEntry.Kind.FILE, 0200),
            new AttrEntry("hard_offline_page", AttrEntry.Kind.FILE, 0200),
            new AttrEntry("memory0", AttrEntry.Kind.DIRECTORY, 0755));

    @Test
    void aPrivilegedPeerKeepsEveryActionWhoseFileExists() {
        for (PageAction a : PageAction.values()) {
            assertEquals(a, PageOfflineSupport.usable(a, MEMORY, true), a.name());
        }
    }

    @Test
    void anUnprivilegedPeerCannotWriteTheRootOnlyFilesAndOnlyAccounts() {
        assertEquals(PageAction.ACCOUNT, PageOfflineSupport.usable(PageAction.SOFT, MEMORY, false));
        assertEquals(PageAction.ACCOUNT, PageOfflineSupport.usable(PageAction.HARD, MEMORY, false));
        assertEquals(PageAction.OFF, PageOfflineSupport.usable(PageAction.OFF, MEMORY, false));
        List<AttrEntry> worldWritable = List.of(new AttrEntry("soft_offline_page", AttrEntry.Kind.FILE, 0222));
        assertEquals(PageAction.SOFT_THEN_HARD,
                PageOfflineSupport.usable(PageAction.SOFT_THEN_HARD, worldWritable, false));
    }

    @Test
    void aKernelWithoutTheFileOnlyAccounts() {
        List<AttrEntry> softOnly = List.of(new AttrEntry("soft_offline_page", AttrEntry.Kind.FILE, 0200));
        assertEquals(PageAction.SOFT, PageOfflineSupport.usable(PageAction.SOFT, softOnly, true));
        assertEquals(PageAction.ACCOUNT, PageOfflineSupport.usable(PageAction.HARD, softOnly, true));
        assertEquals(PageAction.ACCOUNT, PageOfflineSupport.usable(PageAction.SOFT, List.of(), true));
    }
}
