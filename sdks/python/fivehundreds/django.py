"""Django integration. In settings.py:

    MIDDLEWARE = ["fivehundreds.django.FiveHundredsMiddleware", ...]
    FIVEHUNDREDS = {"ENDPOINT": "https://ingest.example", "KEY": "<project ingest key>"}

The middleware configures the client when Django loads it, and captures through Django's
`got_request_exception` signal: it fires for every exception that becomes a 500, whether raised by a view,
a template or another middleware, where a middleware's process_exception would see only the view's.
"""

import json
import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception

import fivehundreds

logger = logging.getLogger("fivehundreds")

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# The settings and the client last installed, so that Django loading its middleware again (each test Client
# does) reuses the client instead of replacing it, while changed settings do replace it.
_installed = (None, None)


class FiveHundredsMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        install()

    def __call__(self, request):
        # Pass-through: the work happens only when a request fails, in the signal receiver below.
        return self.get_response(request)


def install():
    """Creates the client from settings.FIVEHUNDREDS (once, or again when the settings changed) and
    connects the signal. Never raises: a misconfigured SDK leaves the application running without it."""
    global _installed
    try:
        config = dict(getattr(settings, "FIVEHUNDREDS", None) or {})
        installed_config, installed_client = _installed
        if config != installed_config or installed_client is None or installed_client is not fivehundreds.get_client():
            options = {name.lower(): value for name, value in config.items()}
            endpoint, key = options.pop("endpoint", None), options.pop("key", None)
            if "app_root" not in options and getattr(settings, "BASE_DIR", None):
                options["app_root"] = str(settings.BASE_DIR)
            if not endpoint or not key:
                logger.warning("FiveHundreds is not enabled: settings.FIVEHUNDREDS needs ENDPOINT and KEY")
                return
            _installed = (config, fivehundreds.init(endpoint, key, **options))
        got_request_exception.connect(_on_request_exception, dispatch_uid="fivehundreds.django")
    except Exception:
        logger.warning("FiveHundreds is not enabled: could not read settings.FIVEHUNDREDS", exc_info=True)


def _on_request_exception(sender, request=None, **kwargs):
    # Signal receivers' exceptions propagate into Django's error handling: catch everything.
    try:
        client = fivehundreds.get_client()
        exc = sys.exc_info()[1]
        if client is None or exc is None:
            return
        client.capture_exception(exc, request=request_data(request, client.max_body_bytes) if request else None)
    except Exception:
        logger.debug("FiveHundreds could not capture a request exception", exc_info=True)


def request_data(request, max_body_bytes):
    """The request as the intake wants it. Unscrubbed: the client scrubs on its worker thread."""
    data = {
        "url": _url(request),
        "method": request.method,
        "headers": dict(request.headers),
        "query_string": request.META.get("QUERY_STRING", ""),
    }
    body = _body(request, max_body_bytes)
    if body is not None:
        data["data"] = body
    return data


def _url(request):
    try:
        return request.build_absolute_uri()
    except Exception:  # DisallowedHost: the Host header is not in ALLOWED_HOSTS, so do not trust it
        query = request.META.get("QUERY_STRING")
        return "%s://%s%s%s" % (request.scheme, request.META.get("SERVER_NAME", ""), request.path,
                                "?" + query if query else "")


def _body(request, max_body_bytes):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0:
        return None
    if length > max_body_bytes:
        return "[body of %d bytes not sent]" % length
    content_type = request.content_type or ""
    try:
        if content_type in _FORM_TYPES:  # parsed from the stream: request.body may no longer be readable
            return {name: values[0] if len(values) == 1 else values for name, values in request.POST.lists()}
        raw = request.body  # read already by the view, or read now: the request is failing anyway
    except Exception:  # RawPostDataException: the view consumed the stream itself
        return None
    text = raw.decode(request.encoding or "utf-8", errors="replace")
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    # Only fields can be scrubbed one by one: a body that is neither a form nor JSON that parses is not sent,
    # where a password in raw form text would leave the process unscrubbed.
    return None
