"""The product's URLs plus /bench/bare/: the smallest Django view, served by the same
process, through the same middleware, in the same run (the benchmark's yardstick)."""

from benchkit import with_bare

from s2c.urls import handler404, handler500  # noqa: F401
from s2c.urls import urlpatterns as product_urlpatterns

urlpatterns = with_bare(product_urlpatterns)
