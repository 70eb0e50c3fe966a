"""Calendar tokens: keep only their SHA-256, so that the database opens no feed.

Existing tokens are hashed in place: the addresses people subscribed to keep
working, since the feed hashes the token of the address it is given.
"""

import hashlib

from django.db import migrations, models


def hash_clear_tokens(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.exclude(calendar_token_hash=None).only("pk", "calendar_token_hash"):
        digest = hashlib.sha256(profile.calendar_token_hash.encode("ascii")).hexdigest()
        Profile.objects.filter(pk=profile.pk).update(calendar_token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_two_factor_device_admin"),
    ]

    operations = [
        migrations.RenameField(model_name="profile", old_name="calendar_token", new_name="calendar_token_hash"),
        migrations.AlterField(
            model_name="profile",
            name="calendar_token_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="empreinte du jeton du calendrier",
            ),
        ),
        # Not reversible in meaning: a digest cannot be turned back into its token.
        migrations.RunPython(hash_clear_tokens, migrations.RunPython.noop),
    ]
