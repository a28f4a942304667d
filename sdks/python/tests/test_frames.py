import json
import os
import sysconfig
import unittest

import django

from fivehundreds.frames import FrameClassifier, exception_values

APP_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # sdks/python


def _parse_broken_json():
    return json.loads("{not json")


class FrameClassifierTests(unittest.TestCase):
    def setUp(self):
        self.classifier = FrameClassifier("/srv/shop/releases/142")

    def test_a_file_under_the_app_root_is_app_code_named_without_the_release_folder(self):
        self.assertEqual(("shop/views.py", True),
                         self.classifier.classify("/srv/shop/releases/142/shop/views.py", "shop.views"))

    def test_dist_packages_and_site_packages_are_library_code_named_from_the_package(self):
        self.assertEqual(("django/core/handlers/base.py", False), self.classifier.classify(
            "/usr/lib/python3/dist-packages/django/core/handlers/base.py", "django.core.handlers.base"))
        self.assertEqual(("requests/api.py", False), self.classifier.classify(
            "/srv/shop/releases/142/.venv/lib/python3.11/site-packages/requests/api.py", "requests.api"))

    def test_the_standard_library_is_library_code(self):
        path = os.path.join(sysconfig.get_paths()["stdlib"], "json", "decoder.py")
        self.assertEqual(("json/decoder.py", False), self.classifier.classify(path, "json.decoder"))

    def test_frozen_modules_are_library_code(self):
        self.assertFalse(self.classifier.classify("<frozen importlib._bootstrap>", "importlib._bootstrap")[1])

    def test_app_code_outside_the_root_is_named_from_its_module_so_the_unpack_folder_does_not_matter(self):
        self.assertEqual(("billing/tasks.py", True),
                         self.classifier.classify("/opt/deploy/7/billing/tasks.py", "billing.tasks"))
        self.assertEqual(("billing/__init__.py", True),
                         self.classifier.classify("/opt/deploy/7/billing/__init__.py", "billing"))

    def test_the_sdk_itself_is_not_app_code(self):
        self.assertFalse(self.classifier.classify("/opt/x/fivehundreds/client.py", "fivehundreds.client")[1])


class ExceptionValuesTests(unittest.TestCase):
    def test_frames_run_oldest_first_with_context_and_in_app_decided(self):
        try:
            _parse_broken_json()
        except ValueError as e:
            values = exception_values(e, FrameClassifier(APP_ROOT), 2)
        self.assertEqual(1, len(values))
        value = values[0]
        self.assertEqual("JSONDecodeError", value["type"])
        self.assertEqual("json.decoder", value["module"])
        frames = value["stacktrace"]["frames"]
        self.assertEqual("test_frames_run_oldest_first_with_context_and_in_app_decided", frames[0]["function"])
        self.assertEqual("tests/test_frames.py", frames[0]["filename"])
        self.assertTrue(frames[0]["in_app"])
        self.assertEqual("_parse_broken_json", frames[1]["function"])
        self.assertEqual('    return json.loads("{not json")', frames[1]["context_line"])
        self.assertEqual(2, len(frames[1]["pre_context"]))
        self.assertTrue(all(not f["in_app"] for f in frames[2:]))
        self.assertTrue(frames[-1]["filename"].startswith("json/"))

    def test_the_chain_lists_the_cause_first(self):
        try:
            try:
                raise KeyError("sku")
            except KeyError as cause:
                raise RuntimeError("checkout failed") from cause
        except RuntimeError as e:
            values = exception_values(e, FrameClassifier(APP_ROOT), 0)
        self.assertEqual(["KeyError", "RuntimeError"], [v["type"] for v in values])
        self.assertNotIn("pre_context", values[0]["stacktrace"]["frames"][0])

    def test_a_broken_str_does_not_lose_the_exception(self):
        class Unprintable(Exception):
            def __str__(self):
                raise RuntimeError("no")

        try:
            raise Unprintable()
        except Unprintable as e:
            values = exception_values(e, FrameClassifier(APP_ROOT), 1)
        self.assertEqual("<unprintable Unprintable>", values[0]["value"])

    def test_django_frames_are_library_frames(self):
        django_file = os.path.join(os.path.dirname(django.__file__), "core", "handlers", "base.py")
        self.assertEqual(("django/core/handlers/base.py", False),
                         FrameClassifier(APP_ROOT).classify(django_file, "django.core.handlers.base"))
