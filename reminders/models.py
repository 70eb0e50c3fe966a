from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Relance attribuée")
    DIGEST = "digest", _("Récapitulatif quotidien")
    WEEKLY_OVERDUE = "weekly_overdue", _("Relances en retard (hebdomadaire)")
    BEFORE_SHOW = "before_show", _("Avant un salon")
    AFTER_SHOW = "after_show", _("Après un salon : contacts à saisir")
    UNFOLLOWED_LEADS = "unfollowed_leads", _("Après un salon : contacts sans relance")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    SKIPPED = "skipped", _("Sans objet")
    FAILED = "failed", _("Échec")
    # The send started and was cut before it was recorded: the email may
    # have left. Never resent by itself; a person decides in the admin.
    UNCERTAIN = "uncertain", _("Incertain")


class Reminder(models.Model):
    """One email owed to one person about one thing on one date.

    The row is inserted (claimed) before the email is sent; its unique key is
    what guarantees that a reminder goes out once, whatever the broker does.
    """

    kind = models.CharField(_("type"), max_length=20, choices=ReminderKind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("destinataire"), on_delete=models.CASCADE, related_name="reminders"
    )
    # What the reminder is about: a follow-up, an appearance, or the recipient
    # themself for the digests.
    content_type = models.ForeignKey(ContentType, verbose_name=_("type d'objet"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    target = GenericForeignKey("content_type", "object_id")
    on_date = models.DateField(_("pour le"))
    status = models.CharField(_("état"), max_length=10, choices=ReminderStatus, default=ReminderStatus.PENDING)
    # When a worker should next try: the scan queues again a pending reminder
    # whose time is long past (its message was lost).
    next_attempt_at = models.DateTimeField(_("prochain essai"))
    # Set while a worker sends it, so two workers never send it together; a
    # worker killed mid-send leaves it set, and after a lease the scan calls
    # the reminder uncertain.
    sending_since = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "content_type", "object_id", "on_date"], name="reminder_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False), name="reminder_sent_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminder_pending_idx"),
            models.Index(fields=["content_type", "object_id"], name="reminder_target_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.recipient} – {date_format(self.on_date, 'SHORT_DATE_FORMAT')}"
