package org.mcelogjava.protocol.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * A frame from server to client. Each operation's reply is either its success record here or a
 * {@link Failed} carrying the errno the kernel would have returned; both share the reply frame type
 * and the request's tag. {@link ProtocolError} ends a connection that broke the protocol.
 */
public sealed interface DeviceResponse extends DeviceFrame {

    /**
     * The server's HELLO, the reply to the client's.
     *
     * @param version    protocol version the server speaks
     * @param privileged whether the server grants this peer CAP_SYS_ADMIN (from its credentials)
     * @param identity   e.g. "mce-sim/0.1.0 kernel=6.12"
     */
    record Hello(int tag, int version, boolean privileged, String identity) implements DeviceResponse {
        public Hello {
            FieldChecks.responseTag(tag);
            FieldChecks.u16("version", version);
            FieldChecks.utf8("identity", identity, DeviceProtocol.MAX_IDENTITY_BYTES);
        }

        @Override
        public int frameType() {
            return Operation.HELLO.responseType();
        }
    }

    /**
     * The server refuses the connection: a malformed frame, a bad magic, an unsupported version.
     * The server closes the connection after sending it.
     *
     * @param tag     the offending request's tag, or {@link DeviceProtocol#NO_TAG}
     * @param errno   EPROTO for malformed frames, EMSGSIZE for oversized ones, EPROTONOSUPPORT for
     *                an unknown version
     * @param version the protocol version the server speaks
     * @param message one line for humans
     */
    record ProtocolError(int tag, Errno errno, int version, String message) implements DeviceResponse {
        public ProtocolError {
            FieldChecks.responseTag(tag);
            Objects.requireNonNull(errno, "errno");
            FieldChecks.u16("version", version);
            FieldChecks.utf8("message", message, DeviceProtocol.MAX_MESSAGE_BYTES);
        }

        /** A ProtocolError whose message is clipped to the limit and cleared of NULs. */
        public static ProtocolError of(int tag, Errno errno, String message) {
            String clean = String.valueOf(message).replace('\0', ' ');
            int chars = Math.min(clean.length(), DeviceProtocol.MAX_MESSAGE_BYTES / 3);
            if (chars > 0 && Character.isHighSurrogate(clean.charAt(chars - 1))) {
                chars--;
            }
            return new ProtocolError(tag, errno, DeviceProtocol.VERSION, clean.substring(0, chars));
        }

        @Override
        public int frameType() {
            return DeviceProtocol.PROTOCOL_ERROR_TYPE;
        }
    }

    /** The operation failed with {@code errno}: the reply to any request but HELLO. */
    record Failed(int tag, Operation operation, Errno errno) implements DeviceResponse {
        public Failed {
            FieldChecks.responseTag(tag);
            Objects.requireNonNull(errno, "errno");
            if (operation == Operation.HELLO) {
                throw new IllegalArgumentException("a refused HELLO is a ProtocolError");
            }
            Objects.requireNonNull(operation, "operation");
        }

        @Override
        public int frameType() {
            return operation.responseType();
        }
    }

    /** OPEN succeeded; {@code handle} names the open file in later requests (an opaque u32). */
    record Open(int tag, int handle) implements DeviceResponse {
        public Open {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.OPEN.responseType();
        }
    }

    /** CLOSE succeeded. */
    record Close(int tag) implements DeviceResponse {
        public Close {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.CLOSE.responseType();
        }
    }

    /**
     * READ returned {@code data}: the whole log as consecutive records of the device's record
     * length, or nothing when the log was empty. The array is copied in and out.
     */
    record Read(int tag, byte[] data) implements DeviceResponse {
        public Read {
            FieldChecks.responseTag(tag);
            data = FieldChecks.bytes("data", data, Integer.MAX_VALUE);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The number of bytes read, what {@code read(2)} returned. */
        public int length() {
            return data.length;
        }

        /** The data cut into records of {@code recordLength} (from MCE_GET_RECORD_LEN) and decoded. */
        public List<Mce> records(int recordLength) {
            return decodeRecords(data, recordLength);
        }

        @Override
        public int frameType() {
            return Operation.READ.responseType();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Read r && r.tag == tag && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Read[tag=" + tag + ", length=" + data.length + "]";
        }
    }

    /** WRITE accepted {@code count} bytes (at most 128). */
    record Write(int tag, int count) implements DeviceResponse {
        public Write {
            FieldChecks.responseTag(tag);
            FieldChecks.nonNegative("count", count);
        }

        @Override
        public int frameType() {
            return Operation.WRITE.responseType();
        }
    }

    /** IOCTL stored {@code value} in the caller's {@code int}. */
    record Ioctl(int tag, int value) implements DeviceResponse {
        public Ioctl {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.IOCTL.responseType();
        }
    }

    /** POLL returned: {@code revents} is POLLIN|POLLRDNORM when readable, 0 on timeout. */
    record Poll(int tag, int revents) implements DeviceResponse {
        public Poll {
            FieldChecks.responseTag(tag);
            FieldChecks.u16("revents", revents);
        }

        /** Whether records are waiting. */
        public boolean readable() {
            return (revents & PollEvents.POLLIN) != 0;
        }

        @Override
        public int frameType() {
            return Operation.POLL.responseType();
        }
    }

