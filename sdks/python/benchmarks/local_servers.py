"""Runs a recording intake and a hanging server in their own process, so that their threads do not compete
with the benchmarked requests for the interpreter lock. Prints both URLs, then serves until stdin closes."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.servers import IntakeServer, RawSocketServer  # noqa: E402

intake = IntakeServer()
hang = RawSocketServer("hang")
print(intake.url, hang.url, flush=True)
sys.stdin.read()
