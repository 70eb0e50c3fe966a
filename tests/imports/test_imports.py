import io

import pytest
from celery import current_app
from django.urls import reverse
from openpyxl import load_workbook

from imports import services, tasks
from imports.forms import UploadForm
from imports.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from prospects.models import Company

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, name, content, **fields):
    data = {"file": files.upload(name, content), "source": "Salon 2012", **fields}
    return client.post(reverse("imports:import_start"), data)


def _batch():
    return ImportBatch.objects.get()


def _rows(batch):
    return {row.line: row for row in ImportRow.objects.filter(batch=batch)}


def _confirm(client, batch):
    return client.post(reverse("imports:batch_confirm", args=[batch.pk]))


def test_template_csv_is_previewed_then_imported(direction_client, direction):
    content = files.csv_bytes(
        files.TEMPLATE_HEADER,
        [
            ["Scierie du Gévaudan", files.siret(1001), "16.10A", "12", "48000", "Mende", "12 route de Mende"],
            ["Salaisons de Lozère", "", "1013B", "03", "48100", "Marvejols", ""],
        ],
    )
    response = _upload(direction_client, "liste.csv", content, owner=direction.pk)
    batch = _batch()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    assert (batch.status, batch.layout, batch.new_count, batch.error_count) == ("preview", "template", 2, 0)
    assert Company.objects.count() == 0  # nothing written before confirmation

    preview = direction_client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert "Scierie du Gévaudan" in preview.content.decode() and "Nouvelle" in preview.content.decode()

    _confirm(direction_client, batch)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.imported_through_line) == ("done", 2, 3)
    assert (
        direction_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode().count(">importée<") == 2
    )
    scierie = Company.objects.get(name="Scierie du Gévaudan")
    assert scierie.sector.slug == "bois"
    assert (scierie.department, scierie.commune_code, scierie.siren) == ("48", "48095", scierie.siret[:9])
    assert (scierie.owner, scierie.source, scierie.workforce_band) == (direction, "Salon 2012", "12")
    assert scierie.normalized_name == "scierie du gevaudan" and "mende" in scierie.search_text
    salaisons = Company.objects.get(name="Salaisons de Lozère")
    assert (salaisons.naf_code_id, salaisons.sector.slug) == ("10.13B", "agroalimentaire")


def test_sirene_extract_is_recognised_and_mapped(direction_client):
    content = files.csv_bytes(
        files.SIRENE_HEADER,
        [
            files.sirene_row(2001, name="BOIS DE LA MARGERIDE"),
            files.sirene_row(2002, last="DUPONT", first="JEAN", legal="1000", naf="43.32A"),
            files.sirene_row(2003, last="SECRET", first="PAUL", legal="1000", status="P"),
            files.sirene_row(2004, name="FERMEE SA", state="F"),
        ],
    )
    _upload(direction_client, "sirene.csv", content)
    batch = _batch()
    assert batch.layout == "sirene"
    rows = _rows(batch)
    assert [rows[line].status for line in (2, 3, 4, 5)] == ["new", "new", "new", "error"]
    assert "Établissement fermé" in rows[5].errors[0]
    _confirm(direction_client, batch)
    margeride = Company.objects.get(siret=files.siret(2001))
    assert (margeride.name, margeride.address, margeride.legal_form) == (
        "BOIS DE LA MARGERIDE",
        "12 route DE MENDE",
        "5710",
    )
    assert margeride.sector.slug == "bois"
    assert Company.objects.get(siret=files.siret(2002)).name == "JEAN DUPONT"


def test_non_public_sirene_records_are_imported_without_personal_data(direction_client):
    content = files.csv_bytes(
        files.SIRENE_HEADER, [files.sirene_row(3001, last="SECRET", first="PAUL", legal="1000", status="P")]
    )
    _upload(direction_client, "sirene.csv", content)
    _confirm(direction_client, _batch())
    company = Company.objects.get(siret=files.siret(3001))
    assert "SECRET" not in company.name and "PAUL" not in company.name
    assert company.name == f"Entrepreneur individuel {files.siret(3001)}"
    assert (company.address, company.phone) == ("", "")
    assert "secret" not in company.search_text
    assert (company.postcode, company.legal_form) == ("48000", "1000")


def test_semicolon_windows_1252_file_with_accents(direction_client):
    content = files.csv_bytes(
        files.TEMPLATE_HEADER,
        [["Scierie Cévenole Frères", files.siret(4001), "16.10A", "11", "48000", "Mende", "Château d'eau"]],
        delimiter=";",
        encoding="cp1252",
    )
    _upload(direction_client, "excel.csv", content)
    batch = _batch()
    assert (batch.encoding, batch.delimiter, batch.new_count) == ("cp1252", ";", 1)
    _confirm(direction_client, batch)
    company = Company.objects.get()
    assert (company.name, company.address) == ("Scierie Cévenole Frères", "Château d'eau")


