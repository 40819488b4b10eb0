package org.mcelogjava.kernelsim.machine;

/**
 * One DIMM slot and the physical address range it backs.
 *
 * @param index   position in {@link DimmMap#dimms()}
 * @param socket  socket whose memory controller drives the channel
 * @param channel channel number within the socket
 * @param slot    slot on the channel
 * @param base    first physical address on the DIMM
 * @param size    bytes on the DIMM
 */
public record Dimm(int index, int socket, int channel, int slot, long base, long size) {

    /** The label a BIOS would print, e.g. {@code CPU0_DIMM_B1}. */
    public String label() {
        return "CPU" + socket + "_DIMM_" + (char) ('A' + channel) + (slot + 1);
    }
}
