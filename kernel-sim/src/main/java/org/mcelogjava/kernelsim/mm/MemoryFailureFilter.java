package org.mcelogjava.kernelsim.mm;

/**
 * A filter at the start of {@code memory_failure()}: the hook the seed's notes suggest, playing
 * the role of mm/hwpoison-inject.c's {@code hwpoison_filter()}. A page it skips is left alone
 * and memory_failure returns -EOPNOTSUPP. Loadable modules register one through the exported
 * symbol {@code memory_failure_filter_register}.
 */
@FunctionalInterface
public interface MemoryFailureFilter {

    /** True to leave {@code pfn} alone. */
    boolean skip(long pfn, int flags);
}
