"""Fault cases: whatever the intake does, the application's responses are those it gives without the SDK,
nothing is thrown into it, and no request waits for the network."""

import logging
import time

from tests.servers import IntakeServer, RawSocketServer, closed_port_url
from tests.support import DjangoSdkTestCase

# Far above a capture's cost (well under 1 ms) and far below the socket timeouts used here (5 s): a request
# that waited on the network at all would exceed it.
NO_WAIT = 0.5


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class ServerFaultTests(DjangoSdkTestCase):
    def start(self, server):
        self.addCleanup(server.stop)
        return server

    def test_server_down_leaves_the_response_unchanged_and_gives_up_after_the_retries(self):
        expected = self.without_sdk("/boom")
        client = self.use_sdk(closed_port_url(), max_retries=2)

        response, elapsed = self.with_sdk("/boom")

        self.assertSameResponse(expected, response)
        self.assertLess(elapsed, NO_WAIT)
        self.assertTrue(client.flush(5))
        self.assertEqual((0, 1), (client.sent, client.failed))

    def test_a_hanging_server_neither_slows_the_request_nor_holds_up_shutdown(self):
        server = self.start(RawSocketServer("hang"))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url, timeout=5)

        response, elapsed = self.with_sdk("/boom")

        self.assertSameResponse(expected, response)
        self.assertLess(elapsed, NO_WAIT)
        self.assertTrue(server.wait_for_connections(1))
        started = time.monotonic()
        client.close(timeout=0.3)
        # The worker is blocked reading a socket with a 5 s timeout; close aborts it.
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(1, client.dropped)

    def test_500s_are_retried_with_the_same_event_id_then_given_up(self):
        server = self.start(IntakeServer(respond=lambda index: (500, {})))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url, max_retries=2)

        response, elapsed = self.with_sdk("/boom")

        self.assertSameResponse(expected, response)
        self.assertLess(elapsed, NO_WAIT)
        self.assertTrue(client.flush(5))
        self.assertEqual(3, len(server.requests))
        self.assertEqual(1, len({r.event["event_id"] for r in server.requests}))
        self.assertEqual((0, 1), (client.sent, client.failed))

    def test_429_stops_every_send_until_retry_after_has_passed(self):
        server = self.start(IntakeServer(respond=lambda index: (429, {"Retry-After": "1"}) if index == 0 else (201, {})))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url)

        first, _ = self.with_sdk("/boom")
        self.assertTrue(wait_until(lambda: client._blocked_until > 0))  # the client has read the 429
        later = [self.with_sdk("/boom") for _ in range(3)]

        for response, elapsed in [(first, 0)] + later:
            self.assertSameResponse(expected, response)
            self.assertLess(elapsed, NO_WAIT)
        self.assertTrue(client.flush(5))
        self.assertEqual(5, len(server.requests))  # the limited event again, then the three new ones
        limited_at = server.requests[0].at
        self.assertTrue(all(r.at >= limited_at + 1.0 for r in server.requests[1:]),
                        [round(r.at - limited_at, 3) for r in server.requests])
        resent = [r.event["event_id"] for r in server.requests[1:]]
        self.assertEqual(1, resent.count(server.requests[0].event["event_id"]))  # either worker may send it first
        self.assertEqual((4, 0), (client.sent, client.failed))

    def test_garbage_answers_are_network_errors_retried_then_given_up(self):
        server = self.start(RawSocketServer("garbage"))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url, max_retries=1)

        response, elapsed = self.with_sdk("/boom")

        self.assertSameResponse(expected, response)
        self.assertLess(elapsed, NO_WAIT)
        self.assertTrue(client.flush(5))
        self.assertEqual(2, server.connections)
        self.assertEqual((0, 1), (client.sent, client.failed))

    def test_a_kept_alive_connection_the_server_closed_is_replaced_without_using_up_a_retry(self):
        server = self.start(RawSocketServer("close_after_answer"))
        client = self.use_sdk(server.url, max_retries=0)

        for _ in range(2):
            self.with_sdk("/boom")
            self.assertTrue(client.flush(5))
            time.sleep(0.1)  # the server has closed the connection the client keeps for the next event

        self.assertEqual((2, 0), (client.sent, client.failed))
        self.assertEqual(2, server.connections)

    def test_401_is_logged_once_and_not_retried(self):
        server = self.start(IntakeServer(respond=lambda index: (401, {})))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url)

        with self.assertLogs("fivehundreds", logging.WARNING) as logs:
            responses = [self.with_sdk("/boom")[0] for _ in range(2)]
            self.assertTrue(client.flush(5))

        for response in responses:
            self.assertSameResponse(expected, response)
        self.assertEqual(2, len(server.requests))
        self.assertEqual(1, len(logs.records))
        self.assertIn("401", logs.output[0])
        self.assertEqual((0, 2), (client.sent, client.failed))

    def test_a_full_queue_drops_the_oldest_and_counts_it(self):
        server = self.start(RawSocketServer("hang"))
        expected = self.without_sdk("/boom")
        client = self.use_sdk(server.url, timeout=5, queue_size=5)

        first_two = [self.with_sdk("/boom")[0] for _ in range(2)]
        self.assertTrue(server.wait_for_connections(2))  # both workers stuck on the silent server
        rest = [self.with_sdk("/boom?n=%d" % n)[0] for n in range(20)]

        for response in first_two + rest:
            self.assertSameResponse(expected, response)
        self.assertEqual(15, client.dropped)
        queued = [event["request"]["query_string"] for event in client._queue]
        self.assertEqual(["n=%d" % n for n in range(15, 20)], queued)  # the newest kept


class NoClientTests(DjangoSdkTestCase):
    def test_public_functions_without_a_client_return_none_and_do_not_throw(self):
        import fivehundreds
        self.assertIsNone(fivehundreds.capture_message("hello"))
        try:
            raise RuntimeError("x")
        except RuntimeError:
            self.assertIsNone(fivehundreds.capture_exception())
        self.assertTrue(fivehundreds.flush(0))

    def test_missing_settings_leave_the_application_running_without_the_sdk(self):
        expected = self.without_sdk("/boom")
        with self.settings(FIVEHUNDREDS={"ENDPOINT": "not a url", "KEY": "k"}):
            from django.test import Client
            client = Client(raise_request_exception=False)
            with self.assertLogs("fivehundreds", logging.WARNING):
                response = client.get("/boom")
            self.assertSameResponse(expected, response)
        import fivehundreds
        self.assertIsNone(fivehundreds.get_client())
