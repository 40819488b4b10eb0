#!/usr/bin/env python3
"""A reader of the daemon's record stream (PROTOCOL.md §15), standard library only.

usage: python3 stream_reader.py [--count N] [--raw] [--replay] SOCKET

Subscribes on mcelog's client socket and prints one line per record, heartbeat and missed message.
JSON by default (§15.1); --raw reads the binary frames instead (§15.2). Stops after N records.
"""
import argparse
import json
import socket
import struct
import sys


def read_exactly(f, n):
    data = f.read(n)
    if len(data) < n:
        raise ConnectionError("the daemon closed the stream")
    return data


def json_messages(f):
    hello = json.loads(f.readline())
    if hello.get("type") != "hello" or hello.get("schema") != 1:
        raise ConnectionError(f"unexpected first line {hello}")
    for line in f:
        yield json.loads(line)


def raw_messages(f):
    """§15.2: u32 length (type byte included), u8 type, payload; no hello frame."""
    while True:
        length, kind = struct.unpack("<IB", read_exactly(f, 5))
        payload = read_exactly(f, length - 1)
        if kind == 1:  # RECORD: u64 seq, then struct mce of length - 9 bytes
            seq, = struct.unpack_from("<Q", payload)
            status, = struct.unpack_from("<Q", payload, 8)
            bank, = struct.unpack_from("<B", payload, 8 + 65)
            cpu, = struct.unpack_from("<I", payload, 8 + 68)
            yield {"type": "record", "seq": seq, "cpu": cpu, "bank": bank, "status": f"0x{status:x}",
                   "record_length": length - 9}
        elif kind == 2:
            time, seq = struct.unpack("<QQ", payload)
            yield {"type": "heartbeat", "time": time, "seq": seq}
        elif kind == 3:
            yield {"type": "missed", "count": struct.unpack("<Q", payload)[0]}
        # any other type: skipped by its length


def main():
    parser = argparse.ArgumentParser(description="Print the records mcelog logs, as it logs them.")
    parser.add_argument("--count", type=int, default=0, help="stop after this many records (0: never)")
    parser.add_argument("--raw", action="store_true", help="binary frames instead of JSON")
    parser.add_argument("--replay", action="store_true", help="first the records of the current log file")
    parser.add_argument("socket", help="mcelog's client socket ([server] socket-path)")
    args = parser.parse_args()
    fmt = "raw" if args.raw else "json"
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.socket)
        s.sendall(f"subscribe 1 {fmt}{' replay' if args.replay else ''}\n".encode())
        f = s.makefile("rb")
        answer = f.readline().decode().rstrip("\n")
        if answer != f"ok 1 {fmt}":
            sys.exit(f"stream_reader.py: {args.socket}: the daemon refused: {answer}")
        print(answer, flush=True)
        seen = 0
        for m in (raw_messages(f) if args.raw else json_messages(f)):
            if m["type"] == "record":
                seen += 1
                if args.raw:
                    print(f"record {m['seq']} cpu {m['cpu']} bank {m['bank']} status {m['status']}"
                          f" ({m['record_length']}-byte struct mce)", flush=True)
                else:
                    print(f"record {m['seq']} {m['class']} cpu {m['cpu']} {m['bank_name']} page {m['page']}",
                          flush=True)
                if seen == args.count:
                    return
            elif m["type"] == "heartbeat":
                print(f"heartbeat time {m['time']} last seq {m['seq']}", flush=True)
            elif m["type"] == "missed":
                print(f"missed {m['count']} records", flush=True)
    except (OSError, ValueError) as e:
        sys.exit(f"stream_reader.py: {args.socket}: {getattr(e, 'strerror', None) or e}")


if __name__ == "__main__":
    main()
