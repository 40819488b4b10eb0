package org.mcelogjava.daemon.decode;

/**
 * The {@code MemCtrl:} MSCOD decode of Ice Lake and Sapphire Rapids: MSCOD bits 31:24 pick one
 * of six tables and bits 23:16 name the error in it. Tables 0, 4, 8 and 0x10 are the same in both
 * generations ({@link ServerMemoryTables}); tables 1 and 2 differ and are given per generation.
 */
final class MemCtrlMscod {

    private static final BitField TABLE_0 = BitField.of(0, ServerMemoryTables.IMC_0);
    private static final BitField TABLE_4 = BitField.of(0, ServerMemoryTables.IMC_4);
    private static final BitField TABLE_8 = BitField.of(0, ServerMemoryTables.IMC_8);
    private static final BitField TABLE_10 = BitField.of(0, ServerMemoryTables.IMC_10);

    private final BitField table1;
    private final BitField table2;

    MemCtrlMscod(NameTable table1, NameTable table2) {
        this.table1 = BitField.of(0, table1);
        this.table2 = BitField.of(0, table2);
    }

    /** Prints the error named by {@code status}; a selector without a table prints nothing. */
    void print(long status, TextBuffer out) {
        BitField table = switch ((int) FieldPrinter.extract(status, 24, 31)) {
            case 0 -> TABLE_0;
            case 1 -> table1;
            case 2 -> table2;
            case 4 -> TABLE_4;
            case 8 -> TABLE_8;
            case 0x10 -> TABLE_10;
            default -> null;
        };
        if (table != null) {
            FieldPrinter.bits(FieldPrinter.extract(status, 16, 23), table, out);
        }
    }
}
