import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")
application = get_wsgi_application()

from emulation.checks import refuse_insecure_production  # noqa: E402

refuse_insecure_production()

# The cyclic garbage collector paused big pages (a year setup of 28 clusters, a 60-criterion
# scorecard) for 50-150 ms at the 95th percentile. What is loaded by now lives as long as
# the process, so it is frozen out of the collector's passes, and a request's many small
# objects no longer trigger a pass every 700 allocations (docs/performance.md).
gc.freeze()
gc.set_threshold(50_000, 20, 20)
