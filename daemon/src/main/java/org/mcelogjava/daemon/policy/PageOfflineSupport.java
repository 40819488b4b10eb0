package org.mcelogjava.daemon.policy;

import java.util.List;
import org.mcelogjava.daemon.config.McelogConfig.PageAction;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DevicePaths;

/**
 * mcelog's start-up check of the page offline interface ({@code page_setup}): an action that
 * offlines needs its sysfs file writable — {@code soft_offline_page} for soft and soft-then-hard,
 * {@code hard_offline_page} for hard; otherwise mcelog says {@value #UNSUPPORTED} and only
 * accounts. Here the files are the simulator's, seen through a listing of
 * {@code /sys/devices/system/memory} and the connection's privilege.
 */
public final class PageOfflineSupport {

    /** mcelog's message. */
    public static final String UNSUPPORTED = "Kernel does not support page offline interface";

    private PageOfflineSupport() {
    }

    /**
     * The action to run with: {@code action} itself, or {@link PageAction#ACCOUNT} when its file is
     * missing or not writable by this peer.
     *
     * @param memoryDir  the entries of /sys/devices/system/memory
     * @param privileged whether the peer holds root's rights (else the "other" mode bits apply)
     */
    public static PageAction usable(PageAction action, List<AttrEntry> memoryDir, boolean privileged) {
        String needed = switch (action) {
            case SOFT, SOFT_THEN_HARD -> fileName(DevicePaths.SOFT_OFFLINE_PAGE);
            case HARD -> fileName(DevicePaths.HARD_OFFLINE_PAGE);
            case OFF, ACCOUNT -> null;
        };
        if (needed == null) {
            return action;
        }
        for (AttrEntry e : memoryDir) {
            if (e.name().equals(needed) && e.kind() == AttrEntry.Kind.FILE && (privileged || (e.mode() & 02) != 0)) {
                return action;
            }
        }
        return PageAction.ACCOUNT;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
