package org.mcelogjava.kernelsim.mm;

/** What a physical page is used for, as far as memory_failure's {@code error_states[]} cares. */
public enum PageState {
    /** On the buddy free lists. */
    FREE,
    /** Anonymous LRU page, clean. */
    LRU_CLEAN,
    /** Anonymous LRU page, dirty. */
    LRU_DIRTY,
    /** File page cache, clean. */
    PAGE_CACHE_CLEAN,
    /** File page cache, dirty (write-back pending). */
    PAGE_CACHE_DIRTY,
    /** Swap cache, clean. */
    SWAP_CACHE_CLEAN,
    /** Swap cache, dirty. */
    SWAP_CACHE_DIRTY,
    /** Slab page: the kernel cannot give it up. */
    SLAB,
    /** PG_reserved kernel page. */
    RESERVED,
    /** Part of a hugetlb page in use. */
    HUGE,
    /** Part of a free hugetlb page. */
    FREE_HUGE
}
