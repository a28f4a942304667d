import json
import unittest
from pathlib import Path

from fivehundreds.scrubbing import FILTERED, Scrubber

# The table the intake's and the .NET SDK's tests read too; its "sdks" rows are the name rule.
CASES = json.loads((Path(__file__).resolve().parents[3] / "testdata" / "scrubbing-cases.json").read_text())["cases"]


class ScrubberTests(unittest.TestCase):
    def test_the_name_rows_of_the_shared_table(self):
        rows = [c for c in CASES if c.get("sdks")]
        self.assertTrue(rows)
        for case in rows:
            with self.subTest(case["case"]):
                scrubbed = Scrubber(case.get("extra_names", ())).scrub({case["name"]: case["value"]})
                self.assertEqual(case["stored"], scrubbed[case["name"]])

    def test_exact_header_names_are_secret_in_any_case(self):
        scrubber = Scrubber()
        for name in ("Authorization", "cookie", "Set-Cookie", "X-MONOLYNX-KEY"):
            self.assertTrue(scrubber.is_secret(name), name)

    def test_names_containing_a_fragment_are_secret(self):
        scrubber = Scrubber()
        for name in ("DATABASE_PASSWORD", "db_passwd", "AWS_SECRET_ACCESS_KEY", "X-Csrf-Token", "STRIPE_API_KEY",
                     "X-Api-Key", "apikey", "Proxy-Authenticate", "GOOGLE_CREDENTIALS", "sessionid",
                     "PRIVATE_KEY_PATH"):
            self.assertTrue(scrubber.is_secret(name), name)

    def test_ordinary_names_are_kept(self):
        scrubber = Scrubber()
        for name in ("User-Agent", "Content-Type", "PATH", "DJANGO_SETTINGS_MODULE", "HOME", "X-Request-Id"):
            self.assertFalse(scrubber.is_secret(name), name)

    def test_extra_names_from_the_options_are_matched_as_fragments(self):
        scrubber = Scrubber(["ssn", "X-Customer-Pin"])
        self.assertTrue(scrubber.is_secret("CUSTOMER_SSN"))
        self.assertTrue(scrubber.is_secret("x-customer-pin"))
        self.assertFalse(Scrubber().is_secret("CUSTOMER_SSN"))

    def test_scrub_keeps_the_name_and_replaces_the_value(self):
        scrubbed = Scrubber().scrub({"Cookie": "sessionid=abc", "Accept": "text/html", "RETRIES": 3})
        self.assertEqual({"Cookie": FILTERED, "Accept": "text/html", "RETRIES": "3"}, scrubbed)

    def test_request_data_is_scrubbed_at_every_depth(self):
        data = {"user": {"name": "ann", "password": "hunter2"}, "items": [{"card_token": "tok_1"}]}
        self.assertEqual({"user": {"name": "ann", "password": FILTERED}, "items": [{"card_token": FILTERED}]},
                         Scrubber().scrub_data(data))
