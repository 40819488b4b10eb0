package org.mcelogjava.protocol.device;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A frame from client to server: the handshake or one file operation. Each record validates its
 * fields, so every instance encodes to a frame a conforming server accepts. Tags are 0..0xFFFE;
 * 0xFFFF ({@link DeviceProtocol#NO_TAG}) is reserved for the server.
 */
public sealed interface DeviceRequest extends DeviceFrame {

    /** The operation this request starts. */
    Operation operation();

    @Override
    default int frameType() {
        return operation().requestType();
    }

    /**
     * The client's HELLO, always the first frame. The encoded body starts with the magic, so a
     * server can tell a wrong peer from a wrong version.
     *
     * @param version  protocol version the client speaks ({@link DeviceProtocol#VERSION})
     * @param identity free text naming the client, e.g. "mcelog-java/0.1.0"
     */
    record Hello(int tag, int version, String identity) implements DeviceRequest {
        public Hello {
            FieldChecks.requestTag(tag);
            FieldChecks.u16("version", version);
            FieldChecks.utf8("identity", identity, DeviceProtocol.MAX_IDENTITY_BYTES);
        }

        @Override
        public Operation operation() {
            return Operation.HELLO;
        }
    }

    /** {@code open("/dev/mcelog", flags)}; flags per {@link OpenFlags}. */
    record Open(int tag, int flags) implements DeviceRequest {
        public Open {
            FieldChecks.requestTag(tag);
            if (!OpenFlags.isValid(flags)) {
                throw new IllegalArgumentException(String.format("invalid open flags 0x%X", flags));
            }
        }

        @Override
        public Operation operation() {
            return Operation.OPEN;
        }
    }

    /** {@code close(handle)}. */
    record Close(int tag, int handle) implements DeviceRequest {
        public Close {
            FieldChecks.requestTag(tag);
        }

        @Override
        public Operation operation() {
            return Operation.CLOSE;
        }
    }

    /**
     * {@code read(handle, buf, count)}. The count is the size of the caller's buffer; like the
     * kernel's MAX_RW_COUNT clamp it stays below 2<sup>31</sup>.
     */
    record Read(int tag, int handle, int count) implements DeviceRequest {
        public Read {
            FieldChecks.requestTag(tag);
            FieldChecks.nonNegative("count", count);
        }

        @Override
        public Operation operation() {
            return Operation.READ;
        }
    }

    /**
     * {@code write(handle, data, data.length)}: a binary {@code struct mce} for the legacy injector.
     * At most 128 bytes, because {@code mce_chrdev_write} copies no more; a client holding a longer
     * buffer sends its first 128 bytes. The array is copied in and out.
     */
    record Write(int tag, int handle, byte[] data) implements DeviceRequest {
        public Write {
            FieldChecks.requestTag(tag);
            data = FieldChecks.bytes("data", data, DeviceProtocol.MAX_WRITE_BYTES);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public Operation operation() {
            return Operation.WRITE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && w.tag == tag && w.handle == handle && Arrays.equals(w.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, handle, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Write[tag=" + tag + ", handle=" + handle + ", data=" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /**
     * {@code ioctl(handle, command, &value)} for the {@code _IOR} commands of {@link McelogIoctl};
     * any u32 command number may be sent.
     */
    record Ioctl(int tag, int handle, int command) implements DeviceRequest {
        public Ioctl {
            FieldChecks.requestTag(tag);
        }

        @Override
        public Operation operation() {
            return Operation.IOCTL;
        }
    }

    /**
     * {@code poll({handle, events}, 1, timeoutMillis)}. The server answers when the device becomes
     * readable or the timeout expires (revents 0), so the client sleeps instead of spinning.
     *
     * @param events        requested {@link PollEvents} bits (u16)
     * @param timeoutMillis milliseconds; 0 answers at once; -1 ({@link PollEvents#WAIT_FOREVER}) waits
     */
    record Poll(int tag, int handle, int events, int timeoutMillis) implements DeviceRequest {
        public Poll {
            FieldChecks.requestTag(tag);
            FieldChecks.u16("events", events);
            if (timeoutMillis < PollEvents.WAIT_FOREVER) {
                throw new IllegalArgumentException("poll timeout must be >= -1: " + timeoutMillis);
            }
        }

        @Override
        public Operation operation() {
            return Operation.POLL;
        }
    }

    /** Read a sysfs/debugfs attribute at its kernel path ({@link DevicePaths}). */
    record AttrRead(int tag, String path) implements DeviceRequest {
        public AttrRead {
            FieldChecks.requestTag(tag);
            FieldChecks.path(path);
        }

        @Override
        public Operation operation() {
            return Operation.ATTR_READ;
        }
    }

    /**
     * Write {@code value} to a sysfs/debugfs attribute in one {@code write(2)}, e.g. the ASCII
     * "300\n" to {@code check_interval}. The array is copied in and out.
     */
    record AttrWrite(int tag, String path, byte[] value) implements DeviceRequest {
        public AttrWrite {
            FieldChecks.requestTag(tag);
            FieldChecks.path(path);
            value = FieldChecks.bytes("value", value, Integer.MAX_VALUE);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public Operation operation() {
            return Operation.ATTR_WRITE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttrWrite w && w.tag == tag && w.path.equals(path) && Arrays.equals(w.value, value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, path, Arrays.hashCode(value));
        }

        @Override
        public String toString() {
            return "AttrWrite[tag=" + tag + ", path=" + path + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** List the entries of a sysfs/debugfs directory. */
    record AttrList(int tag, String path) implements DeviceRequest {
        public AttrList {
            FieldChecks.requestTag(tag);
            FieldChecks.path(path);
        }

        @Override
        public Operation operation() {
            return Operation.ATTR_LIST;
        }
    }

    /**
     * {@code init_module(image, len, params)}: load a module. The image is the module's jar; the
     * parameters are the kernel's {@code name=value} words separated by spaces. Needs
     * CAP_SYS_MODULE (the privileged peer). The array is copied in and out.
     */
    record InitModule(int tag, byte[] image, String params) implements DeviceRequest {
        public InitModule {
            FieldChecks.requestTag(tag);
            image = FieldChecks.bytes("image", image, Integer.MAX_VALUE);
            FieldChecks.utf8("params", params, DeviceProtocol.PAGE_SIZE);
        }

        @Override
        public byte[] image() {
            return image.clone();
        }

        @Override
        public Operation operation() {
            return Operation.INIT_MODULE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InitModule m && m.tag == tag && m.params.equals(params) && Arrays.equals(m.image, image);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tag, params, Arrays.hashCode(image));
        }

        @Override
        public String toString() {
            return "InitModule[tag=" + tag + ", image=" + image.length + " bytes, params=" + params + "]";
        }
    }

    /** {@code delete_module(name, flags)}: unload a module; flags as the kernel's (O_NONBLOCK, O_TRUNC). */
    record DeleteModule(int tag, String name, int flags) implements DeviceRequest {
        public DeleteModule {
            FieldChecks.requestTag(tag);
            FieldChecks.utf8("name", name, DeviceProtocol.MAX_NAME_BYTES);
        }

        @Override
        public Operation operation() {
            return Operation.DELETE_MODULE;
        }
    }

    /**
     * READ_HELD (simulator extension): as {@link Read}, but the records read stay held by the
     * handle until {@link Ack}ed, and the reply numbers them.
     */
    record ReadHeld(int tag, int handle, int count) implements DeviceRequest {
        public ReadHeld {
            FieldChecks.requestTag(tag);
            FieldChecks.nonNegative("count", count);
        }

        @Override
        public Operation operation() {
            return Operation.READ_HELD;
        }
    }

    /**
     * ACK (simulator extension): the handle's held records numbered below {@code upTo} are done
     * with and are released for good.
     */
    record Ack(int tag, int handle, long upTo) implements DeviceRequest {
        public Ack {
            FieldChecks.requestTag(tag);
            FieldChecks.nonNegative("upTo", upTo);
        }

        @Override
        public Operation operation() {
            return Operation.ACK;
        }
    }

    /**
     * STREAM (simulator extension): push the handle's records as they are logged while it holds
     * fewer than {@code window} unacknowledged ones; {@code window} 0 stops the handle's stream.
     */
    record Stream(int tag, int handle, int window) implements DeviceRequest {
        public Stream {
            FieldChecks.requestTag(tag);
            FieldChecks.nonNegative("window", window);
        }

        @Override
        public Operation operation() {
            return Operation.STREAM;
        }
    }

    /**
     * WRITE_TOGETHER (simulator extension): the {@code write(handle, data, data.length)}s that
     * several threads of one process make at the same moment, such as mce-inject's per-CPU threads
     * released by their barrier. Each element is one write's buffer, checked as a {@link Write}'s
     * (at most 128 bytes); there are 1 to {@link DeviceProtocol#MAX_WRITES_TOGETHER}. The arrays
     * are copied in and out.
     */
    record WriteTogether(int tag, int handle, List<byte[]> writes) implements DeviceRequest {
        public WriteTogether {
            FieldChecks.requestTag(tag);
            if (writes.isEmpty() || writes.size() > DeviceProtocol.MAX_WRITES_TOGETHER) {
                throw new IllegalArgumentException("WRITE_TOGETHER carries 1 to "
                        + DeviceProtocol.MAX_WRITES_TOGETHER + " writes, not " + writes.size());
            }
            writes = writes.stream().map(w -> FieldChecks.bytes("data", w, DeviceProtocol.MAX_WRITE_BYTES)).toList();
        }

        @Override
        public List<byte[]> writes() {
            return writes.stream().map(byte[]::clone).toList();
        }

        @Override
        public Operation operation() {
            return Operation.WRITE_TOGETHER;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof WriteTogether w) || w.tag != tag || w.handle != handle
                    || w.writes.size() != writes.size()) {
                return false;
            }
            for (int i = 0; i < writes.size(); i++) {
                if (!Arrays.equals(w.writes.get(i), writes.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = Objects.hash(tag, handle);
            for (byte[] w : writes) {
                h = 31 * h + Arrays.hashCode(w);
            }
            return h;
        }

        @Override
        public String toString() {
            return "WriteTogether[tag=" + tag + ", handle=" + handle + ", writes="
                    + writes.stream().map(HexFormat.of()::formatHex).toList() + "]";
        }
    }
}
