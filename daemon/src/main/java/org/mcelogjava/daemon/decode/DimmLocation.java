package org.mcelogjava.daemon.decode;

/**
 * A memory site placed on this machine's DIMMs ({@link DimmMap#locate}), once per record: the record
 * stream, the history's {@code mc_event} layers and label, and the metrics' {@code csrow} and
 * {@code dimm_label} all report this.
 *
 * @param socket  the record's socket id
 * @param channel the channel, -1 when unknown
 * @param dimm    the DIMM slot in its channel, -1 when unknown
 * @param label   the DIMM's label: its DMI slot name, else EDAC's default
 *                ({@code CPU_SrcID#0_Chan#1_DIMM#any} when the DIMM is unknown)
 */
public record DimmLocation(long socket, int channel, int dimm, String label) {
}
