package org.mcelogjava.daemon.ascii;

import org.mcelogjava.daemon.decode.CpuId;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.TextBuffer;
import org.mcelogjava.protocol.mce.MceField;

/**
 * mcelog's ascii input grammar ({@code decodefatal} and {@code skipgunk} in mcelog.c), so that
 * kernel panic logs, dmesg and mcelog's own output can be pasted in.
 *
 * <p>Each line, and each remainder of a line after a consumed field, is stripped of "gunk"
 * (everything up to a {@code mcelog: }, blanks, one {@code <...>}, one {@code [...]} and a
 * {@code mce: [Hardware Error]:} prefix); then the first keyword that prefixes the rest decides
 * how it is scanned. A field that fails to scan marks the record incomplete. Blank lines and new
 * {@code CPU} lines do not end a record: only an unrecognised non-blank line (which is then
 * echoed) or the end of input does. CPU and bank are 8-bit, as in {@code struct mce}.
 */
public final class AsciiParser {

    private static final ScanFormat KERNEL_CPU =
            ScanFormat.compile("CPU %u: Machine Check%*[ :Ec-x]%16Lx Bank %d: %016Lx%n");
    private static final ScanFormat CPU_BANK = ScanFormat.compile("CPU %u BANK %u%n");
    private static final ScanFormat CPU_PAIR = ScanFormat.compile("CPU %u %u%n");
    private static final ScanFormat STATUS = ScanFormat.compile("STATUS %llx%n");
    private static final ScanFormat MCGSTATUS = ScanFormat.compile("MCGSTATUS %llx%n");
    private static final ScanFormat RIP = ScanFormat.compile("%02x:<%016Lx> {%99s}%n");
    private static final ScanFormat TSC = ScanFormat.compile("TSC %llx%n");
    private static final ScanFormat ADDR = ScanFormat.compile("ADDR %llx%n");
    private static final ScanFormat MISC = ScanFormat.compile("MISC %llx%n");
    private static final ScanFormat PROCESSOR = ScanFormat.compile("PROCESSOR %u:%x%n");
    private static final ScanFormat TIME = ScanFormat.compile("TIME %llu%n");
    private static final ScanFormat DATE = ScanFormat.compile("%10s %10s %u %u:%u:%u %u%n");
    private static final ScanFormat MCGCAP = ScanFormat.compile("MCGCAP %llx%n");
    private static final ScanFormat APICID = ScanFormat.compile("APICID %x%n");
    private static final ScanFormat SOCKETID = ScanFormat.compile("SOCKETID %u%n");
    private static final ScanFormat CPUID = ScanFormat.compile("CPUID Vendor %30s Family %u Model %u\n");
    private static final ScanFormat XEN_CPU = ScanFormat.compile("CPU %d");
    private static final ScanFormat NUMBER = ScanFormat.compile("%i");
    private static final ScanFormat XEN_BANK = ScanFormat.compile("(XEN) Bank %d: %llx at %llx");

    private static final String SYSLOG = "mcelog: ";
    private static final String XEN_CORRECTED = "The hardware reports a non fatal, correctable incident occurred";
    private static final String[] IGNORED_PREFIXES = {"MCA:", "MCi_MISC register valid", "Unsupported new Family"};
    private static final String IGNORED_EXACT = "Kernel does not support page offline interface";

    private final AsciiSink sink;
    private final boolean echo;
    private final ScanResult r = new ScanResult();
    /** Where the current line's first {@code mcelog: } starts, or -1. */
    private int syslogAt;
    /** The record being collected. */
    private RecordDraft d;
    /** Where parsing of the current line stands (mcelog's {@code s}). */
    private int s;
    /** Characters the last field consumed; 0 reads the next line (mcelog's {@code next}). */
    private int next;
    /** Characters consumed by the last {@link #scanLong} ({@code %n}). */
    private int lastConsumed;
    private final ScanResult dateResult = new ScanResult();

    /**
     * @param sink receives records and echoed lines
     * @param echo whether unrecognised lines are echoed (mcelog does not in raw mode)
     */
    public AsciiParser(AsciiSink sink, boolean echo) {
        this.sink = sink;
        this.echo = echo;
    }

    /** Parses all of {@code lines}. */
    public void parse(LineReader lines) {
        d = new RecordDraft();
        s = 0;
        next = 0;
        while (next > 0 || lines.next()) {
            step(lines.bytes(), lines.length());
        }
        if (d.data) {
            sink.record(d.toRecord());
        }
    }

