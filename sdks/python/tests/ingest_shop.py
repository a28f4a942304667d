"""A small Django shop whose checkout view raises, generated into a release folder and run against a real
ingest. FiveHundreds.Tests/Sdks/DjangoSdkTests.cs runs it twice, in two release folders and with the raising
line moved in the second, and reads the events back through the triage API.

    /usr/bin/python3 tests/ingest_shop.py --endpoint URL --key KEY --release-dir DIR --shift N --times K

The request carries an X-Shop-Token header whose value is $SHOP_HEADER_SECRET. Prints a JSON summary and
exits 1 unless every event was acknowledged by the ingest.
"""

import argparse
import json
import os
import sys

SDK_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

VIEWS = '''{padding}from django.http import HttpResponse


def checkout(request):
    basket = {{"sku-1": 2}}
    return HttpResponse(basket["sku-" + request.GET.get("sku", "1")])
'''

URLS = '''from django.urls import path

from shop import views

urlpatterns = [path("checkout", views.checkout)]
'''


def write_release(release_dir, shift):
    package = os.path.join(release_dir, "shop")
    os.makedirs(package, exist_ok=True)
    files = {"__init__.py": "", "urls.py": URLS,
             "views.py": VIEWS.format(padding="# moved down by a release\n" * shift)}
    for name, text in files.items():
        with open(os.path.join(package, name), "w") as f:
            f.write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--release-dir", required=True)
    parser.add_argument("--shift", type=int, default=0)
    parser.add_argument("--times", type=int, default=1)
    args = parser.parse_args()

    release_dir = os.path.abspath(args.release_dir)
    write_release(release_dir, args.shift)
    sys.path[:0] = [release_dir, SDK_ROOT]

    from django.conf import settings
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ingest-shop-not-secret",
        ALLOWED_HOSTS=["shop.example"],
        ROOT_URLCONF="shop.urls",
        MIDDLEWARE=["fivehundreds.django.FiveHundredsMiddleware"],
        BASE_DIR=release_dir,
        FIVEHUNDREDS={"ENDPOINT": args.endpoint, "KEY": args.key,
                      "RELEASE": "shop@" + os.path.basename(release_dir), "SHUTDOWN_TIMEOUT": 10},
        LOGGING={"version": 1, "loggers": {"django.request": {"level": "CRITICAL"}}},
    )
    import django
    django.setup()
    from django.test import Client

    import fivehundreds

    client = Client(raise_request_exception=False, HTTP_HOST="shop.example")
    statuses = [client.get("/checkout", {"sku": "9"}, HTTP_X_SHOP_TOKEN=os.environ.get("SHOP_HEADER_SECRET", ""))
                .status_code for _ in range(args.times)]
    sdk = fivehundreds.get_client()
    drained = sdk.flush(30)
    summary = {"statuses": statuses, "drained": drained, "sent": sdk.sent, "failed": sdk.failed,
               "dropped": sdk.dropped}
    print(json.dumps(summary))
    return 0 if statuses == [500] * args.times and sdk.sent == args.times else 1


if __name__ == "__main__":
    sys.exit(main())
