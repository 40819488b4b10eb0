package org.mcelogjava.protocol.mce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints binary {@code struct mce} records field by field with their register views: a tool for
 * looking inside device captures and test fixtures, and the protocol module's self-check.
 *
 * <pre>java -cp protocol/target/classes org.mcelogjava.protocol.mce.MceDump [--record-len N] FILE...</pre>
 *
 * Each FILE holds whole records of N bytes (default 128, the current layout) back to back, as one
 * read of /dev/mcelog returns them.
 */
public final class MceDump {

    private final PrintStream out;

    MceDump(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int recordLength = MceLayout.SIZE;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--record-len") && i + 1 < args.length) {
                try {
                    recordLength = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    recordLength = -1;
                }
                if (recordLength <= 0) {
                    err.println("mce-dump: --record-len needs a positive number of bytes, got " + args[i]);
                    return 2;
                }
            } else if (args[i].startsWith("-")) {
                err.println("mce-dump: unknown option " + args[i]);
                err.println("usage: mce-dump [--record-len N] FILE...");
                return 2;
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            err.println("usage: mce-dump [--record-len N] FILE...");
            return 2;
        }
        MceDump dump = new MceDump(out);
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                err.println("mce-dump: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            dump.dumpFile(file, bytes, recordLength);
            if (bytes.length % recordLength != 0) {
                err.println("mce-dump: " + file + ": trailing " + bytes.length % recordLength
                        + " bytes are not a whole record and were skipped");
            }
        }
        return 0;
    }

    void dumpFile(Path file, byte[] bytes, int recordLength) {
        int count = bytes.length / recordLength;
        out.printf("%s: %d record(s) of %d bytes%n", file, count, recordLength);
        if (MceLayout.ignoredBytes(recordLength) > 0) {
            out.printf("(%d bytes of each record are beyond the current layout and ignored)%n",
                    MceLayout.ignoredBytes(recordLength));
        }
        for (int i = 0; i < count; i++) {
            dumpRecord(i, MceCodec.decode(bytes, i * recordLength, recordLength), recordLength);
        }
    }

    private void dumpRecord(int index, Mce mce, int recordLength) {
        out.printf("record %d%n", index);
        for (MceField field : MceField.values()) {
            if (field.presentIn(recordLength)) {
                out.printf("  %-12s 0x%0" + field.size() * 2 + "x%n", field.name().toLowerCase(), mce.get(field));
            }
        }
        McaStatus status = mce.statusView();
        McgCap cap = mce.mcgCapView();
        out.printf("  status bits %s; class %s%s; MSCOD 0x%04x; MCACOD 0x%04x %s%n",
                statusFlags(status), status.serClass(cap.serP()), cap.serP() ? "" : " (no SER_P)",
                status.mscod(), status.mcacod(), status.errorCode());
        if (status.miscv()) {
            McaMisc misc = mce.miscView();
            out.printf("  misc: address LSB %d, mode %s%n", misc.addressLsb(), misc.addressMode());
        }
        McgStatus mcg = mce.mcgStatusView();
        out.printf("  mcgstatus:%s%s%s%s; mcgcap: %d banks%s%s%s%s%n",
                mcg.ripv() ? " RIPV" : "", mcg.eipv() ? " EIPV" : "", mcg.mcip() ? " MCIP" : "",
                mcg.lmces() ? " LMCES" : "", cap.bankCount(), cap.cmciP() ? " CMCI_P" : "",
                cap.tesP() ? " TES_P" : "", cap.serP() ? " SER_P" : "", cap.lmceP() ? " LMCE_P" : "");
    }

    private static String statusFlags(McaStatus s) {
        StringBuilder b = new StringBuilder();
        append(b, s.val(), "VAL");
        append(b, s.over(), "OVER");
        append(b, s.uc(), "UC");
        append(b, s.en(), "EN");
        append(b, s.miscv(), "MISCV");
        append(b, s.addrv(), "ADDRV");
        append(b, s.pcc(), "PCC");
        append(b, s.s(), "S");
        append(b, s.ar(), "AR");
        return b.length() == 0 ? "none" : b.toString();
    }

    private static void append(StringBuilder b, boolean set, String name) {
        if (set) {
            b.append(b.length() == 0 ? "" : " ").append(name);
        }
    }
}
