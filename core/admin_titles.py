"""French page titles for the admin, with the article each model's name takes.

Django's French admin builds its titles from the bare model name (« Ajout de
entreprise », « Sélectionnez l'objet relance à changer », « Ajouter un objet
Relance supplémentaire »); every ModelAdmin of ours mixes this in.
"""

import functools
import json

from django.contrib.admin.options import IS_POPUP_VAR
from django.utils import translation
from django.utils.translation import gettext

# A French noun starting with one of these takes « l' » (« l'entreprise », « l'échange »).
ELIDING_LETTERS = frozenset("aàâäeéèêëiîïoôöuùûüy")


class FrenchTitlesMixin:
    """Page titles with the article French wants: « Ajouter une entreprise », « Modifier l'échange ».

    Django's French admin builds them from the bare model name (« Ajout de
    entreprise », « Sélectionnez l'objet relance à changer »). A ModelAdmin
    whose model's name is feminine sets ``feminine = True``; the elision is read
    from the name itself, as French writes it (the msgid).
    """

    feminine = False

    def _name(self):
        return self.model._meta.verbose_name

    def _elided(self):
        with translation.override(None):
            return str(self._name())[:1].lower() in ELIDING_LETTERS

    def add_title(self):
        pattern = gettext("Ajouter une %(name)s") if self.feminine else gettext("Ajouter un %(name)s")
        return pattern % {"name": self._name()}

    def change_title(self, *, can_change=True):
        if self._elided():
            pattern = gettext("Modifier l'%(name)s") if can_change else gettext("Consulter l'%(name)s")
        elif self.feminine:
            pattern = gettext("Modifier la %(name)s") if can_change else gettext("Consulter la %(name)s")
        else:
            pattern = gettext("Modifier le %(name)s") if can_change else gettext("Consulter le %(name)s")
        return pattern % {"name": self._name()}

    def changelist_title(self, *, can_change=True, popup=False):
        if popup:
            # The list opened to pick a row for another form.
            pattern = gettext("Sélectionnez une %(name)s") if self.feminine else gettext("Sélectionnez un %(name)s")
        elif self.feminine:
            pattern = (
                gettext("Sélectionnez une %(name)s à modifier")
                if can_change
                else gettext("Sélectionnez une %(name)s à consulter")
            )
        else:
            pattern = (
                gettext("Sélectionnez un %(name)s à modifier")
                if can_change
                else gettext("Sélectionnez un %(name)s à consulter")
            )
        return pattern % {"name": self._name()}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            context["title"] = self.add_title()
        else:
            context["title"] = self.change_title(can_change=self.has_change_permission(request, obj))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            # Read by the inline's template, in place of « Ajouter un objet Relance supplémentaire ».
            inline_formset.inline_formset_data = functools.partial(self._inline_formset_data, inline_formset)
        return inline_formsets

    def _inline_formset_data(self, inline_formset):
        model = inline_formset.opts.model
        feminine = getattr(self.admin_site._registry.get(model), "feminine", False)
        pattern = gettext("Ajouter une autre %(name)s") if feminine else gettext("Ajouter un autre %(name)s")
        prefix = inline_formset.formset.prefix
        options = {
            "prefix": prefix,
            "addText": pattern % {"name": model._meta.verbose_name},
            "deleteText": gettext("Supprimer"),
        }
        return json.dumps({"name": f"#{prefix}", "options": options})

    def changelist_view(self, request, extra_context=None):
        titles = {
            "title": self.changelist_title(
                can_change=self.has_change_permission(request), popup=IS_POPUP_VAR in request.GET
            ),
            "add_title": self.add_title(),
        }
        return super().changelist_view(request, extra_context={**titles, **(extra_context or {})})
