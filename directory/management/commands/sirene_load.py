import datetime

from django.core.management.base import BaseCommand, CommandError

from directory.loading import load_files
from directory.sirene import Filters, SireneFileError, parse_departments, parse_naf_prefixes


def _month(text):
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"Mois « {text} » non reconnu (format attendu : 2026-11).") from None


class Command(BaseCommand):
    help = (
        "Charge dans l'annuaire le fichier des établissements SIRENE (StockEtablissement, CSV ou zip) "
        "ou un extrait géo-SIRENE ; relancé avec le fichier du mois suivant, il met à jour et note les signaux."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--departements", default="", help="ex. 48,12 : ne garder que ces départements")
        parser.add_argument("--naf", default="", help="ex. 16,10.1,24 : ne garder que ces préfixes NAF")
        parser.add_argument("--actifs", action="store_true", help="ne garder que les établissements actifs")
        parser.add_argument("--mois", type=_month, default=None, help="mois du fichier (2026-11) ; ce mois-ci sinon")

    def handle(self, *args, files, departements, naf, actifs, mois, **options):
        filters = Filters(parse_departments(departements), parse_naf_prefixes(naf), actifs)
        try:
            result = load_files(paths=files, filters=filters, month=mois, stderr=self.stderr)
        except SireneFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{result.rows_read} lignes lues, {result.rows_kept} retenues, {result.created} établissements "
            f"nouveaux, {len(result.changes)} signaux."
        )
