"""FiveHundreds error tracking for Python: capture_exception / capture_message, and a Django middleware.

    import fivehundreds
    fivehundreds.init(endpoint="https://ingest.example", key="...")
    fivehundreds.capture_exception()

Every function here catches everything: the SDK never throws into the application it watches.
"""

import logging
import threading

__version__ = "0.1.0"

from .client import Client  # noqa: E402  (the client module reads __version__ above)

__all__ = ["Client", "init", "get_client", "capture_exception", "capture_message", "flush", "shutdown"]

_logger = logging.getLogger("fivehundreds")
_client = None
_lock = threading.Lock()


def init(endpoint, key, **options):
    """Creates the process-wide client (replacing and closing a previous one). Returns it, or None."""
    global _client
    try:
        client = Client(endpoint, key, **options)
    except Exception:
        _logger.warning("FiveHundreds is not enabled: invalid configuration", exc_info=True)
        return None
    with _lock:
        previous, _client = _client, client
    if previous is not None:
        previous.close()
    return client


def get_client():
    return _client


def capture_exception(exc=None):
    """Reports `exc`, or the exception being handled. Returns the event_id, or None."""
    client = _client
    return client.capture_exception(exc) if client is not None else None


def capture_message(message, level="info"):
    client = _client
    return client.capture_message(message, level) if client is not None else None


def flush(timeout=None):
    """Waits up to `timeout` seconds for queued events to be sent. True if the queue drained."""
    client = _client
    return client.flush(timeout) if client is not None else True


def shutdown(timeout=None):
    """Flushes for at most `timeout` seconds and stops the client; the at-exit hook does this on its own."""
    global _client
    with _lock:
        client, _client = _client, None
    if client is not None:
        client.close(timeout)
