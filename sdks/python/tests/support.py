import time

from django.conf import settings
from django.test import Client, SimpleTestCase

import fivehundreds


class DjangoSdkTestCase(SimpleTestCase):
    """Runs requests through the test project with and without the SDK, against real local servers."""

    def setUp(self):
        fivehundreds.shutdown(timeout=0)  # no client left over: the baseline runs without the SDK
        self.addCleanup(fivehundreds.shutdown, 0.5)

    def use_sdk(self, endpoint, **options):
        config = {"ENDPOINT": endpoint, "KEY": "test-key", "BACKOFF": 0.01}
        config.update({name.upper(): value for name, value in options.items()})
        override = self.settings(FIVEHUNDREDS=config)
        override.enable()
        self.addCleanup(override.disable)
        self.client_with_sdk = Client(raise_request_exception=False)
        self.client_with_sdk.get("/ok")  # the first request loads the middleware, which installs the SDK
        return fivehundreds.get_client()

    def without_sdk(self, path, **extra):
        with self.settings(MIDDLEWARE=settings.WITHOUT_SDK):
            self.assertIsNone(fivehundreds.get_client())
            return Client(raise_request_exception=False).get(path, **extra)

    def with_sdk(self, path, method="get", **extra):
        started = time.perf_counter()
        response = getattr(self.client_with_sdk, method)(path, **extra)
        return response, time.perf_counter() - started

    def assertSameResponse(self, expected, actual):
        self.assertEqual(expected.status_code, actual.status_code)
        self.assertEqual(expected.content, actual.content)
        self.assertEqual(expected.get("Content-Type"), actual.get("Content-Type"))
