package org.mcelogjava.daemon.decode;

/**
 * Something the decoder noticed that mcelog hands to a trigger ({@code run_yellow_trigger},
 * {@code run_bus_trigger}, {@code run_iomca_trigger}, {@code run_unknown_trigger}). Decoding only
 * records these; running triggers is the policy layer's job.
 */
public sealed interface McaEvent {

    /**
     * Where in the record's decode text mcelog runs the event's trigger: the length of the text
     * written before it. A trigger's "Running trigger" line is inserted there.
     */
    int at();

    /** CPU number shown for the record. */
    int cpu();

    /** Socket, or -1 when the record does not carry one. */
    int socket();

    /** A corrected cache/TLB error with threshold status "yellow". */
    record YellowCache(int at, int cpu, int socket, int level, int typeNumber, String levelName, String typeName)
            implements McaEvent { }

    /** Any bus/interconnect error (MCACOD 0x0800-0x0fff). */
    record BusError(int at, int cpu, int socket, String level, String participation, String request,
                    String origin, String timeout) implements McaEvent { }

    /** An IO machine check reported by a PCIe root port. */
    record IoMca(int at, int cpu, int socket, int segment, int bus, int device, int function) implements McaEvent { }

    /** An unknown error, an internal timer/unclassified error or a thermal event. */
    record Unknown(int at, int cpu, int socket) implements McaEvent { }
}
