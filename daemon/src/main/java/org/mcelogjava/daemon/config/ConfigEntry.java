package org.mcelogjava.daemon.config;

/**
 * One {@code name = value} line of mcelog.conf.
 *
 * @param section the section it appeared in ({@code global} before the first header)
 * @param key     the name, white space stripped
 * @param value   the value, white space stripped, comments removed
 * @param line    its 1-based line number
 */
public record ConfigEntry(String section, String key, String value, int line) {

    /** How the key is named in messages: {@code [dimm] ce-error-threshold}, or the bare global key. */
    public String displayName() {
        return section.equals(ConfigFile.GLOBAL) ? key : "[" + section + "] " + key;
    }
}
