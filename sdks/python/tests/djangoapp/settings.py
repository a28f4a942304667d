"""A minimal Django project the SDK's tests run requests through (no database needed)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # sdks/python: frames under it are app frames
SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "tests.djangoapp.urls"
INSTALLED_APPS = []
DATABASES = {}
USE_TZ = True

WITHOUT_SDK = ["django.middleware.common.CommonMiddleware"]
MIDDLEWARE = ["fivehundreds.django.FiveHundredsMiddleware"] + WITHOUT_SDK

# Tests override this per case; the shutdown child process gets its endpoint from the environment.
FIVEHUNDREDS = {
    "ENDPOINT": os.environ.get("FIVEHUNDREDS_TEST_ENDPOINT", "http://127.0.0.1:9"),
    "KEY": os.environ.get("FIVEHUNDREDS_TEST_KEY", "test-key"),
    "SHUTDOWN_TIMEOUT": float(os.environ.get("FIVEHUNDREDS_TEST_SHUTDOWN_TIMEOUT", "2")),
    "TIMEOUT": float(os.environ.get("FIVEHUNDREDS_TEST_TIMEOUT", "2")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs every 500 with its traceback on django.request: expected here, and noise in test output.
    "loggers": {"django.request": {"level": "CRITICAL"}},
}
