"""The suite's settings: lozdev.settings read with DJANGO_ENV=test.

Test mode queues Celery messages in memory unless a broker is given, and
hashes passwords fast.
"""

import os

os.environ.setdefault("DJANGO_ENV", "test")

from .settings import *  # noqa: E402, F403
