"""The stand app's pages: its manifest and service worker, the offline set, the outbox's sync,
badge QR codes, and the leads sent offline that must be checked."""

import json
import uuid

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import staff_required
from core.forms import apply_service_errors
from core.identifiers import fold
from prospects import selectors as prospect_selectors

from . import cards, outbox, selectors
from .forms import LeadCaptureForm
from .models import PendingLead
from .views import _get_appearance, _lead_message

# The stand app: the offline set, the outbox's sync, badge QR codes, the leads to check --------


@never_cache
@require_GET
@staff_required
def offline_snapshot(request):
    """What the device keeps to capture leads offline, and a CSRF token for the outbox's next sends."""
    appearances = list(selectors.offline_appearances(request.user))
    offline = selectors.offline_companies(request.user, appearances)
    # Their people too, so that the one met at a known company is picked offline, not typed again.
    people = prospect_selectors.people_of_companies(offline)
    companies = [
        {
            "id": company.pk,
            "name": company.name,
            "siren": company.siren,
            "postcode": company.postcode,
            "city": company.city,
            "search": fold(" ".join(filter(None, [company.name, company.city, company.siret, company.postcode]))),
            "people": [
                {
                    "id": contact.pk,
                    "name": contact.full_name,
                    "job_title": contact.job_title,
                    "email": contact.email,
                    "phone": contact.phone,
                }
                for contact in people.get(company.pk, [])
            ],
        }
        for company in offline
    ]
    return JsonResponse(
        {
            "csrf_token": get_token(request),
            "appearances": [
                {
                    "id": appearance.pk,
                    "name": str(appearance),
                    "url": reverse("events:lead_capture", args=[appearance.pk]),
                }
                for appearance in appearances
            ],
            "companies": companies,
        }
    )


# The lead form's fields a device may send; the capture key is ``device_id``.
OUTBOX_FIELDS = frozenset(LeadCaptureForm.base_fields) - {"capture_key", "company_search"}


def _json_body(request):
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _outbox_payload(body):
    """The form's data from a device's JSON: (device_id, payload, errors)."""
    errors = {}
    try:
        device_id = uuid.UUID(str(body.get("device_id", "")))
    except ValueError:
        device_id = None
        errors["device_id"] = [_("L'identifiant de saisie de l'appareil manque ou n'est pas valable.")]
    payload = {}
    for name, value in body.items():
        if name not in OUTBOX_FIELDS:
            continue
        if isinstance(value, bool):
            value = "on" if value else ""
        elif value is None:
            value = ""
        elif isinstance(value, (int, float, str)):
            value = str(value)
        else:
            errors[name] = [_("Valeur non reconnue.")]
            continue
        payload[name] = value
    qr_text = body.get("qr_text")
    if qr_text and isinstance(qr_text, str):
        try:
            read = cards.read_qr(qr_text)
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            for name, value in read.get("fields", {}).items():
                if not payload.get(name):
                    payload[name] = value
            if read.get("url"):
                payload["summary"] = "\n".join(filter(None, [payload.get("summary", "").strip(), read["url"]]))
    elif qr_text:
        errors["qr_text"] = [_("Valeur non reconnue.")]
    return device_id, payload, errors


def _form_errors(form):
    return {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}


def _bad_request(errors):
    return JsonResponse({"status": "refused", "errors": errors}, status=400)


