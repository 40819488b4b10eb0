#!/usr/bin/env python3
"""A /dev/mcelog reader that is not ours: only the system calls any program makes (open, ioctl,
poll, read, write), with the kernel's ioctl numbers and struct mce offsets, Python's stdlib only.

usage: mcelog_reader.py lengths|exclusive|child|drain|wait DEVICE
       mcelog_reader.py inject DEVICE COUNT
Prints key=value lines; exits 1 with the failing call on stderr.
"""
import errno
import fcntl
import os
import select
import struct
import sys

# _IOR('M', 1..3, int) from arch/x86/include/uapi/asm/mce.h
MCE_GET_RECORD_LEN = 0x80044D01
MCE_GET_LOG_LEN = 0x80044D02
MCE_GETCLEAR_FLAGS = 0x80044D03
MCJ_CTX_PROCESS = 0x1  # inject.c: raise the record as a machine check poll on its CPU


def ioctl_int(fd, request):
    buf = bytearray(4)
    fcntl.ioctl(fd, request, buf)
    return struct.unpack("i", buf)[0]


def whole_log(fd):
    return ioctl_int(fd, MCE_GET_RECORD_LEN) * ioctl_int(fd, MCE_GET_LOG_LEN)


def open_error(path, flags):
    try:
        fd = os.open(path, flags)
    except OSError as e:
        return errno.errorcode[e.errno]
    os.close(fd)
    return "opened"


def lengths(dev):
    fd = os.open(dev, os.O_RDONLY)
    print("record_len=%d" % ioctl_int(fd, MCE_GET_RECORD_LEN))
    print("log_len=%d" % ioctl_int(fd, MCE_GET_LOG_LEN))
    try:
        os.read(fd, ioctl_int(fd, MCE_GET_RECORD_LEN))
        print("short_read=accepted")
    except OSError as e:
        print("short_read=%s" % errno.errorcode[e.errno])


def exclusive(dev):
    plain = os.open(dev, os.O_RDONLY)
    print("excl_while_open=%s" % open_error(dev, os.O_RDONLY | os.O_EXCL))
    os.close(plain)
    excl = os.open(dev, os.O_RDONLY | os.O_EXCL)
    print("open_while_excl=%s" % open_error(dev, os.O_RDONLY))
    os.close(excl)
    print("open_after_close=%s" % open_error(dev, os.O_RDONLY))


def child(dev):
    """A reader that runs a program while it holds the device, as mcelog runs its triggers: the
    child's copy of the descriptor is closed at its exec, which must not end the reader's open."""
    fd = os.open(dev, os.O_RDONLY)
    pid = os.fork()
    if pid == 0:
        os.execvp("true", ["true"])
    os.waitpid(pid, 0)
    print("record_len_after_child=%d" % ioctl_int(fd, MCE_GET_RECORD_LEN))
    print("excl_while_open=%s" % open_error(dev, os.O_RDONLY | os.O_EXCL))
    os.close(fd)
    print("open_after_close=%s" % open_error(dev, os.O_RDONLY | os.O_EXCL))


def inject(dev, count):
    """The legacy injection: a corrected error in bank 1 of CPU 0, written to the device."""
    record = bytearray(128)
    struct.pack_into("<Q", record, 0, 0x9C00000000010090)  # VAL EN MISCV ADDRV, MCACOD: memory read, channel 0
    record[57] = MCJ_CTX_PROCESS                           # inject_flags
    record[65] = 1                                         # bank
    fd = os.open(dev, os.O_WRONLY)
    for _ in range(count):
        os.write(fd, bytes(record))
    print("written=%d" % count)


def drain(dev):
    fd = os.open(dev, os.O_RDONLY)
    size = whole_log(fd)
    print("flags=%d" % ioctl_int(fd, MCE_GETCLEAR_FLAGS))
    print("records=%d" % (len(os.read(fd, size)) // ioctl_int(fd, MCE_GET_RECORD_LEN)))
    print("flags_after=%d" % ioctl_int(fd, MCE_GETCLEAR_FLAGS))
    print("records_after=%d" % len(os.read(fd, size)))


def wait(dev):
    fd = os.open(dev, os.O_RDONLY)
    size = whole_log(fd)
    os.read(fd, size)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    print("sleeping", flush=True)
    events = poller.poll(-1)
    print("revents=%d" % events[0][1])
    print("records=%d" % (len(os.read(fd, size)) // ioctl_int(fd, MCE_GET_RECORD_LEN)))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 1
    mode, dev = argv[1], argv[2]
    try:
        if mode == "inject":
            inject(dev, int(argv[3]))
        else:
            {"lengths": lengths, "exclusive": exclusive, "child": child, "drain": drain, "wait": wait}[mode](dev)
    except OSError as e:
        sys.stderr.write("mcelog_reader.py %s: %s: %s\n" % (mode, dev, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
