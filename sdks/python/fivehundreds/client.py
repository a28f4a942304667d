"""The client: builds events on the calling thread, sends them from two background workers.

Its first duty is to do no harm: every public method catches everything, capture only builds a dict and
appends it to a bounded queue, and no network I/O ever happens on the application's thread.
"""

import collections
import datetime
import email.utils
import gzip
import http.client
import json
import logging
import os
import random
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
import weakref
from concurrent.futures import ThreadPoolExecutor

from . import __version__
from .frames import FrameClassifier, exception_values
from .scrubbing import Scrubber

logger = logging.getLogger("fivehundreds")

SDK_INFO = {"name": "fivehundreds.python", "version": __version__}
INTAKE_PATH = "/api/v1/events"
MAX_RETRY_AFTER = 3600.0
WORKERS = 2

DEFAULTS = {
    "release": None,
    "server_name": None,
    "app_root": None,
    "queue_size": 100,
    "shutdown_timeout": 2.0,
    "timeout": 2.0,
    "max_retries": 3,
    "backoff": 0.5,
    "scrub_names": (),
    "max_body_bytes": 8192,
    "context_lines": 3,
    "send_environment": True,
    "tags": None,
}


class Client:
    def __init__(self, endpoint, key, **options):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError("unknown FiveHundreds options: %s" % ", ".join(sorted(unknown)))
        opts = dict(DEFAULTS, **options)
        self._url = _intake_url(endpoint)
        self._key = key
        self._queue_size = max(1, int(opts["queue_size"]))
        self._timeout = float(opts["timeout"])
        self._shutdown_timeout = float(opts["shutdown_timeout"])
        self._max_retries = max(0, int(opts["max_retries"]))
        self._backoff = float(opts["backoff"])
        self._context_lines = int(opts["context_lines"])
        self.max_body_bytes = int(opts["max_body_bytes"])
        self._send_environment = bool(opts["send_environment"])
        self._classifier = FrameClassifier(opts["app_root"] or os.getcwd())
        self._scrubber = Scrubber(opts["scrub_names"] or ())
        self._base = {
            "platform": "python",
            "release": opts["release"],
            "server_name": opts["server_name"] or socket.gethostname(),
            "tags": dict(opts["tags"] or {}),
            "sdk": SDK_INFO,
        }
        self._ssl_context = ssl.create_default_context() if self._url.scheme == "https" else None

        self.sent = 0
        self.dropped = 0  # pushed out of a full queue, or still queued or in flight when shutdown's time was up
        self.failed = 0  # given up after retries, or refused by the intake (400/401)
        self._logged_statuses = set()
        self._reset_state()
        self._register_shutdown_and_fork()

    def _reset_state(self):
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queue = collections.deque()
        self._in_flight = 0
        self._drainers = 0
        self._closed = False
        self._stop = threading.Event()  # set when shutdown's time is up: waits and backoffs end at once
        self._blocked_until = 0.0  # monotonic time before which nothing is sent (429/503 Retry-After)
        self._connections = set()
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="fivehundreds")

    def _register_shutdown_and_fork(self):
        ref = weakref.ref(self)

        def at_exit():
            client = ref()
            if client is not None:
                client.close()

        # The executor's threads are joined by threading's own exit hook, which runs before `atexit`
        # handlers: a worker in a backoff would hold the exit up for as long as the queue takes. Registering
        # here (after concurrent.futures did) runs this flush first, bounded by shutdown_timeout, and then
        # stops the workers so the join that follows is immediate.
        register = getattr(threading, "_register_atexit", None)
        try:
            if register is not None:
                register(at_exit)
            else:
                import atexit
                atexit.register(at_exit)
        except RuntimeError:
            pass  # the interpreter is already shutting down: nothing will be captured anyway

        def after_fork_in_child():
            client = ref()
            if client is not None:
                # A forked worker (gunicorn --preload) inherits the queue and a lock perhaps held by a thread
                # that does not exist in the child: start afresh with its own executor.
                client._reset_state()

        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=after_fork_in_child)

    # ---- capture, on the application's thread ------------------------------------------------------------

    def capture_exception(self, exc=None, request=None):
        """Queues an event for `exc` (or the exception being handled) and returns its event_id, or None."""
        try:
            if exc is None:
                exc = sys.exc_info()[1]
                if exc is None:
                    return None
            event = self._new_event("error")
            event["exception"] = {"values": exception_values(exc, self._classifier, self._context_lines)}
            if request is not None:
                event["request"] = request
            return self._enqueue(event)
        except Exception:
            logger.debug("FiveHundreds could not capture an exception", exc_info=True)
            return None

    def capture_message(self, message, level="info"):
        try:
            event = self._new_event(level)
            event["message"] = str(message)
            return self._enqueue(event)
        except Exception:
            logger.debug("FiveHundreds could not capture a message", exc_info=True)
            return None

    def _new_event(self, level):
        event = dict(self._base)
        event["event_id"] = str(uuid.uuid4())
        event["timestamp"] = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        event["level"] = level
        if self._send_environment:
            event["environment"] = dict(os.environ)  # scrubbed by the worker, before it leaves the process
        return event

    def _enqueue(self, event):
        with self._lock:
            if self._closed:
                return None
            if len(self._queue) >= self._queue_size:
                self._queue.popleft()
                self.dropped += 1
            self._queue.append(event)
            start_drainer = self._drainers < WORKERS
            if start_drainer:
                self._drainers += 1
        if start_drainer:
            try:
                self._executor.submit(self._drain)
            except RuntimeError:  # interpreter shutting down: the event stays queued for the final flush
                with self._lock:
                    self._drainers -= 1
        return event["event_id"]

    # ---- flush and shutdown ------------------------------------------------------------------------------

    def flush(self, timeout=None):
        """Waits until everything queued is sent or given up, at most `timeout` seconds. True if drained."""
        try:
            deadline = time.monotonic() + (self._shutdown_timeout if timeout is None else float(timeout))
            with self._idle:
                while self._queue or self._in_flight:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._idle.wait(remaining)
                return True
        except Exception:
            logger.debug("FiveHundreds flush failed", exc_info=True)
            return False

    def close(self, timeout=None):
        """Flushes for at most `timeout` (default shutdown_timeout) seconds, then stops the workers."""
        try:
            if self._closed:
                return
            self.flush(timeout)
            with self._lock:
                self._closed = True
                self.dropped += len(self._queue) + self._in_flight
                self._queue.clear()
                connections = list(self._connections)
            self._stop.set()
            for conn in connections:  # a request stuck on a silent server would otherwise hold the exit up
                _abort(conn)
            self._executor.shutdown(wait=False)
        except Exception:
            logger.debug("FiveHundreds close failed", exc_info=True)

    # ---- the workers -------------------------------------------------------------------------------------

    def _drain(self):
        exited = False
        try:
            while True:
                with self._lock:
                    if not self._queue or self._stop.is_set():
                        # Decided under the lock that also guards _enqueue's check of _drainers, so an event
                        # appended right now either is seen here or starts a new drainer.
                        exited = True
                        self._drainers -= 1
                        self._idle.notify_all()
                        return
                    event = self._queue.popleft()
                    self._in_flight += 1
                try:
                    self._deliver(event)
                except Exception:
                    self._count("failed")
                    logger.debug("FiveHundreds could not send an event", exc_info=True)
                finally:
                    with self._lock:
                        self._in_flight -= 1
                        self._idle.notify_all()
        finally:
            if not exited:  # a BaseException: give the slot back so a later capture starts a worker again
                with self._lock:
                    self._drainers -= 1
                    self._idle.notify_all()

    def _deliver(self, event):
        body = gzip.compress(json.dumps(self._scrubbed(event), default=str).encode("utf-8"), compresslevel=6)
        attempt = 0
        while True:
            if not self._wait_until_allowed():
                return  # stopped: counted as dropped by close()
            status, retry_after = self._post(body)
            if status is not None and 200 <= status < 300:
                self._count("sent")
                return
            if status is not None and status < 500 and status not in (408, 429):
                # 400/401/413...: the same body and key would get the same answer again.
                self._count("failed")
                self._log_once(status)
                return
            delay = self._backoff * (2 ** attempt) * (0.5 + random.random())
            if retry_after is not None and status in (429, 503):
                delay = retry_after
                # Rate limited or the intake's database is down: every event would get the same answer,
                # so the whole client waits, not just this worker.
                with self._lock:
                    self._blocked_until = max(self._blocked_until, time.monotonic() + retry_after)
            attempt += 1
            if attempt > self._max_retries:
                self._count("failed")
                logger.debug("FiveHundreds gave up on event %s after %d attempts (last status %s)",
                             event["event_id"], attempt, status)
                return
            if self._stop.wait(delay):
                return  # stopped: counted as dropped by close()

    def _count(self, counter):
        with self._lock:
            setattr(self, counter, getattr(self, counter) + 1)

    def _scrubbed(self, event):
        scrubber = self._scrubber
        if "environment" in event:
            event["environment"] = scrubber.scrub(event["environment"])
        request = event.get("request")
        if request:
            if "headers" in request:
                request["headers"] = scrubber.scrub(request["headers"])
            if "data" in request:
                request["data"] = scrubber.scrub_data(request["data"])
            if request.get("query_string"):
                request["query_string"] = _scrub_query(request["query_string"], scrubber)
                request["url"] = _scrub_url_query(request.get("url"), scrubber)
        return event

    def _wait_until_allowed(self):
        while True:
            with self._lock:
                remaining = self._blocked_until - time.monotonic()
            if remaining <= 0:
                return not self._stop.is_set()
            if self._stop.wait(remaining):
                return False

    def _log_once(self, status):
        if status not in self._logged_statuses:
            self._logged_statuses.add(status)
            logger.warning("FiveHundreds intake refused an event with HTTP %d (%s); such events are not retried",
                           status, "check the KEY setting" if status in (401, 403) else "see the intake's answer")

    def _post(self, body):
        """One POST. Returns (status, retry_after seconds or None); status None for a network error."""
        conn = getattr(self._local, "conn", None)
        reused = conn is not None
        while True:
            try:
                if conn is None:
                    conn = self._connect()
                conn.request("POST", self._url.path_and_query, body, {
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                    "X-Monolynx-Key": self._key,
                    "User-Agent": "fivehundreds-python/" + __version__,
                })
                response = conn.getresponse()
                response.read(65536)
                status = response.status
                retry_after = _parse_retry_after(response.getheader("Retry-After"))
                if response.will_close or not response.isclosed():
                    self._drop_connection(conn)
                return status, retry_after
            except (OSError, http.client.HTTPException, ValueError):
                if conn is not None:
                    self._drop_connection(conn)
                    conn = None
                if not reused or self._stop.is_set():
                    return None, None
                reused = False  # a kept-alive connection the server closed meanwhile: one fresh try, no backoff

    def _connect(self):
        url = self._url
        if url.scheme == "https":
            conn = http.client.HTTPSConnection(url.host, url.port, timeout=self._timeout, context=self._ssl_context)
        else:
            conn = http.client.HTTPConnection(url.host, url.port, timeout=self._timeout)
        with self._lock:
            if self._stop.is_set():
                raise ConnectionAbortedError("the client is closed")
            self._connections.add(conn)
        self._local.conn = conn
        try:
            conn.connect()
        except BaseException:
            self._drop_connection(conn)
            raise
        conn.auto_open = 0  # close() shuts connections from another thread: no silent reconnect after that
        return conn

    def _drop_connection(self, conn):
        conn.close()
        self._local.conn = None
        with self._lock:
            self._connections.discard(conn)


