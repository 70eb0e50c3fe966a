"""What the benchmarks share: the environment Django is set up in, and the benchmark databases."""

import os
import platform
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"


def database_url_for(companies):
    """The database of one size: lozdev_bench_<companies>, unless DATABASE_URL names one explicitly."""
    return os.environ.get("DATABASE_URL") or f"{SERVER_URL}/lozdev_bench_{companies}"


def configure_environment(database_url):
    """Django's settings as production runs them (DEBUG off), emails and Celery messages kept in memory."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "lozdev.settings"
    os.environ["DEBUG"] = "0"
    # The bench's users sign in with force_login: the second factor is not
    # what is measured (its middleware still runs on every page).
    os.environ["OTP_DEMO_BYPASS"] = "1"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def require_postgresql(url):
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"The benchmarks measure PostgreSQL: set DATABASE_URL=postgres://… (got {url})")


def create_database_if_missing(url):
    """Create the database named by ``url``; True when it was created, False when it existed."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    params = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"Created database {name}.", file=sys.stderr)
    return True


def machine_description():
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpus} CPU {model}".strip() + f", Python {platform.python_version()}"


def load_average():
    """The machine's 1-minute load: figures taken on a busy machine are slower, and say so."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None
