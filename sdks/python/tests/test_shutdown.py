"""Shutdown: a process that exits right after its requests failed flushes what is queued, for at most
SHUTDOWN_TIMEOUT seconds, even when the intake never answers."""

import os
import subprocess
import sys
import time
import unittest

from tests.servers import IntakeServer, RawSocketServer

CHILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shutdown_child.py")


def run_child(endpoint, count, shutdown_timeout, timeout=2.0):
    """Runs the child; returns its result, the status codes it printed and how long its exit took."""
    env = dict(os.environ, FIVEHUNDREDS_TEST_ENDPOINT=endpoint, FIVEHUNDREDS_TEST_SHUTDOWN_TIMEOUT=str(shutdown_timeout),
               FIVEHUNDREDS_TEST_TIMEOUT=str(timeout))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, CHILD, str(count)], env=env, capture_output=True, text=True, timeout=60)
    ended = time.time()
    lines = result.stdout.split("\n")
    exiting_at = next((float(l.split()[1]) for l in lines if l.startswith("exiting-at")), ended)
    return result, [l for l in lines if l and not l.startswith("exiting-at")], ended - exiting_at


class ShutdownTests(unittest.TestCase):
    def test_events_queued_at_exit_are_flushed_before_the_process_ends(self):
        server = IntakeServer(delay=0.2)  # slower than the process takes to exit after its last request
        self.addCleanup(server.stop)

        result, statuses, _ = run_child(server.url, 4, shutdown_timeout=5)

        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(["500"] * 4, statuses)
        self.assertEqual(4, len(server.requests))
        self.assertEqual(4, len({r.event["event_id"] for r in server.requests}))

    def test_exit_waits_no_longer_than_the_shutdown_timeout_when_the_intake_hangs(self):
        server = RawSocketServer("hang")
        self.addCleanup(server.stop)

        result, statuses, exit_took = run_child(server.url, 3, shutdown_timeout=1, timeout=30)

        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(["500"] * 3, statuses)
        self.assertTrue(server.wait_for_connections(2))
        # Waited for the flush (1 s), then stopped the workers blocked on 30 s socket reads.
        self.assertGreaterEqual(exit_took, 0.95)
        self.assertLess(exit_took, 2.5)
