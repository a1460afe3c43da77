"""The product's URLs plus /bench/bare/, and the bench's search types registered when the
server loads its URLs (before its first request is answered)."""

import bench_types
from benchkit import with_bare

from s2c.urls import handler404, handler500  # noqa: F401
from s2c.urls import urlpatterns as product_urlpatterns

bench_types.register()
urlpatterns = with_bare(product_urlpatterns)
