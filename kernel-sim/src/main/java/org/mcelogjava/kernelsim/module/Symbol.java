package org.mcelogjava.kernelsim.module;

/**
 * One entry of the kernel symbol table ({@code struct kernel_symbol} plus its CRC and owner).
 *
 * @param name      symbol name
 * @param owner     exporting module, {@code vmlinux} for the kernel itself
 * @param type      EXPORT_SYMBOL or EXPORT_SYMBOL_GPL
 * @param prototype the value's Java type, its version is {@link Symvers#crc} of this
 * @param value     what a module using the symbol gets
 */
public record Symbol(String name, String owner, ExportType type, String prototype, Object value) {

    /** The owner name of kernel exports. */
    public static final String VMLINUX = "vmlinux";

    public long crc() {
        return Symvers.crc(prototype);
    }

    /** The prototype without generic arguments: the class the value must be an instance of. */
    public static String erasure(String prototype) {
        int lt = prototype.indexOf('<');
        return (lt < 0 ? prototype : prototype.substring(0, lt)).trim();
    }
}
