"""An uploaded XLSX is parsed with defusedxml: an XML bomb is refused with a French message (issue #19, L8)."""

import io
import re
import zipfile

import openpyxl.xml
import pytest
from django.urls import reverse

from imports import services
from imports.models import BatchStatus, ImportBatch
from prospects.models import Company

from . import files

pytestmark = pytest.mark.django_db

LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _bomb(member):
    """A real workbook whose ``member`` part declares the billion-laughs entities and uses the last one."""
    source = files.xlsx_bytes(files.TEMPLATE_HEADER, [["Scierie", "", "", "", "48000", "Mende", ""]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == member:
                body = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode())
                # The last entity stands where the parser must expand it: in the first element's text.
                body = re.sub(r"^(<[^>]+>)", r"\1&lol9;", body, count=1)
                data = (LAUGHS + body).encode()
            bomb.writestr(item, data)
    return out.getvalue()


def test_openpyxl_reads_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_a_billion_laughs_workbook_is_refused_on_upload_with_a_french_error(direction_client, member):
    response = direction_client.post(
        reverse("imports:import_start"), {"file": files.upload("liste.xlsx", _bomb(member)), "source": "Salon"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Ce classeur XLSX est illisible ou endommagé."]
    assert not ImportBatch.objects.exists() and not Company.objects.exists()


def test_a_bomb_reaching_the_analysis_fails_the_batch_with_the_same_message(direction):
    """A file stored before this check (or sent to the service directly) is refused by the analysis too."""
    batch = services.batch_create(
        uploaded_file=files.upload("liste.xlsx", _bomb("xl/worksheets/sheet1.xml")),
        created_by=direction,
        source="Salon",
    )
    services.batch_analyse(batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.errors == ["Ce classeur XLSX est illisible ou endommagé."]
    assert not Company.objects.exists()