def test_utf8_with_bom(direction_client):
    content = b"\xef\xbb\xbf" + files.csv_bytes(
        files.TEMPLATE_HEADER, [["Aéro Lozère", "", "30.30Z", "", "48200", "", ""]]
    )
    _upload(direction_client, "bom.csv", content)
    batch = _batch()
    assert (batch.encoding, batch.new_count) == ("utf-8-sig", 1)


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
    ids=["excel-unicode-text", "big-endian", "without-mark"],
)
def test_utf16_files_as_excel_saves_unicode_text_are_read(direction_client, encoding, mark):
    content = mark + files.csv_bytes(
        files.TEMPLATE_HEADER,
        [["Scierie Cévenole", files.siret(4101), "16.10A", "11", "48000", "Mende", "Œuvre d'art"]],
        delimiter="\t",
        encoding=encoding,
    )
    _upload(direction_client, "unicode.txt", content)
    batch = _batch()
    assert (batch.encoding, batch.delimiter, batch.new_count, batch.error_count) == ("utf-16", "\t", 1, 0)
    _confirm(direction_client, batch)
    assert Company.objects.get().address == "Œuvre d'art"


def test_the_csv_parser_speaks_french_with_the_line(direction_client):
    content = b'Raison sociale,Notes\r\nScierie,ok\r\nMenuiserie,"' + b"y" * 140_000 + b"\r\n"
    response = _upload(direction_client, "long.csv", content)
    text = response.content.decode()
    assert "mal formé à la ligne 3" in text
    assert "field larger" not in text
    assert not ImportBatch.objects.exists()


BAD_ROWS = [
    ["Bonne Entreprise", files.siret(5001), "16.10A", "12", "48000", "Mende", ""],
    ["Mauvais SIRET", files.bad_siret(5002), "16.10A", "12", "48000", "Mende", ""],
    ["NAF inconnu", files.siret(5003), "99.99Z", "12", "48000", "Mende", ""],
    ["", files.siret(5004), "16.10A", "12", "48000", "Mende", ""],
    ["Code postal faux", "", "16.10A", "12", "4800A", "Mende", ""],
    ["Code postal inconnu", "", "16.10A", "12", "99999", "", ""],
]


def test_bad_rows_are_listed_with_their_reason(direction_client):
    _upload(direction_client, "erreurs.csv", files.csv_bytes(files.TEMPLATE_HEADER, BAD_ROWS))
    batch = _batch()
    assert (batch.new_count, batch.error_count) == (1, 5)
    rows = _rows(batch)
    assert "clé de contrôle" in " ".join(rows[3].errors)
    assert "Le code NAF 99.99Z n'existe pas." in rows[4].errors
    assert "Raison sociale manquante." in rows[5].errors
    assert any("5 chiffres" in error for error in rows[6].errors)
    assert "Le code postal 99999 n'existe pas." in rows[7].errors
    body = direction_client.get(reverse("imports:batch_detail", args=[batch.pk]), {"statut": "error"}).content.decode()
    assert "Raison sociale manquante." in body and "Bonne Entreprise" not in body


