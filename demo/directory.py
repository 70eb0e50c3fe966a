"""A small SIRENE directory for the demo: 3,000 generated establishments, loaded as a real file is.

So that a newcomer's « Annuaire », its signals and the « Dans l'annuaire
SIRENE » suggestions have something to show without downloading INSEE's
stock file. The rows are made by ``directory.fake`` (Lozère, Aveyron and a few
other départements; the NAF codes of wood, agri-food and metalwork) and read
by the same loader as ``sirene_load``; a directory already loaded is left as is.
"""

import io
import tempfile
from pathlib import Path

from directory.fake import fake_rows, write_rows
from directory.loading import load_files
from directory.models import Establishment

DEMO_ESTABLISHMENTS = 3_000
# Far from the SIRENs the demo companies use, so no generated row is one of them.
DEMO_FIRST_SIREN = 70_000_000


def seed():
    """Load the demo directory once; returns the number of establishments written (0 when one was there)."""
    if Establishment.objects.exists():
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "StockEtablissement_demo.csv"
        write_rows(fake_rows(DEMO_ESTABLISHMENTS, seed=48, first_siren=DEMO_FIRST_SIREN), path)
        load_files(paths=[str(path)], stderr=io.StringIO())
    return Establishment.objects.count()
