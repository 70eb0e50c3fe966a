from django.core.management.base import BaseCommand, CommandError

from directory.fake import fake_rows, write_rows


class Command(BaseCommand):
    help = "Écrit un fichier d'établissements SIRENE généré (colonnes INSEE, SIRET valides), CSV ou zip."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="nombre d'établissements")
        parser.add_argument("--out", required=True, help="fichier à écrire (.csv ou .zip)")
        parser.add_argument("--geo", action="store_true", help="ajouter les colonnes latitude/longitude (géo-SIRENE)")
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, count, out, geo, seed, **options):
        if count < 1:
            raise CommandError("Le nombre d'établissements doit être positif.")
        write_rows(fake_rows(count, seed=seed), out, geo=geo)
        self.stdout.write(f"{count} établissements écrits dans {out}")
