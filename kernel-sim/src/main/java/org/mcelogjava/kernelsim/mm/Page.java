package org.mcelogjava.kernelsim.mm;

/** One {@code struct page}: its use and its PG_hwpoison flag. */
public final class Page {

    private final long pfn;
    private PageState state;
    private boolean hwPoison;

    Page(long pfn, PageState state) {
        this.pfn = pfn;
        this.state = state;
    }

    public long pfn() { return pfn; }
    public synchronized PageState state() { return state; }
    public synchronized boolean hwPoison() { return hwPoison; }

    synchronized void state(PageState s) {
        state = s;
    }

    /** TestSetPageHWPoison: returns the old value. */
    synchronized boolean testSetHwPoison() {
        boolean old = hwPoison;
        hwPoison = true;
        return old;
    }

    public synchronized void setHwPoison() {
        hwPoison = true;
    }
}