class _IntakeUrl:
    def __init__(self, scheme, host, port, path_and_query):
        self.scheme, self.host, self.port, self.path_and_query = scheme, host, port, path_and_query


def _intake_url(endpoint):
    """ENDPOINT is the ingest's base address; the intake path is added unless it is already there."""
    parts = urllib.parse.urlsplit(str(endpoint))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("FiveHundreds ENDPOINT must be an http(s) URL, got %r" % (endpoint,))
    path = parts.path.rstrip("/")
    if not path.endswith(INTAKE_PATH):
        path += INTAKE_PATH
    return _IntakeUrl(parts.scheme, parts.hostname, parts.port, path + ("?" + parts.query if parts.query else ""))


def _parse_retry_after(value):
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            seconds = (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _scrub_query(query, scrubber):
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    if not any(scrubber.is_secret(name) for name, _ in pairs):
        return query
    return urllib.parse.urlencode([(n, "[Filtered]" if scrubber.is_secret(n) else v) for n, v in pairs])


def _scrub_url_query(url, scrubber):
    if not url or "?" not in url:
        return url
    base, _, query = url.partition("?")
    return base + "?" + _scrub_query(query, scrubber)


def _abort(conn):
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a worker blocked reading it
        except OSError:
            pass  # already closed by the worker
    conn.close()
