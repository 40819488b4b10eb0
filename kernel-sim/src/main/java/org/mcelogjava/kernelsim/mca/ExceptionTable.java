package org.mcelogjava.kernelsim.mca;

/**
 * What {@code error_context()} asks about the interrupted kernel IP: does the exception table
 * have an MCE-safe fixup for it ({@code ex_get_fixup_type} == EX_TYPE_*_MCE_SAFE / FAULT_MCE_SAFE),
 * and is it a copy-from-user instruction ({@code is_copy_from_user}). Injected fake IPs are in
 * neither, which is {@link #NONE}.
 */
public interface ExceptionTable {

    ExceptionTable NONE = new ExceptionTable() {
        @Override
        public boolean hasMceSafeFixup(long ip) {
            return false;
        }

        @Override
        public boolean isCopyFromUser(long ip) {
            return false;
        }
    };

    boolean hasMceSafeFixup(long ip);

    boolean isCopyFromUser(long ip);
}
