from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import loose_number_formfield

from . import geo
from .models import ProposalStatus, Site, SitePhoto, Zone


class _LocatedForm(forms.ModelForm):
    """A zone or site form that finds the commune from its postcode and name.

    The INSEE code and coordinates are filled from La Poste's base here, so
    the model's own checks see them; the service does the same for every
    other caller.
    """

    def clean(self):
        cleaned = super().clean()
        insee = (cleaned.get("commune_insee") or "").strip()
        postcode = (cleaned.get("postcode") or "").strip()
        if "commune_insee" in self.errors or "postcode" in self.errors:
            return cleaned
        if not insee and not postcode and self._inherits_commune(cleaned):
            return cleaned
        commune = geo.resolve_commune(insee_code=insee, postcode=postcode, name=cleaned.get("commune_name", ""))
        if commune is None:
            if insee:
                self.add_error("commune_insee", _("Le code INSEE %(code)s n'existe pas.") % {"code": insee})
            elif postcode:
                self.add_error("postcode", _("Le code postal %(code)s n'existe pas.") % {"code": postcode})
            else:
                self.add_error("postcode", _("Indiquez le code postal et la commune, ou le code INSEE."))
            return cleaned
        cleaned["commune_insee"] = commune.insee_code
        if not cleaned.get("commune_name"):
            cleaned["commune_name"] = geo.display_name(commune)
        if cleaned.get("latitude") is None and cleaned.get("longitude") is None and commune.latitude is not None:
            cleaned["latitude"] = geo.coordinate(commune.latitude)
            cleaned["longitude"] = geo.coordinate(commune.longitude)
        return cleaned

    def _inherits_commune(self, cleaned):
        return False


class ZoneForm(_LocatedForm):
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        required=False,
        help_text=_("Avec le nom de la commune, suffit à retrouver son code INSEE et ses coordonnées."),
    )

    class Meta:
        model = Zone
        formfield_callback = loose_number_formfield
        fields = [
            "name",
            "kind",
            "state",
            "postcode",
            "commune_name",
            "commune_insee",
            "latitude",
            "longitude",
            "area_total_ha",
            "area_available_ha",
            "motorway",
            "interchange",
            "interchange_km",
            "has_water",
            "has_sewer",
            "has_gas",
            "has_electricity",
            "has_fibre",
            "has_rail",
            "developer",
            "seller",
            "price_per_m2",
            "programme",
            "description",
        ]
        labels = {
            "area_total_ha": _("Surface totale (ha)"),
            "area_available_ha": _("Surface disponible à la vente (ha)"),
        }
        help_texts = {
            "commune_insee": _("Rempli d'après le code postal et la commune si vous le laissez vide (CNIG : insee)."),
            "latitude": _("Vide : celles de la commune."),
            "area_total_ha": _("CNIG : surface brute de la zone."),
            "area_available_ha": _("CNIG : surface disponible à la vente ; au plus la surface totale."),
            "motorway": _("CNIG : autoroute la plus proche, ex. « A75 »."),
            "interchange_km": _("CNIG : distance à l'échangeur autoroutier."),
            "state": _("CNIG : état de la zone."),
            "developer": _("CNIG : aménageur."),
            "seller": _("CNIG : commercialisateur."),
            "price_per_m2": _("CNIG : prix de vente hors taxes."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_insee"].required = False
        self.fields["commune_name"].required = False


class SiteForm(_LocatedForm):
    class Meta:
        model = Site
        formfield_callback = loose_number_formfield
        fields = [
            "reference",
            "title",
            "kind",
            "zone",
            "address",
            "postcode",
            "commune_name",
            "commune_insee",
            "latitude",
            "longitude",
            "building_m2",
            "land_m2",
            "clear_height_m",
            "loading_docks",
            "sale_price",
            "monthly_rent",
            "availability",
            "available_from",
            "has_fibre",
            "programme",
            "contact_name",
            "contact_phone",
            "contact_email",
            "description",
            "published_on_website",
        ]
        help_texts = {
            "commune_insee": _("Rempli d'après le code postal et la commune si vous le laissez vide."),
            "latitude": _("Vide : celles de la commune."),
            "postcode": _("Vide pour un site dans une zone : la commune de la zone."),
            "sale_price": _("Hors taxes. Aucun prix pour un site loué."),
            "has_fibre": _("Le site lui-même est raccordé (la fibre de la zone est indiquée sur la zone)."),
        }
        widgets = {
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_insee"].required = False
        self.fields["commune_name"].required = False
        self.fields["zone"].queryset = self.fields["zone"].queryset.order_by("name")

    def _inherits_commune(self, cleaned):
        zone = cleaned.get("zone")
        if zone is None or cleaned.get("commune_name"):
            return False
        cleaned["commune_name"] = zone.commune_name
        cleaned["commune_insee"] = zone.commune_insee
        if cleaned.get("latitude") is None and cleaned.get("longitude") is None:
            cleaned["latitude"], cleaned["longitude"] = zone.latitude, zone.longitude
        return True


class ProposalCreateForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    site = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=ProposalStatus.choices)


class SitePhotoForm(forms.ModelForm):
    """A photo for a site; Django's ImageField has Pillow open the file, so only real images pass."""

    class Meta:
        model = SitePhoto
        fields = ("image", "caption")
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}
        error_messages = {"image": {"invalid_image": _("Ce fichier n'est pas une image JPEG, PNG ou WebP lisible.")}}

    FORMATS = {"JPEG", "PNG", "WEBP"}

    def clean_image(self):
        image = self.cleaned_data["image"]
        # Pillow read the file to validate it and left what it found on .image.
        found = getattr(getattr(image, "image", None), "format", None)
        if found not in self.FORMATS:
            raise forms.ValidationError(_("Ce fichier n'est pas une image JPEG, PNG ou WebP lisible."), code="format")
        return image
