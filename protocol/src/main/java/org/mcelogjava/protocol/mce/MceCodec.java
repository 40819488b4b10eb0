package org.mcelogjava.protocol.mce;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes and decodes {@code struct mce} at any record length, little-endian.
 *
 * <p>The rules follow how the kernel and mcelog exchange records of differing versions:
 * <ul>
 *   <li>A record shorter than {@link MceLayout#SIZE} is a prefix of the current layout; the bytes
 *       it lacks read as zero, exactly as the kernel's zero-initialised copy does when
 *       {@code dev_mce_write} copies fewer than 128 bytes. A length that cuts a field in half keeps
 *       the bytes it has.</li>
 *   <li>A record longer than {@code SIZE} comes from a newer kernel; its extra bytes are skipped on
 *       decode ({@link MceLayout#ignoredBytes}) and written as zero on encode.</li>
 * </ul>
 * This class is stateless; it never allocates on decode of a full-length record.
 */
public final class MceCodec {

    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private MceCodec() {
    }

    /** Decodes one record of {@code recordLength} bytes starting at {@code offset}. */
    public static Mce decode(byte[] src, int offset, int recordLength) {
        Objects.checkFromIndexSize(offset, recordLength, src.length);
        if (recordLength >= MceLayout.SIZE) {
            return decodeFull(src, offset);
        }
        byte[] padded = new byte[MceLayout.SIZE];
        System.arraycopy(src, offset, padded, 0, recordLength);
        return decodeFull(padded, 0);
    }

    /** Decodes a whole array as one record of its length. */
    public static Mce decode(byte[] record) {
        return decode(record, 0, record.length);
    }

    /** Encodes {@code mce} as a record of {@code recordLength} bytes. */
    public static byte[] encode(Mce mce, int recordLength) {
        byte[] out = new byte[recordLength];
        encode(mce, out, 0, recordLength);
        return out;
    }

    /**
     * Writes {@code mce} into {@code dst} as a record of {@code recordLength} bytes: the prefix of
     * the 128-byte layout that fits, then zeros up to the record length.
     */
    public static void encode(Mce mce, byte[] dst, int offset, int recordLength) {
        Objects.checkFromIndexSize(offset, recordLength, dst.length);
        if (recordLength >= MceLayout.SIZE) {
            encodeFull(mce, dst, offset);
            Arrays.fill(dst, offset + MceLayout.SIZE, offset + recordLength, (byte) 0);
        } else {
            byte[] full = new byte[MceLayout.SIZE];
            encodeFull(mce, full, 0);
            System.arraycopy(full, 0, dst, offset, recordLength);
        }
    }

    private static Mce decodeFull(byte[] b, int o) {
        return new Mce(
                u64(b, o, MceField.STATUS),
                u64(b, o, MceField.MISC),
                u64(b, o, MceField.ADDR),
                u64(b, o, MceField.MCGSTATUS),
                u64(b, o, MceField.IP),
                u64(b, o, MceField.TSC),
                u64(b, o, MceField.TIME),
                u8(b, o, MceField.CPUVENDOR),
                u8(b, o, MceField.INJECT_FLAGS),
                u8(b, o, MceField.SEVERITY),
                u32(b, o, MceField.CPUID),
                u8(b, o, MceField.CS),
                u8(b, o, MceField.BANK),
                u8(b, o, MceField.CPU),
                u8(b, o, MceField.FINISHED),
                u32(b, o, MceField.EXTCPU),
                u32(b, o, MceField.SOCKETID),
                u32(b, o, MceField.APICID),
                u64(b, o, MceField.MCGCAP),
                u64(b, o, MceField.SYND),
                u64(b, o, MceField.IPID),
                u64(b, o, MceField.PPIN),
                u32(b, o, MceField.MICROCODE),
                u64(b, o, MceField.KFLAGS));
    }

    private static void encodeFull(Mce m, byte[] b, int o) {
        Arrays.fill(b, o, o + MceLayout.SIZE, (byte) 0);
        put64(b, o, MceField.STATUS, m.status());
        put64(b, o, MceField.MISC, m.misc());
        put64(b, o, MceField.ADDR, m.addr());
        put64(b, o, MceField.MCGSTATUS, m.mcgstatus());
        put64(b, o, MceField.IP, m.ip());
        put64(b, o, MceField.TSC, m.tsc());
        put64(b, o, MceField.TIME, m.time());
        put8(b, o, MceField.CPUVENDOR, m.cpuvendor());
        put8(b, o, MceField.INJECT_FLAGS, m.injectFlags());
        put8(b, o, MceField.SEVERITY, m.severity());
        put32(b, o, MceField.CPUID, m.cpuid());
        put8(b, o, MceField.CS, m.cs());
        put8(b, o, MceField.BANK, m.bank());
        put8(b, o, MceField.CPU, m.cpu());
        put8(b, o, MceField.FINISHED, m.finished());
        put32(b, o, MceField.EXTCPU, m.extcpu());
        put32(b, o, MceField.SOCKETID, m.socketid());
        put32(b, o, MceField.APICID, m.apicid());
        put64(b, o, MceField.MCGCAP, m.mcgcap());
        put64(b, o, MceField.SYND, m.synd());
        put64(b, o, MceField.IPID, m.ipid());
        put64(b, o, MceField.PPIN, m.ppin());
        put32(b, o, MceField.MICROCODE, m.microcode());
        put64(b, o, MceField.KFLAGS, m.kflags());
    }

    private static long u64(byte[] b, int o, MceField f) {
        return (long) U64.get(b, o + f.offset());
    }

    private static long u32(byte[] b, int o, MceField f) {
        return Integer.toUnsignedLong((int) U32.get(b, o + f.offset()));
    }

    private static int u8(byte[] b, int o, MceField f) {
        return b[o + f.offset()] & 0xff;
    }

    private static void put64(byte[] b, int o, MceField f, long v) {
        U64.set(b, o + f.offset(), v);
    }

    private static void put32(byte[] b, int o, MceField f, long v) {
        U32.set(b, o + f.offset(), (int) v);
    }

    private static void put8(byte[] b, int o, MceField f, int v) {
        b[o + f.offset()] = (byte) v;
    }
}
