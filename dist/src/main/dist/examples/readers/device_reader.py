#!/usr/bin/env python3
"""A /dev/mcelog reader over the simulator's device protocol (PROTOCOL.md Part I), standard library only.

usage: python3 device_reader.py [--count N] SOCKET

Connects to mce-sim's socket, opens the device, asks the record and log lengths, then sleeps in
POLL and reads the whole log whenever it is readable, printing one line per record; after a read
that filled the log it asks MCE_GETCLEAR_FLAGS and reports lost records. Stops after N records.
On a machine where the daemon runs, the daemon is the device's only reader: OPEN fails EBUSY and
this reader says so (subscribe to the daemon's stream instead: stream_reader.py).
"""
import argparse
import socket
import struct
import sys

HELLO, OPEN, READ, IOCTL, POLL = 0x01, 0x02, 0x04, 0x06, 0x07
PROTOCOL_ERROR = 0xFF
MCE_GET_RECORD_LEN, MCE_GET_LOG_LEN, MCE_GETCLEAR_FLAGS = 0x80044D01, 0x80044D02, 0x80044D03
O_RDONLY, POLLIN = 0, 0x0001
ERRNO = {1: "EPERM", 2: "ENOENT", 13: "EACCES", 16: "EBUSY", 22: "EINVAL", 25: "ENOTTY"}


class DeviceError(Exception):
    def __init__(self, what, errno):
        super().__init__(f"{what}: {ERRNO.get(errno, 'errno %d' % errno)}")
        self.errno = errno


class Device:
    """One connection: requests one at a time, so each reply is the one with the request's tag."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.tag = 0
        identity = b"device_reader.py/1"
        body = self.call(HELLO, b"MCED" + struct.pack("<HHH", 1, 0, len(identity)) + identity)
        self.server = body[10:10 + struct.unpack_from("<H", body, 8)[0]].decode()

    def _read_exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("the simulator closed the connection")
            data += chunk
        return data

    def call(self, frame_type, body):
        tag = self.tag
        self.tag = (self.tag + 1) % 0xFFFF
        self.sock.sendall(struct.pack("<IBBH", len(body), frame_type, 0, tag) + body)
        length, reply_type, _, reply_tag = struct.unpack("<IBBH", self._read_exactly(8))
        reply = self._read_exactly(length)
        if reply_type == PROTOCOL_ERROR:  # §7: errno, version, message; the server closes
            message = reply[8:8 + struct.unpack_from("<H", reply, 6)[0]].decode()
            raise ConnectionError(f"protocol error from the simulator: {message}")
        if reply_type != frame_type | 0x80 or reply_tag != tag:
            raise ConnectionError(f"unexpected reply type 0x{reply_type:02x} tag {reply_tag}")
        return reply

    def request(self, what, frame_type, body):
        """A device request: the reply's payload from body offset 4, or DeviceError for its errno."""
        reply = self.call(frame_type, body)
        errno = struct.unpack_from("<I", reply)[0]
        if errno:
            raise DeviceError(what, errno)
        return reply[4:]

    def open(self):
        return struct.unpack("<I", self.request("open /dev/mcelog", OPEN, struct.pack("<I", O_RDONLY)))[0]

    def ioctl(self, fd, command):
        return struct.unpack("<i", self.request("ioctl", IOCTL, struct.pack("<II", fd, command)))[0]

    def poll(self, fd, timeout_ms):
        return struct.unpack_from("<H", self.request("poll", POLL, struct.pack("<IHHi", fd, POLLIN, 0, timeout_ms)))[0]

    def read(self, fd, count):
        payload = self.request("read", READ, struct.pack("<II", fd, count))
        return payload[4:4 + struct.unpack_from("<I", payload)[0]]


def describe(record):
    """The first 88 bytes of struct mce (§10) are in every record length."""
    status, misc, addr, mcgstatus, ip, tsc, time = struct.unpack_from("<7Q", record, 0)
    bank, = struct.unpack_from("<B", record, 65)
    extcpu, socketid = struct.unpack_from("<II", record, 68)
    kind = "uncorrected" if status >> 61 & 1 else "corrected"
    where = f" addr 0x{addr:x}" if status >> 58 & 1 else ""
    return f"cpu {extcpu} socket {socketid} bank {bank} {kind} status 0x{status:016x}{where} time {time}"


def main():
    parser = argparse.ArgumentParser(description="Read /dev/mcelog over mce-sim's device socket.")
    parser.add_argument("--count", type=int, default=0, help="stop after this many records (0: never)")
    parser.add_argument("socket", help="mce-sim's socket, e.g. /tmp/mce.sock")
    args = parser.parse_args()
    try:
        dev = Device(args.socket)
        fd = dev.open()
        record_len = dev.ioctl(fd, MCE_GET_RECORD_LEN)
        log_len = dev.ioctl(fd, MCE_GET_LOG_LEN)
        print(f"{dev.server}: records of {record_len} bytes, log of {log_len}", flush=True)
        seen = 0
        while args.count == 0 or seen < args.count:
            if not dev.poll(fd, -1) & POLLIN:
                continue
            data = dev.read(fd, record_len * log_len)
            for off in range(0, len(data) - record_len + 1, record_len):
                print(describe(data[off:off + record_len]), flush=True)
                seen += 1
            if len(data) == record_len * log_len and dev.ioctl(fd, MCE_GETCLEAR_FLAGS) & 1:
                print("the log overflowed: records were lost before this read", flush=True)
    except DeviceError as e:
        hint = " (another reader holds /dev/mcelog: is mcelog --daemon running? read its stream instead)" \
            if e.errno == 16 else ""
        sys.exit(f"device_reader.py: {args.socket}: {e}{hint}")
    except OSError as e:
        sys.exit(f"device_reader.py: {args.socket}: {e.strerror or e}")


if __name__ == "__main__":
    main()
