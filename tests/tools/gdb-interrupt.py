#!/usr/bin/env python3
"""Ctrl-C over gdb's remote protocol, as gdb sends it: continue, then a
0x03 byte while the replay runs; the server must stop with SIGINT (T02)
at once, then run on to the end of the recording when continued.
usage: gdb-interrupt.py PORT   (prints what it saw; exit 0 when right)"""
import socket
import sys
import time


def packet(data):
    return b"$%s#%02x" % (data, sum(data) & 0xFF)


def reply(s, buf):
    """Next packet's payload, skipping acknowledgements."""
    while True:
        i = buf.find(b"$")
        j = buf.find(b"#", i + 1) if i >= 0 else -1
        if i >= 0 and j >= 0 and len(buf) >= j + 3:
            data, rest = buf[i + 1:j], buf[j + 3:]
            s.sendall(b"+")
            return data, rest
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("server closed")
        buf += chunk


def main():
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
    buf = b""
    s.sendall(packet(b"?"))
    data, buf = reply(s, buf)
    s.sendall(packet(b"vCont;c"))
    time.sleep(0.7)
    t = time.time()
    s.sendall(b"\x03")
    data, buf = reply(s, buf)
    took = time.time() - t
    print("after Ctrl-C: %s (%.2f s)" % (data.decode(), took))
    if not data.startswith(b"T02"):
        return 1
    s.sendall(packet(b"vCont;c"))
    data, buf = reply(s, buf)
    print("continued: %s" % data.decode())
    if b"replaylog:end" not in data:
        return 1
    s.sendall(packet(b"D"))
    return 0 if took < 5 else 1


sys.exit(main())
