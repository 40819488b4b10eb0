package org.mcelogjava.kernelsim.module;

import java.util.List;

/**
 * One line of lsmod ({@code /proc/modules}).
 *
 * @param name     module name
 * @param size     bytes of code and data (the jar's uncompressed entries)
 * @param refcount use count
 * @param usedBy   modules that use this one's symbols
 */
public record ModuleInfo(String name, long size, int refcount, List<String> usedBy) {

    public ModuleInfo {
        usedBy = List.copyOf(usedBy);
    }
}
