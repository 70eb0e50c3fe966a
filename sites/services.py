"""Every write to the property offer goes through here: screens, admin and demo data alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import models

if TYPE_CHECKING:
    from prospects.models import Project

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.web import check_upload_size
from prospects.models import ProjectStage

from . import geo
from .models import (
    PROPOSAL_TRANSITIONS,
    Availability,
    Programme,
    ProposalStatus,
    Site,
    SitePhoto,
    SiteProposal,
    Zone,
)

# Enough for a site sheet (it prints three) and a gallery; past that, pick.
MAX_PHOTOS_PER_SITE = 12


def _set_fields(instance: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if not hasattr(instance, name):
            raise TypeError(f"{type(instance).__name__} has no field {name!r}")
        setattr(instance, name, value)


def _locate(place: Zone | Site, postcode: str = "") -> None:
    """Fill the INSEE code, the commune's name and missing coordinates from La Poste's base.

    The INSEE code wins when typed; otherwise the postcode and the commune's
    name find it. Coordinates typed by hand are kept (a zone is not at its
    town hall); empty ones take the commune's.
    """
    place.commune_insee = (place.commune_insee or "").strip()
    place.commune_name = (place.commune_name or "").strip()
    commune = geo.resolve_commune(insee_code=place.commune_insee, postcode=postcode, name=place.commune_name)
    if commune is None:
        if place.commune_insee:
            raise ValidationError(
                {"commune_insee": _("Le code INSEE %(code)s n'existe pas.") % {"code": place.commune_insee}}
            )
        if postcode:
            raise ValidationError({"postcode": _("Le code postal %(code)s n'existe pas.") % {"code": postcode}})
        raise ValidationError(
            {"commune_name": _("Indiquez le code postal et la commune, ou le code INSEE de la commune.")}
        )
    place.commune_insee = commune.insee_code
    if hasattr(place, "postcode") and not place.postcode:
        place.postcode = commune.postcode
    if not place.commune_name:
        place.commune_name = geo.display_name(commune)
    if place.latitude is None and place.longitude is None and commune.latitude is not None:
        place.latitude = geo.coordinate(commune.latitude)
        place.longitude = geo.coordinate(commune.longitude)


# Programmes --------------------------------------------------------------------


@transaction.atomic
def programme_create(*, name: str, **fields: Any) -> Programme:
    programme = Programme(name=(name or "").strip(), **fields)
    programme.full_clean()
    programme.save()
    return programme


# Zones -----------------------------------------------------------------------


@transaction.atomic
def zone_save(*, zone: Zone, postcode: str = "") -> Zone:
    """Validate, locate and save a zone built by a form or the admin."""
    zone.name = (zone.name or "").strip()
    _locate(zone, postcode)
    zone.full_clean()
    zone.save()
    return zone


@transaction.atomic
def zone_create(*, name: str, postcode: str = "", **fields: Any) -> Zone:
    return zone_save(zone=Zone(name=name, **fields), postcode=postcode)


@transaction.atomic
def zone_update(*, zone: Zone, postcode: str = "", **fields: Any) -> Zone:
    _set_fields(zone, fields)
    return zone_save(zone=zone, postcode=postcode)


# Sites -----------------------------------------------------------------------


@transaction.atomic
def site_save(*, site: Site) -> Site:
    """Validate, locate and save a site built by a form or the admin.

    A site in a zone with no commune of its own is in the zone's commune.
    """
    site.reference = (site.reference or "").strip().upper()
    site.postcode = (site.postcode or "").strip()
    if site.zone_id and not (site.commune_name or site.commune_insee or site.postcode):
        zone = site.zone
        assert zone is not None  # zone_id is set
        site.commune_name = zone.commune_name
        site.commune_insee = zone.commune_insee
    _locate(site, site.postcode)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_create(*, reference: str, kind: str, title: str, **fields: Any) -> Site:
    return site_save(site=Site(reference=reference, kind=kind, title=title, **fields))


@transaction.atomic
def site_update(*, site: Site, **fields: Any) -> Site:
    _set_fields(site, fields)
    return site_save(site=site)


# Proposals -------------------------------------------------------------------


def _site_is_taken(site: Site) -> bool:
    return Site.objects.with_taken().filter(pk=site.pk, taken=True).exists()


@transaction.atomic
def proposal_create(*, project: Project, site: Site, actor: User, notes: str = "") -> SiteProposal:
    """Propose a site to a project; only a site still on offer can be proposed."""
    locked = Site.objects.select_for_update().get(pk=site.pk)
    if locked.availability not in (Availability.AVAILABLE, Availability.UNDER_OPTION) or _site_is_taken(locked):
        raise ValidationError(_("Le site %(reference)s n'est plus disponible.") % {"reference": locked.reference})
    proposal = SiteProposal(project=project, site=locked, notes=notes, proposed_by=actor)
    proposal.full_clean()
    proposal.save()
    return proposal


def _take_site(site: Site) -> None:
    """A won project settled here: the site is sold, or let when it was only for rent."""
    if site.availability in (Availability.SOLD, Availability.LET):
        return
    if site.monthly_rent is not None and site.sale_price is None:
        # A let site shows no price (the model's rule): the rent is history now.
        site.availability = Availability.LET
        site.monthly_rent = None
    else:
        site.availability = Availability.SOLD
    site.full_clean()
    site.save(update_fields=["availability", "monthly_rent", "updated_at"])


@transaction.atomic
def proposal_set_status(*, proposal: SiteProposal, status: str, actor: User) -> SiteProposal:
    """Move a proposal on (proposed → visited → rejected or chosen); refuse any other move.

    Choosing a site for a won project takes the site off the offer at once;
    a project won later is covered by ``SiteQuerySet.with_taken``.
    """
    locked = SiteProposal.objects.select_for_update().select_related("project", "site").get(pk=proposal.pk)
    if status not in ProposalStatus.values:
        raise ValidationError({"status": _("État inconnu.")})
    current = ProposalStatus(locked.status)
    target = ProposalStatus(status)
    if target not in PROPOSAL_TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("Une proposition « %(current)s » ne peut pas passer à « %(target)s ».")
                % {"current": current.label, "target": target.label}
            }
        )
    if target == ProposalStatus.CHOSEN:
        other = (
            SiteProposal.objects.filter(site=locked.site, status=ProposalStatus.CHOSEN, project__stage=ProjectStage.WON)
            .exclude(project=locked.project)
            .exists()
        )
        if other:
            raise ValidationError(
                {"status": _("Ce site a déjà été retenu par un autre projet implanté : il n'est plus disponible.")}
            )
    locked.status = target
    locked.full_clean()
    locked.save(update_fields=["status", "updated_at"])
    if target == ProposalStatus.CHOSEN and locked.project.stage == ProjectStage.WON:
        _take_site(Site.objects.select_for_update().get(pk=locked.site_id))
    proposal.status = locked.status
    return locked


# Photos ------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, site: Site, image: UploadedFile, caption: str = "") -> SitePhoto:
    """A photo of the site; the image was checked by the form (Pillow opened it)."""
    check_upload_size(image.size)
    Site.objects.select_for_update().filter(pk=site.pk).first()
    if site.photos.count() >= MAX_PHOTOS_PER_SITE:
        raise ValidationError(
            _("Ce site a déjà %(count)s photos : retirez-en une avant d'en ajouter.") % {"count": MAX_PHOTOS_PER_SITE}
        )
    return SitePhoto.objects.create(site=site, image=image, caption=caption.strip())


def photo_delete(*, photo: SitePhoto) -> None:
    """Remove the photo, then its file once the removal is committed."""
    image = photo.image
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: image.delete(save=False))