    /**
     * One iteration of decodefatal's loop: a new line ({@code next == 0}) or the rest of the
     * current one after a consumed field.
     */
    private void step(byte[] line, int end) {
        if (next == 0) {
            s = 0;
            syslogAt = CBytes.indexOf(line, 0, end, SYSLOG);
        } else {
            s += next;
            // a blank remainder (usually just the newline) matches nothing and echoes nothing
            if (CBytes.skipSpace(line, s, end) == end) {
                next = 0;
                return;
            }
        }
        s = skipGunk(line, s, end);
        int start = s;
        next = 0;
        int n = 0;
        if (CBytes.startsWith(line, s, end, "CPU ")) {
            KERNEL_CPU.scan(line, s, end, r);
            n = r.count();
            next = r.consumed();
            if (n == 1) {
                CPU_BANK.scan(line, s, end, r);
                n = r.count();
                if (n != 2) {
                    CPU_PAIR.scan(line, s, end, r);
                    n = r.count();
                }
                next = r.consumed();
                d.cpu = n >= 1 ? (int) r.number(0) & 0xff : 0;
                if (n < 2) {
                    d.missing = true;
                } else {
                    d.bank = (int) r.number(1) & 0xff;
                    d.field(MceField.BANK);
                }
            } else if (n <= 0) {
                d.missing = true;
            } else {
                d.mcgstatus = r.number(1);
                d.field(MceField.MCGSTATUS);
                d.cpu = (int) r.number(0) & 0xff;
                if (n > 2) {
                    d.bank = (int) r.number(2) & 0xff;
                    d.field(MceField.BANK);
                }
                if (n > 3) {
                    d.status = r.number(3);
                    d.field(MceField.STATUS);
                } else {
                    d.missing = true;
                }
            }
        } else if (CBytes.startsWith(line, s, end, "STATUS")) {
            STATUS.scan(line, s, end, r);
            n = r.count();
            next = r.consumed();
            if (n < 1) {
                d.missing = true;
            } else {
                d.status = r.number(0);
                d.field(MceField.STATUS);
            }
        } else if (CBytes.startsWith(line, s, end, "MCGSTA")) {
            MCGSTATUS.scan(line, s, end, r);
            n = r.count();
            next = r.consumed();
            if (n < 1) {
                d.missing = true;
            } else {
                d.mcgstatus = r.number(0);
                d.field(MceField.MCGSTATUS);
            }
        } else if (CBytes.startsWith(line, s, end, "RIP")) {
            s += CBytes.startsWith(line, s, end, "RIP !INEXACT!") ? 13 : 3;
            RIP.scan(line, s, end, r);
            n = r.count();
            next = r.consumed();
            d.cs = n >= 1 ? (int) r.number(0) & 0xff : 0;
            if (n >= 2) {
                d.ip = r.number(1);
            }
            if (n >= 3) {
                d.symbol = r.string(2);
            }
            if (n < 2) {
                d.missing = true;
            } else {
                d.field(MceField.IP);
            }
        } else if (CBytes.startsWith(line, s, end, "TSC")) {
            n = scanLong(TSC, line, s, end, MceField.TSC);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "ADDR")) {
            n = scanLong(ADDR, line, s, end, MceField.ADDR);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "MISC")) {
            n = scanLong(MISC, line, s, end, MceField.MISC);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "PROCESSOR")) {
            PROCESSOR.scan(line, s, end, r);
            n = r.count();
            next = r.consumed();
            if (n < 2) {
                d.missing = true;
            } else {
                d.cpuvendor = (int) r.number(0) & 0xff;
                d.cpuid = r.number(1);
                d.field(MceField.CPUID);
                d.field(MceField.CPUVENDOR);
            }
        } else if (CBytes.startsWith(line, s, end, "TIME")) {
            n = scanLong(TIME, line, s, end, MceField.TIME);
            next = lastConsumed + skipDate(line, s + lastConsumed, end);
        } else if (CBytes.startsWith(line, s, end, "MCGCAP")) {
            n = scanLong(MCGCAP, line, s, end, MceField.MCGCAP);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "APICID")) {
            n = scanLong(APICID, line, s, end, MceField.APICID);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "SOCKETID")) {
            n = scanLong(SOCKETID, line, s, end, MceField.SOCKETID);
            next = lastConsumed;
        } else if (CBytes.startsWith(line, s, end, "CPUID")) {
            CPUID.scan(line, s, end, r);
            n = r.count();
            if (n < 3) {
                d.missing = true;
            } else {
                d.cpuvendor = vendorNumber(r.string(0)) & 0xff;
                d.cpuid = CpuId.unparse(r.number(1), r.number(2));
                d.field(MceField.CPUID);
                d.field(MceField.CPUVENDOR);
            }
        } else if (CBytes.indexOf(line, s, end, "HARDWARE ERROR") >= 0) {
            d.disclaimerSeen = true;
        } else if (CBytes.startsWith(line, s, end, "(XEN)")) {
            n = xen(line, s, end);
        } else if (ignored(line, s, end)) {
            n = 0;
        } else {
            boolean blank = s >= end;
            if (!blank && d.data) {
                sink.record(d.toRecord());
            }
            if (echo) {
                sink.echo(TextBuffer.latin1(line, start, end - start));
            }
            if (!blank && d.data) {
                d = new RecordDraft();
                next = 0;
                return;
            }
        }
        if (n > 0) {
            d.data = true;
        }
    }

    /** One {@code KEYWORD %llx%n}-style field: stores the value, returns sscanf's count. */
    private int scanLong(ScanFormat format, byte[] line, int at, int end, MceField field) {
        format.scan(line, at, end, r);
        int n = r.count();
        lastConsumed = r.consumed();
        if (n < 1) {
            d.missing = true;
            return n;
        }
        long v = r.number(0);
        switch (field) {
            case TSC -> d.tsc = v;
            case ADDR -> d.addr = v;
            case MISC -> d.misc = v;
            case TIME -> d.time = v;
            case MCGCAP -> d.mcgcap = v;
            case APICID -> d.apicid = v;
            case SOCKETID -> d.socketid = v;
            default -> throw new IllegalArgumentException(field.name());
        }
        d.field(field);
        return n;
    }

    private int xen(byte[] line, int at, int end) {
        if (CBytes.indexOf(line, at, end, XEN_CORRECTED) >= 0) {
            int w = CBytes.indexOf(line, at, end, "CPU");
            if (w >= 0) {
                XEN_CPU.scan(line, w, end, r);
                if (r.count() != 0) {
                    d.cpu = r.count() > 0 ? (int) r.number(0) & 0xff : 0;
                    d.field(MceField.CPU);
                }
            }
            return 0;
        }
        XEN_BANK.scan(line, at, end, r);
        int n = r.count();
        if (n >= 1) {
            d.bank = (int) r.number(0) & 0xff;
            d.field(MceField.BANK);
            if (n >= 2) {
                d.status = r.number(1);
                d.field(MceField.STATUS);
            }
            if (n >= 3) {
                d.addr = r.number(2);
                d.field(MceField.ADDR);
            }
        }
        return n;
    }

    /** mcelog's {@code skip_patterns}, matched with fnmatch against the rest of the line including its newline. */
    private static boolean ignored(byte[] line, int at, int end) {
        for (String prefix : IGNORED_PREFIXES) {
            if (CBytes.startsWith(line, at, end, prefix)) {
                return true;
            }
        }
        if (CBytes.startsWith(line, at, end, "MC") && end - at > 3 && CBytes.startsWith(line, at + 3, end, " status")) {
            return true;
        }
        return end - at == IGNORED_EXACT.length() && CBytes.startsWith(line, at, end, IGNORED_EXACT);
    }

    /** {@code cpuvendor_to_num}: a number in any C base, else a vendor name, else 0. */
    private static int vendorNumber(String name) {
        ScanResult r = NUMBER.scan(name, 0);
        if (r.count() == 1) {
            return (int) r.number(0);
        }
        return MceTextFormatter.vendorIndex(name);
    }

    /** {@code skip_date}: length of a ctime-style date at {@code p}, or 0. */
    private int skipDate(byte[] line, int p, int end) {
        ScanResult r = DATE.scan(line, p, end, dateResult);
        if (r.count() != 7 || r.consumed < 0) {
            return 0;
        }
        if (!isShort(r, 0) || !isShort(r, 1) || !inRange(r.number(2), 1, 31)
                || !inRange(r.number(3), 0, 24) || !inRange(r.number(4), 0, 59) || !inRange(r.number(5), 0, 59)
                || r.number(6) < 1900) {
            return 0;
        }
        return r.consumed();
    }

    private static boolean isShort(ScanResult r, int i) {
        return r.stringLength(i) == 3 && r.stringByte(i, 0) >= 'A' && r.stringByte(i, 0) <= 'Z'
                && r.stringByte(i, 1) >= 'a' && r.stringByte(i, 1) <= 'z'
                && r.stringByte(i, 2) >= 'a' && r.stringByte(i, 2) <= 'z';
    }

    private static boolean inRange(long v, long lo, long hi) {
        return v >= lo && v <= hi;
    }

    /** {@code skipgunk}. */
    private int skipGunk(byte[] line, int at, int end) {
        // strstr from at: the line'at first occurrence, unless parsing has already passed it
        int syslog = syslogAt >= at || syslogAt < 0 ? syslogAt : CBytes.indexOf(line, at, end, SYSLOG);
        if (syslog >= 0) {
            at = syslog + SYSLOG.length();
        }
        at = CBytes.skipSpace(line, at, end);
        if (at < end && line[at] == '<') {
            at = CBytes.indexOf(line, at, end, ">");
            at = at >= 0 ? at + 1 : end;
        }
        at = CBytes.skipSpace(line, at, end);
        if (at < end && line[at] == '[') {
            at = CBytes.indexOf(line, at, end, "]");
            at = at >= 0 ? at + 1 : end;
        }
        at = CBytes.skipSpace(line, at, end);
        if (CBytes.startsWith(line, at, end, "mce: [Hardware Error]:")) {
            at += 22;
        }
        return CBytes.skipSpace(line, at, end);
    }
}
