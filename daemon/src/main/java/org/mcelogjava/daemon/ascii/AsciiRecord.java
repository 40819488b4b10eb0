package org.mcelogjava.daemon.ascii;

import org.mcelogjava.protocol.mce.Mce;

/**
 * One record recovered from mcelog's ascii input.
 *
 * @param mce            the fields the input set (others zero; {@code finished} is 1)
 * @param recordLength   end of the furthest {@code struct mce} field set, as mcelog's {@code FIELD()}
 * @param symbol         the {@code {symbol}} of a RIP line as mcelog keeps it (with its closing brace), or empty
 * @param incomplete     whether some field failed to parse ({@code (Fields were incomplete)})
 * @param disclaimerSeen whether a {@code HARDWARE ERROR} banner was seen (suppresses the disclaimer)
 */
public record AsciiRecord(Mce mce, int recordLength, String symbol, boolean incomplete, boolean disclaimerSeen) { }