@require_POST
@staff_required
def lead_sync(request, pk):
    """One lead from a device's outbox, as JSON; sent again with the same ``device_id``, it makes nothing more."""
    appearance = _get_appearance(pk)
    body = _json_body(request)
    if body is None:
        return _bad_request({"__all__": [_("La saisie envoyée n'est pas lisible (JSON attendu).")]})
    device_id, payload, errors = _outbox_payload(body)
    if errors:
        return _bad_request(errors)
    # The follow-up goes to whoever typed the lead unless the device says otherwise.
    payload.setdefault("assignee", str(request.user.pk))
    form = LeadCaptureForm(payload, user=request.user)
    if not form.is_valid():
        return _bad_request(_form_errors(form))
    try:
        outcome = outbox.lead_sync(
            appearance=appearance,
            actor=request.user,
            capture_key=device_id,
            payload=payload,
            **form.capture_fields(),
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _bad_request(_form_errors(form))
    if outcome.pending is not None:
        return JsonResponse(
            {
                "status": "pending",
                "message": _("Reçu : à vérifier, cette entreprise ou cette personne existe peut-être déjà."),
                "url": reverse("events:pending_leads", args=[outcome.pending.appearance_id]),
            },
            status=202,
        )
    lead = outcome.lead
    return JsonResponse(
        {
            "status": "repeated" if lead.repeated else "saved",
            "message": _lead_message(lead),
            "company": lead.company.pk,
        },
        status=200 if lead.repeated else 201,
    )


@require_POST
@staff_required
def card_read(request):
    """The lead form's fields a badge or card QR code gives (JSON ``{"qr_text": ...}``); writes nothing."""
    body = _json_body(request)
    if body is None or not isinstance(body.get("qr_text"), str):
        return _bad_request({"qr_text": [_("Envoyez le texte du code lu.")]})
    try:
        return JsonResponse(cards.read_qr(body["qr_text"]))
    except ValidationError as error:
        return _bad_request(error.message_dict)


@staff_required
def pending_lead_list(request, pk):
    appearance = _get_appearance(pk)
    pendings = [
        (pending, selectors.pending_candidates(pending))
        for pending in selectors.pending_leads(appearance, request.user)
    ]
    return render(request, "events/pending_leads.html", {"appearance": appearance, "pendings": pendings})


@require_POST
@staff_required
def pending_lead_resolve(request, pk):
    pending = get_object_or_404(
        selectors.pending_leads_of(request.user).select_related("appearance__trade_show"), pk=pk
    )
    back = redirect("events:pending_leads", pk=pending.appearance_id)
    if request.POST.get("discard"):
        outbox.pending_lead_discard(pending=pending)
        messages.success(request, _("Contact supprimé sans être enregistré."))
        return back
    is_person = pending.reason == PendingLead.Reason.PERSON
    field, confirm = ("contact", "confirm_new_person") if is_person else ("company", "confirm_new_company")
    choice = request.POST.get("choice", "")
    payload = dict(pending.payload)
    if choice == "new":
        payload[confirm] = "on"
    elif choice.isdigit() and int(choice) in pending.candidates:
        payload[field] = choice
    else:
        messages.error(request, _("Choisissez une des propositions, ou la création."))
        return back
    form = LeadCaptureForm(payload, user=request.user)
    if form.is_valid():
        try:
            outcome = outbox.pending_lead_resolve(
                pending=pending, actor=request.user, payload=payload, **form.capture_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if outcome.pending is not None:
                messages.warning(request, _("Encore une vérification : cette personne est peut-être déjà connue."))
            else:
                messages.success(request, _lead_message(outcome.lead))
            return back
    text = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
    messages.error(request, _("Rien n'a été enregistré : %(errors)s") % {"errors": text})
    return back


# The installable app: its manifest and its service worker, both from the site's root.


@require_GET
def web_manifest(request):
    """The web app manifest; public, since browsers fetch it without the session cookie."""
    icons = [
        {"src": static(f"img/lozdev-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]
    manifest = {
        "name": _("lozdev – saisie sur salon"),
        "short_name": "lozdev",
        "description": _("Saisir les contacts du stand, même sans réseau."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("events:appearance_list"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f50",
        "icons": icons,
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@never_cache
@require_GET
def service_worker(request):
    """static/sw.js (built by `make frontend`), served from / so that its scope is the whole site."""
    path = finders.find("sw.js")
    with open(path, "rb") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
