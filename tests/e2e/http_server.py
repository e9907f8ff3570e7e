#!/usr/bin/env python3
"""A loopback HTTP/1.1 file server for Shekara's sync tests (python3 standard library only).

Serves one directory: GET and HEAD with single byte ranges (206 + Content-Range, 416 when
the range starts past the end; ETag, Last-Modified and If-Range as nginx), PUT written
atomically into the directory (201 new, 204 replaced). Binds 127.0.0.1 only; with --port 0 (the default) it picks a free port.
The port is always printed alone on the first line of stdout, so a test can wait for it.

Faults for testing a client on a bad link:
  --fail-first N           answer 503 to the first N requests (any method)
  --drop-after BYTES       close the connection after that many body bytes of the next
                           --drop-count GETs (default 1)
  --stall-after BYTES SEC  stop sending for SEC seconds after that many body bytes of the
                           next --stall-count GETs (default 1), then go on
  --read-only              answer PUT with 405
  --no-ranges              ignore Range headers (always 200 and the whole file)
  --tls CERT KEY           serve HTTPS with this PEM certificate (chain) and key
Paths containing '..' are refused with 400. Nothing is logged unless --verbose.

Not for production: the central side of sync is an ordinary server (nginx/WebDAV, an
object store), see DESIGN.md.
"""
import argparse
import email.utils
import os
import re
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 8192


