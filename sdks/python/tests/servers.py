"""Real local HTTP servers on 127.0.0.1 that the SDK sends to: a recording intake, and misbehaving ones.

Each is started by a test and stopped in its cleanup; none is a mock of the client's code.
"""

import gzip
import http.server
import json
import socket
import threading
import time
import uuid


class RecordedRequest:
    def __init__(self, at, headers, body):
        self.at = at
        self.headers = headers
        self.body = body

    @property
    def event(self):
        raw = gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body
        return json.loads(raw)


class IntakeServer:
    """An HTTP intake that records every request and answers by `respond(index) -> (status, headers)`."""

    def __init__(self, respond=None, delay=0.0):
        self.requests = []
        self._respond = respond or (lambda index: (201, {}))
        self._delay = delay
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle and the client's delayed ACK add 40 ms.
            disable_nagle_algorithm = True

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with server._lock:
                    index = len(server.requests)
                    server.requests.append(RecordedRequest(time.monotonic(), dict(self.headers), body))
                    server._arrived.notify_all()
                if server._delay:
                    time.sleep(server._delay)
                status, headers = server._respond(index)
                payload = json.dumps({"event_id": str(uuid.uuid4()), "issue_id": str(uuid.uuid4()),
                                      "new_issue": index == 0}).encode() if status == 201 else b'{"title":"no"}'
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.requests) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._arrived.wait(remaining)
            return True

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()


class RawSocketServer:
    """A TCP server that is not a proper HTTP server: it never answers (`hang`), answers garbage, or
    (`close_after_answer`) answers 201 as if keeping the connection alive and then closes it."""

    def __init__(self, mode):
        assert mode in ("hang", "garbage", "close_after_answer")
        self._mode = mode
        self.connections = 0
        self._open = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.url = "http://127.0.0.1:%d" % self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.append(conn)
            if self._mode == "garbage":
                try:
                    conn.recv(65536)
                    conn.sendall(b"\x00\xffthis is not HTTP at all\r\n\r\n{{{")
                except OSError:
                    pass
                conn.close()
            elif self._mode == "close_after_answer":
                try:
                    _read_request(conn)
                    conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}")
                except OSError:
                    pass
                conn.close()
            # "hang": keep the connection open and never read or write.

    def wait_for_connections(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connections >= count:
                return True
            time.sleep(0.01)
        return False

    def stop(self):
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            for conn in self._open:
                conn.close()


def _read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def closed_port_url():
    """The address of a port nobody listens on: the server is down."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return "http://127.0.0.1:%d" % port