    /** ATTR_READ returned the attribute's whole content. The array is copied in and out. */
    record AttrRead(int tag, byte[] value) implements DeviceResponse {
        public AttrRead {
            FieldChecks.responseTag(tag);
            value = FieldChecks.bytes("value", value, Integer.MAX_VALUE);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int frameType() {
            return Operation.ATTR_READ.responseType();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttrRead r && r.tag == tag && Arrays.equals(r.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "AttrRead[tag=" + tag + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** ATTR_WRITE: the attribute's store method consumed {@code count} bytes. */
    record AttrWrite(int tag, int count) implements DeviceResponse {
        public AttrWrite {
            FieldChecks.responseTag(tag);
            FieldChecks.nonNegative("count", count);
        }

        @Override
        public int frameType() {
            return Operation.ATTR_WRITE.responseType();
        }
    }

    /** ATTR_LIST: the directory's entries in the server's order. */
    record AttrList(int tag, List<AttrEntry> entries) implements DeviceResponse {
        public AttrList {
            FieldChecks.responseTag(tag);
            entries = List.copyOf(entries);
        }

        @Override
        public int frameType() {
            return Operation.ATTR_LIST.responseType();
        }
    }

    /** INIT_MODULE succeeded: the module is loaded and its init ran. */
    record InitModule(int tag) implements DeviceResponse {
        public InitModule {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.INIT_MODULE.responseType();
        }
    }

    /** DELETE_MODULE succeeded: the module is gone. */
    record DeleteModule(int tag) implements DeviceResponse {
        public DeleteModule {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.DELETE_MODULE.responseType();
        }
    }

    /**
     * READ_HELD returned {@code data} (as {@link Read}), whose records are numbered
     * {@code firstSequence}, {@code firstSequence + 1}, ... in the device's delivery order. The
     * array is copied in and out.
     */
    record ReadHeld(int tag, long firstSequence, byte[] data) implements DeviceResponse {
        public ReadHeld {
            FieldChecks.responseTag(tag);
            FieldChecks.nonNegative("firstSequence", firstSequence);
            data = FieldChecks.bytes("data", data, Integer.MAX_VALUE);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The data cut into records of {@code recordLength} and decoded; the first is {@code firstSequence}. */
        public List<Mce> records(int recordLength) {
            return decodeRecords(data, recordLength);
        }

        @Override
        public int frameType() {
            return Operation.READ_HELD.responseType();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadHeld r && r.tag == tag && r.firstSequence == firstSequence
                    && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, firstSequence, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "ReadHeld[tag=" + tag + ", firstSequence=" + firstSequence + ", length=" + data.length + "]";
        }
    }

    /**
     * One STREAM reply: the records pushed, held as a READ_HELD's and numbered from
     * {@code firstSequence} (none in the reply that starts or stops a stream), and {@code flags}:
     * MCE_GETCLEAR_FLAGS's value when the log was full at this push (the server asked it, which
     * cleared it), else 0. The array is copied in and out.
     */
    record Stream(int tag, long firstSequence, int flags, byte[] data) implements DeviceResponse {
        public Stream {
            FieldChecks.responseTag(tag);
            FieldChecks.nonNegative("firstSequence", firstSequence);
            data = FieldChecks.bytes("data", data, Integer.MAX_VALUE);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Number of bytes pushed, without copying them. */
        public int length() {
            return data.length;
        }

        /** Copies the bytes pushed into {@code dest} at {@code at}: a reader's batch, assembled with one copy. */
        public void copyTo(byte[] dest, int at) {
            System.arraycopy(data, 0, dest, at, data.length);
        }

        @Override
        public int frameType() {
            return Operation.STREAM.responseType();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stream r && r.tag == tag && r.firstSequence == firstSequence && r.flags == flags
                    && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, firstSequence, flags, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Stream[tag=" + tag + ", firstSequence=" + firstSequence + ", flags=" + flags + ", length="
                    + data.length + "]";
        }
    }

    /** ACK succeeded. */
    record Ack(int tag) implements DeviceResponse {
        public Ack {
            FieldChecks.responseTag(tag);
        }

        @Override
        public int frameType() {
            return Operation.ACK.responseType();
        }
    }

    /**
     * WRITE_TOGETHER: what each write returned, in the request's order, as the kernel's
     * {@code write} method returns it: the bytes taken (0..128), or a negative errno
     * ({@code -EINVAL} for a record naming an offline CPU, {@code -EPERM} without CAP_SYS_ADMIN).
     */
    record WriteTogether(int tag, List<Integer> returned) implements DeviceResponse {
        public WriteTogether {
            FieldChecks.responseTag(tag);
            returned = List.copyOf(returned);
            if (returned.isEmpty() || returned.size() > DeviceProtocol.MAX_WRITES_TOGETHER) {
                throw new IllegalArgumentException("WRITE_TOGETHER answers 1 to "
                        + DeviceProtocol.MAX_WRITES_TOGETHER + " writes, not " + returned.size());
            }
            for (int r : returned) {
                if (r > DeviceProtocol.MAX_WRITE_BYTES || r < 0 && Errno.fromNumber(-r).isEmpty()) {
                    throw new IllegalArgumentException("a write returns 0.." + DeviceProtocol.MAX_WRITE_BYTES
                            + " bytes or a known -errno, not " + r);
                }
            }
        }

        /** The errno write {@code i} failed with, or empty when it took its bytes. */
        public Optional<Errno> errno(int i) {
            int r = returned.get(i);
            return r < 0 ? Errno.fromNumber(-r) : Optional.empty();
        }

        @Override
        public int frameType() {
            return Operation.WRITE_TOGETHER.responseType();
        }
    }

    private static List<Mce> decodeRecords(byte[] data, int recordLength) {
        if (recordLength <= 0 || data.length % recordLength != 0) {
            throw new IllegalArgumentException(data.length + " bytes are not whole records of " + recordLength);
        }
        List<Mce> records = new ArrayList<>(data.length / recordLength);
        for (int off = 0; off < data.length; off += recordLength) {
            records.add(MceCodec.decode(data, off, recordLength));
        }
        return List.copyOf(records);
    }
}
