package org.mcelogjava.kernelsim.mm;

/** mm/memory-failure.c's {@code enum mf_flags}. */
public final class MfFlags {
    public static final int COUNT_INCREASED = 1;
    public static final int ACTION_REQUIRED = 1 << 1;
    public static final int MUST_KILL = 1 << 2;
    public static final int SOFT_OFFLINE = 1 << 3;
    public static final int UNPOISON = 1 << 4;
    public static final int SW_SIMULATED = 1 << 5;

    private MfFlags() {
    }

    /** "MF_ACTION_REQUIRED|MF_MUST_KILL" style, "0" when empty. */
    public static String describe(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"MF_COUNT_INCREASED", "MF_ACTION_REQUIRED", "MF_MUST_KILL", "MF_SOFT_OFFLINE",
            "MF_UNPOISON", "MF_SW_SIMULATED"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
