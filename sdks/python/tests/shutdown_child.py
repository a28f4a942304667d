"""A Django process that fails `count` requests and exits at once: the SDK's exit hook must flush (bounded).

Run by tests/test_shutdown.py with the endpoint in FIVEHUNDREDS_TEST_ENDPOINT.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import tests  # noqa: E402,F401  (configures Django)
from django.test import Client  # noqa: E402

client = Client(raise_request_exception=False)
for _ in range(int(sys.argv[1])):
    print(client.get("/boom").status_code, flush=True)
print("exiting-at", time.time(), flush=True)  # the parent measures how long the exit took from here