def test_all_or_nothing_writes_nothing_when_the_file_has_errors(direction_client):
    _upload(direction_client, "erreurs.csv", files.csv_bytes(files.TEMPLATE_HEADER, BAD_ROWS), all_or_nothing="on")
    batch = _batch()
    response = _confirm(direction_client, batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED
    assert Company.objects.count() == 0
    followed = direction_client.get(response["Location"])
    assert "rien n&#x27;a été importé" in followed.content.decode()


def test_without_all_or_nothing_the_valid_rows_are_imported(direction_client):
    _upload(direction_client, "erreurs.csv", files.csv_bytes(files.TEMPLATE_HEADER, BAD_ROWS))
    _confirm(direction_client, _batch())
    assert list(Company.objects.values_list("name", flat=True)) == ["Bonne Entreprise"]


def test_same_siret_updates_and_same_name_is_a_probable_duplicate(direction_client, mission):
    existing = Company.objects.create(name="Scierie Ancienne", siret=files.siret(6001), owner=mission, source="Avant")
    twin = Company.objects.create(name="Menuiserie Martin SARL", postcode="48000", normalized_name="menuiserie martin")
    content = files.csv_bytes(
        files.TEMPLATE_HEADER,
        [
            ["Scierie Nouvelle", files.siret(6001), "16.10A", "21", "48000", "Mende", ""],
            ["Menuiserie MARTIN", "", "16.23Z", "", "48000", "Mende", ""],
            ["Menuiserie Martin", "", "16.23Z", "", "48100", "Marvejols", ""],
        ],
    )
    _upload(direction_client, "maj.csv", content)
    batch = _batch()
    rows = _rows(batch)
    assert [rows[line].status for line in (2, 3, 4)] == ["update", "duplicate", "new"]
    assert rows[3].company_id == twin.pk
    _confirm(direction_client, batch)
    existing.refresh_from_db()
    assert (existing.name, existing.workforce_band, existing.sector.slug) == ("Scierie Nouvelle", "21", "bois")
    assert (existing.owner, existing.source) == (mission, "Avant")  # owner and source kept on updates
    assert Company.objects.filter(normalized_name="menuiserie martin").count() == 2


def test_same_siret_twice_in_the_file_is_an_error(direction_client):
    value = files.siret(7001)
    content = files.csv_bytes(
        files.TEMPLATE_HEADER, [["Une", value, "", "", "48000", "", ""], ["Deux", value, "", "", "48000", "", ""]]
    )
    _upload(direction_client, "double.csv", content)
    rows = _rows(_batch())
    assert rows[3].status == RowStatus.ERROR and "ligne 2" in rows[3].errors[0]


def test_xlsx_template_with_numbers_typed_by_excel(direction_client):
    content = files.xlsx_bytes(
        files.TEMPLATE_HEADER, [["Usinage du Lot", int(files.siret(8001)), "25.62A", 12, 48000, "Mende", None]]
    )
    _upload(direction_client, "liste.xlsx", content)
    batch = _batch()
    assert (batch.file_format, batch.new_count) == ("xlsx", 1)
    _confirm(direction_client, batch)
    company = Company.objects.get()
    assert (company.siret, company.postcode, company.sector.slug) == (files.siret(8001), "48000", "metallurgie")


def test_oversized_upload_is_refused_before_it_is_read(direction_client, settings):
    settings.UPLOAD_MAX_BYTES = 100
    content = files.csv_bytes(files.TEMPLATE_HEADER, [["Trop gros", "", "", "", "48000", "", "x" * 200]])
    response = _upload(direction_client, "gros.csv", content)
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_form_refuses_an_oversized_file_too(settings):
    settings.UPLOAD_MAX_BYTES = 100
    content = files.csv_bytes(files.TEMPLATE_HEADER, [["Trop gros", "", "", "", "48000", "", "x" * 200]])
    form = UploadForm(data={"source": "Test"}, files={"file": files.upload("gros.csv", content)})
    assert not form.is_valid()
    assert "dépasse la taille maximale" in form.errors["file"][0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ni un CSV ni un classeur XLSX"),
        ("vieux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "pas au format XLSX"),
        ("casse.xlsx", b"PK\x03\x04not really a zip", "illisible"),
        ("colonnes.csv", b"foo,bar\n1,2\n", "Colonnes non reconnues"),
        ("entete.csv", b"Raison sociale;SIRET;Code postal\r\n", "que la ligne d&#x27;en-tête"),
        ("entete-blanches.csv", b"Raison sociale;SIRET\r\n;\r\n\r\n", "que la ligne d&#x27;en-tête"),
        ("entete.xlsx", files.xlsx_bytes(["Raison sociale", "SIRET"], []), "que la ligne d&#x27;en-tête"),
        ("vide.csv", b"\r\n\r\n", "ne contient aucune ligne"),
        (
            "guillemet.csv",
            b'Raison sociale,Notes\r\nScierie,"' + b"x" * 140_000 + b"\r\n",
            "mal formé à la ligne",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message_and_write_nothing(direction_client, name, content, message):
    response = _upload(direction_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_large_files_go_to_the_worker_and_tasks_are_idempotent(
    direction_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INLINE_MAX_BYTES", 10)
    monkeypatch.setattr(services, "INLINE_MAX_ROWS", 0)
    queued = []
    step = {tasks.batch_analyse_task.name: "analyse", tasks.batch_import_task.name: "import"}
    monkeypatch.setattr(current_app, "send_task", lambda name, args: queued.append((step[name], *args)))
    content = files.csv_bytes(
        files.TEMPLATE_HEADER, [[f"Entreprise {n}", "", "16.10A", "", "48000", "", ""] for n in range(5)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        _upload(direction_client, "grand.csv", content)
    batch = _batch()
    assert queued == [("analyse", batch.pk)] and batch.status == BatchStatus.UPLOADED
    status = direction_client.get(reverse("imports:batch_status", args=[batch.pk])).json()
    assert status["running"] is True
    tasks.batch_analyse_task(batch.pk)
    tasks.batch_analyse_task(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.new_count, ImportRow.objects.count()) == ("preview", 5, 5)

    with django_capture_on_commit_callbacks(execute=True):
        _confirm(direction_client, batch)
    assert queued[-1] == ("import", batch.pk)
    tasks.batch_import_task(batch.pk)
    tasks.batch_import_task(batch.pk)
    assert Company.objects.count() == 5
    status = direction_client.get(reverse("imports:batch_status", args=[batch.pk])).json()
    assert (status["status"], status["percent"], status["created"], status["running"]) == ("done", 100, 5, False)


def test_an_interrupted_import_resumes_without_creating_twice(direction_client, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    content = files.csv_bytes(files.TEMPLATE_HEADER, [[f"Société {n}", "", "", "", "48000", "", ""] for n in range(5)])
    _upload(direction_client, "reprise.csv", content)
    batch = services.batch_confirm(batch=_batch(), actor=None)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING)
    services._import_chunk(batch.pk, [RowStatus.NEW])  # the worker died after one chunk
    assert Company.objects.count() == 2
    services.batch_import(batch_id=batch.pk)
    assert Company.objects.count() == 5
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("done", 5)


def test_template_download_has_the_french_columns(direction_client):
    response = direction_client.get(reverse("imports:template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header = next(workbook.active.iter_rows(values_only=True))
    assert header[:3] == ("Raison sociale", "SIRET", "Code NAF")
    csv_body = b"".join(direction_client.get(reverse("imports:template"), {"format": "csv"}).streaming_content)
    assert csv_body.decode("utf-8").startswith("\ufeffRaison sociale;SIRET;Code NAF")


@pytest.mark.parametrize("client_name", ["observer_client", "mission_client"])
def test_only_direction_imports(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("imports:import_start")).status_code == 403
    assert client.get(reverse("imports:template")).status_code == 403
    assert _upload(client, "liste.csv", b"Raison sociale\nX\n").status_code == 403
    assert not ImportBatch.objects.exists()


def test_direction_reaches_the_import_page_and_anonymous_is_sent_to_login(direction_client, client):
    assert direction_client.get(reverse("imports:import_start")).status_code == 200
    response = client.get(reverse("imports:import_start"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_unknown_batch_is_404(direction_client):
    assert direction_client.get(reverse("imports:batch_detail", args=[999])).status_code == 404
    assert direction_client.post(reverse("imports:batch_confirm", args=[999])).status_code == 404


def test_admin_lists_imports_and_sends_new_ones_to_the_import_page(admin_client_user):
    assert admin_client_user.get(reverse("admin:imports_importbatch_changelist")).status_code == 200
    response = admin_client_user.get(reverse("admin:imports_importbatch_add"))
    assert response.status_code == 302 and response["Location"] == reverse("imports:import_start")


def test_admin_company_list_links_to_the_import(admin_client_user):
    response = admin_client_user.get(reverse("admin:prospects_company_changelist"))
    assert response.status_code == 200
    assert reverse("imports:import_start") in response.content.decode()


def test_the_command_imports_a_file(tmp_path, direction):
    from django.core.management import call_command

    path = tmp_path / "sirene.csv"
    path.write_bytes(files.csv_bytes(files.SIRENE_HEADER, [files.sirene_row(9901, name="ACIERIE DU LOT")]))
    out = io.StringIO()
    call_command("import_targets", str(path), source="SIRENE", owner=direction.username, stdout=out)
    assert "1 new" in out.getvalue() and "1 created" in out.getvalue()
    assert Company.objects.get().owner == direction


def test_blank_lines_are_skipped_and_lines_keep_their_number(direction_client):
    content = b"Raison sociale;Code postal\r\n\r\nPremi\xe8re;48000\r\n;;\r\n;4800\r\n"
    _upload(direction_client, "trous.csv", content)
    rows = _rows(_batch())
    assert sorted(rows) == [3, 5]
    assert rows[3].status == RowStatus.NEW and rows[3].data["name"] == "Première"
    assert rows[5].status == RowStatus.ERROR


def test_formula_cells_without_a_value_are_reported_as_formulas(direction_client):
    content = files.xlsx_bytes(
        files.TEMPLATE_HEADER,
        [
            ['=CONCATENATE("Scierie ";"Chabert")', files.siret(4201), "16.10A", "11", "48000", "Mende", ""],
            ["Menuiserie Rouvière", files.siret(4202), "16.23Z", "11", "48000", "Mende", "=B3"],
            ["Charpentes du Causse", files.siret(4203), "16.10A", "11", "48000", "Mende", "Route de Rodez"],
        ],
    )
    _upload(direction_client, "formules.xlsx", content)
    batch = _batch()
    rows = _rows(batch)
    assert (batch.new_count, batch.error_count) == (1, 2)
    assert "contient une formule sans valeur calculée (« =CONCATENATE" in rows[2].errors[0]
    assert "« =B3 »" in rows[3].errors[0]
    assert "Raison sociale manquante" not in " ".join(rows[2].errors)
    assert rows[4].status == RowStatus.NEW