class Faults:
    """Counters shared by the handler threads."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.fail_left = args.fail_first
        self.drop_after = args.drop_after
        self.drop_left = args.drop_count if args.drop_after is not None else 0
        self.stall_after = args.stall_after[0] if args.stall_after else None
        self.stall_secs = args.stall_after[1] if args.stall_after else 0
        self.stall_left = args.stall_count if args.stall_after else 0

    def take(self, name):
        with self.lock:
            left = getattr(self, name)
            if left > 0:
                setattr(self, name, left - 1)
                return True
            return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, and Expect: 100-continue for PUT
    server_version = "shekara-test-server"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    def reply(self, code, body=b"", headers=(), send_body=True):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

    def local_path(self):
        """The file a request names, or None after answering 400."""
        raw = urllib.parse.urlsplit(self.path).path
        path = urllib.parse.unquote(raw)
        parts = [p for p in path.split("/") if p]
        if not path.startswith("/") or "\0" in path or any(p in ("..", ".") for p in parts):
            self.reply(400, b"bad path\n")
            return None
        if not parts:
            self.reply(404, b"not found\n")
            return None
        full = os.path.join(self.server.root, *parts)
        root = os.path.realpath(self.server.root)
        if os.path.commonpath([root, os.path.realpath(full)]) != root:
            self.reply(400, b"bad path\n")
            return None
        return full

    def failing(self, send_body=True):
        if self.server.faults.take("fail_left"):
            self.reply(503, b"try again later\n", send_body=send_body)
            return True
        return False

    def parse_range(self, size):
        """(start, end) inclusive for a single satisfiable range, "416", or None to send
        the whole file (no header, a multi-range or a syntax the server ignores)."""
        h = self.headers.get("Range")
        if not h or self.server.no_ranges:
            return None
        m = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", h)
        if not m or (m.group(1) == "" and m.group(2) == ""):
            return None
        if m.group(1) == "":
            n = int(m.group(2))
            if n == 0:
                return "416"
            return (max(0, size - n), size - 1)
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else size - 1
        if start >= size:
            return "416"
        if end < start:
            return None
        return (start, min(end, size - 1))

    def serve(self, send_body):
        if self.failing(send_body):
            return
        path = self.local_path()
        if path is None:
            return
        if not os.path.isfile(path):
            self.reply(404, b"not found\n", send_body=send_body)
            return
        with open(path, "rb") as f:
            data = f.read()
            st = os.fstat(f.fileno())
        size = len(data)
        # validators as nginx makes them: ETag from mtime and size
        etag = '"%x-%x"' % (st.st_mtime_ns, size)
        modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        rng = self.parse_range(size)
        if_range = self.headers.get("If-Range")
        if rng is not None and if_range is not None and if_range not in (etag, modified):
            rng = None  # the client's bytes are of another version: send it whole
        if rng == "416":
            self.reply(416, b"", [("Content-Range", "bytes */%d" % size)])
            return
        if rng is None:
            start, end, code = 0, size - 1, 200
        else:
            start, end = rng
            code = 206
        self.send_response(code)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        if not self.server.no_ranges:
            self.send_header("Accept-Ranges", "bytes")
        if code == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.send_header("Content-Length", str(end - start + 1 if size else 0))
        self.end_headers()
        if send_body:
            self.send_body(data[start:end + 1] if size else b"")

    def send_body(self, body):
        faults = self.server.faults
        drop = faults.drop_after if faults.take("drop_left") else None
        stall = faults.stall_after if faults.take("stall_left") else None
        sent = 0
        try:
            while sent < len(body):
                if drop is not None and sent >= drop:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if stall is not None and sent >= stall:
                    self.wfile.flush()
                    time.sleep(faults.stall_secs)
                    stall = None
                    continue
                limit = len(body)
                if drop is not None:
                    limit = min(limit, drop)
                if stall is not None:
                    limit = min(limit, stall)
                n = min(CHUNK, limit - sent)
                self.wfile.write(body[sent:sent + n])
                sent += n
            self.wfile.flush()
        except OSError:  # the client went away, as clients on a bad link do
            self.close_connection = True

    def do_GET(self):
        self.serve(True)

    def do_HEAD(self):
        self.serve(False)

    def refuse_put(self):
        """Answers a PUT that will not be stored; True when it did."""
        if self.failing():
            return True
        if self.server.read_only:
            self.reply(405, b"read-only\n", [("Allow", "GET, HEAD")])
            return True
        return False

    def handle_expect_100(self):
        # Like nginx: a PUT that will be refused is answered before its body is sent,
        # which is what saves a client on a slow link the upload.
        if self.command == "PUT" and self.refuse_put():
            self.close_connection = True
            return False
        return super().handle_expect_100()

    def drain(self):
        length = self.headers.get("Content-Length")
        left = int(length) if length and length.isdigit() else 0
        while left > 0:
            chunk = self.rfile.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)

    def do_PUT(self):
        if self.refuse_put():
            self.drain()  # so the connection can be kept
            return
        path = self.local_path()
        if path is None:
            self.close_connection = True
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.reply(411, b"length required\n")
            self.close_connection = True
            return
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            self.reply(409, b"no such collection\n")
            self.close_connection = True
            return
        left = int(length)
        fd, tmp = tempfile.mkstemp(prefix=".put-", dir=parent)
        try:
            with os.fdopen(fd, "wb") as f:
                while left > 0:
                    chunk = self.rfile.read(min(CHUNK, left))
                    if not chunk:
                        raise ConnectionError("client went away")
                    f.write(chunk)
                    left -= len(chunk)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            existed = os.path.exists(path)
            os.replace(tmp, path)
        except (ConnectionError, OSError):
            os.unlink(tmp)
            self.close_connection = True
            return
        self.reply(204 if existed else 201)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that hangs up mid-request is what these tests are about
        if self.verbose:
            super().handle_error(request, client_address)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", default=".", help="directory served (default: current)")
    p.add_argument("--fail-first", type=int, default=0, metavar="N")
    p.add_argument("--drop-after", type=int, metavar="BYTES")
    p.add_argument("--drop-count", type=int, default=1, metavar="N")
    p.add_argument("--stall-after", nargs=2, type=float, metavar=("BYTES", "SECONDS"))
    p.add_argument("--stall-count", type=int, default=1, metavar="N")
    p.add_argument("--read-only", action="store_true")
    p.add_argument("--no-ranges", action="store_true")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--verbose", action="store_true")
    # 127.0.0.1, or the address of a network namespace the test made itself (never a
    # real interface)
    p.add_argument("--bind", default="127.0.0.1")
    args = p.parse_args()
    if not (args.bind == "127.0.0.1" or args.bind.startswith("10.77.")):
        p.error("--bind takes 127.0.0.1 or a test namespace's 10.77.x.x address")
    if args.stall_after:
        args.stall_after[0] = int(args.stall_after[0])

    server = Server((args.bind, args.port), Handler)
    server.root = os.path.abspath(args.dir)
    server.faults = Faults(args)
    server.read_only = args.read_only
    server.no_ranges = args.no_ranges
    server.verbose = args.verbose
    if args.tls:
        import ssl  # only here: it takes a while to load

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
