import importlib

import pytest
from django.apps import apps


@pytest.fixture
def reference_data():
    """The NAF codes and sectors the migrations load, back after a transactional test flushed them."""
    migration = importlib.import_module("prospects.migrations.0002_load_reference_data")
    migration.load(apps, None)
