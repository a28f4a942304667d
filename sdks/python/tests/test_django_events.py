"""What the middleware sends for a failing request, read back from a real local intake."""

import json
import os

from tests.servers import IntakeServer
from tests.support import DjangoSdkTestCase


class DjangoEventTests(DjangoSdkTestCase):
    def setUp(self):
        super().setUp()
        self.server = IntakeServer()
        self.addCleanup(self.server.stop)
        os.environ["FH_TEST_DATABASE_PASSWORD"] = "hunter2"
        self.addCleanup(os.environ.pop, "FH_TEST_DATABASE_PASSWORD")

    def send_one(self, path, method="get", **extra):
        client = self.use_sdk(self.server.url, release="shop@1.4.2", server_name="web-1")
        response, _ = self.with_sdk(path, method, **extra)
        self.assertEqual(500, response.status_code)
        self.assertTrue(client.flush(5))
        self.assertEqual(1, len(self.server.requests))
        return self.server.requests[0]

    def test_an_unhandled_view_exception_is_sent_gzipped_with_the_key(self):
        request = self.send_one("/boom")

        self.assertEqual("gzip", request.headers["Content-Encoding"])
        self.assertEqual("test-key", request.headers["X-Monolynx-Key"])
        event = request.event
        self.assertEqual(("python", "error", "shop@1.4.2", "web-1"),
                         (event["platform"], event["level"], event["release"], event["server_name"]))
        self.assertEqual({"name": "fivehundreds.python", "version": "0.1.0"}, event["sdk"])
        self.assertEqual(36, len(event["event_id"]))

    def test_frames_end_at_the_view_which_is_the_only_app_frame(self):
        value = self.send_one("/boom").event["exception"]["values"][-1]

        self.assertEqual(("ZeroDivisionError", "division by zero"), (value["type"], value["value"]))
        frames = value["stacktrace"]["frames"]
        view = frames[-1]
        self.assertEqual(("tests/djangoapp/views.py", "boom", "tests.djangoapp.views", True),
                         (view["filename"], view["function"], view["module"], view["in_app"]))
        self.assertEqual('    return HttpResponse(str(1 / int(request.GET.get("divisor", "0"))))', view["context_line"])
        self.assertTrue(frames[0]["filename"].startswith("django/"))
        self.assertEqual([False] * (len(frames) - 1), [f["in_app"] for f in frames[:-1]])

    def test_the_request_arrives_with_secret_headers_filtered(self):
        request = self.send_one("/boom?divisor=0&access_token=abc", HTTP_AUTHORIZATION="Bearer xyz",
                                HTTP_X_API_TOKEN="t0ps3cret", HTTP_USER_AGENT="pytest-ish")
        data = request.event["request"]

        self.assertEqual(("GET", "divisor=0&access_token=%5BFiltered%5D"), (data["method"], data["query_string"]))
        self.assertEqual("http://testserver/boom?divisor=0&access_token=%5BFiltered%5D", data["url"])
        self.assertEqual("[Filtered]", data["headers"]["Authorization"])
        self.assertEqual("[Filtered]", data["headers"]["X-Api-Token"])
        self.assertEqual("pytest-ish", data["headers"]["User-Agent"])
        self.assertNotIn(b"xyz", request.body)

    def test_environment_variables_arrive_with_secrets_filtered(self):
        environment = self.send_one("/boom").event["environment"]

        self.assertEqual("[Filtered]", environment["FH_TEST_DATABASE_PASSWORD"])
        self.assertEqual("tests.djangoapp.settings", environment["DJANGO_SETTINGS_MODULE"])

    def test_a_posted_form_is_sent_with_secret_fields_filtered(self):
        request = self.send_one("/boom-post", "post", data={"order": "42", "password": "hunter2"})
        event = request.event

        self.assertEqual({"order": "42", "password": "[Filtered]"}, event["request"]["data"])
        self.assertEqual("could not process order 42", event["exception"]["values"][-1]["value"])

    def assert_body_not_sent(self, data, content_type):
        request = self.send_one("/boom-post", "post", data=data, content_type=content_type)

        self.assertNotIn("data", request.event["request"])
        self.assertNotIn("hunter2", json.dumps(request.event))

    def test_a_text_body_is_not_sent_raw(self):
        self.assert_body_not_sent("password=hunter2", "text/plain")

    def test_json_that_does_not_parse_is_not_sent_raw(self):
        self.assert_body_not_sent('{"password": "hunter2"', "application/json")

    def test_a_body_over_the_cap_is_not_sent(self):
        request = self.send_one("/boom-post", "post", data="x" * 9000, content_type="text/plain")

        self.assertEqual("[body of 9000 bytes not sent]", request.event["request"]["data"])

    def test_capture_message_and_a_handled_exception_are_sent_too(self):
        import fivehundreds
        client = self.use_sdk(self.server.url)
        message_id = fivehundreds.capture_message("cache warmed", level="warning")
        try:
            {}["missing"]
        except KeyError:
            exception_id = fivehundreds.capture_exception()

        self.assertTrue(client.flush(5))
        events = {r.event["event_id"]: r.event for r in self.server.requests}
        self.assertEqual(("cache warmed", "warning"), (events[message_id]["message"], events[message_id]["level"]))
        self.assertEqual("KeyError", events[exception_id]["exception"]["values"][0]["type"])
