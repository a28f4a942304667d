"""Tests of the FiveHundreds Python SDK. Run from sdks/python with Debian's Django:

    /usr/bin/python3 -m unittest discover -s tests -t .
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.djangoapp.settings")
django.setup()
