package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Consumer;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.daemon.policy.PageOfflineSupport;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DevicePaths;

/**
 * mcelog's start-up check of the page offline interface ({@code page_setup} in page.c checking
 * {@code /sys/devices/system/memory/soft_offline_page}), against the machine's sysfs (the
 * simulator's on the daemon's start-up connection, or the file system's beside a device file): an
 * offlining action whose file is missing or not writable becomes {@code account}, with mcelog's
 * message. A machine that fails meanwhile is not judged: offlining is tried, and reported, when due.
 */
final class PageActionCheck {

    private PageActionCheck() {
    }

    /** {@code config}, with its page action lowered to what the machine supports. */
    static McelogConfig usable(McelogConfig config, MachineFiles machine, Consumer<String> errors) {
        McelogConfig.PageAction action = config.page().action();
        if (action == McelogConfig.PageAction.OFF || action == McelogConfig.PageAction.ACCOUNT) {
            return config;
        }
        try {
            McelogConfig.PageAction usable =
                    PageOfflineSupport.usable(action, memoryDir(machine), machine.privileged());
            if (usable != action) {
                errors.accept(PageOfflineSupport.UNSUPPORTED);
                return config.withPageAction(usable);
            }
            return config;
        } catch (IOException e) {
            return config;
        }
    }

    /** /sys/devices/system/memory's entries; none when the directory does not exist. */
    private static List<AttrEntry> memoryDir(MachineFiles machine) throws IOException {
        try {
            return machine.list(DevicePaths.MEMORY_DIR);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
