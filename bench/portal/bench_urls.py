"""The product's URLs plus /bench/bare/: the smallest Django view, served by the same
process, through the same middleware, in the same run (the benchmark's yardstick)."""

from django.http import HttpResponse
from django.urls import path

from s2c.urls import handler404, handler500  # noqa: F401
from s2c.urls import urlpatterns as product_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
