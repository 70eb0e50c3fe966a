"""The lock files say what the .in files ask for: a pin changed without `make lock` fails here."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def _pins(path):
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(Path(path).read_text())}


def _hashed_blocks(path):
    return re.split(r"\n(?=[A-Za-z0-9])", Path(path).read_text().strip())


@pytest.mark.parametrize(
    ("direct", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_every_direct_pin_is_in_its_lock_file_with_hashes(direct, lock):
    base = Path(settings.BASE_DIR)
    locked = _pins(base / lock)
    wanted = _pins(base / direct)
    if direct == "requirements-dev.in":
        wanted |= _pins(base / "requirements.in")
    assert wanted, direct
    assert {name: locked.get(name) for name in wanted} == wanted
    for block in _hashed_blocks(base / lock):
        if not block.startswith("#"):
            assert "--hash=sha256:" in block, block.splitlines()[0]
