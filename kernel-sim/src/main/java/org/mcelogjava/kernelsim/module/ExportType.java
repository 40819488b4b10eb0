package org.mcelogjava.kernelsim.module;

/** How a symbol is exported: {@code EXPORT_SYMBOL} to every module, {@code EXPORT_SYMBOL_GPL} to GPL-compatible ones only. */
public enum ExportType {
    EXPORT_SYMBOL, EXPORT_SYMBOL_GPL
}
