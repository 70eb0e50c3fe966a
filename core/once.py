"""One-time tokens for the create forms: a form sent twice creates one record.

The page renders ``{% once_token %}`` (a hidden random token) in its form, and
the view is decorated with ``@once_per_token``. The first request carrying a
token claims it by inserting a FormSubmission row in the transaction that
runs the view; when the view succeeds (a redirect), the row keeps where it
went. A request whose form was refused rolls the claim back with everything
else, so the corrected form can be sent. A token already used, by a double
click, a reload, a second tab or a request that was waiting on the first's
lock, leads to the first result, with a message, and writes nothing.
"""

import datetime
import functools
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission
from .web import local_url

FIELD = "once"
# Tokens older than this are forgotten (a form left open longer gets a fresh one on reload).
KEEP = datetime.timedelta(days=2)


def new_token():
    return str(uuid.uuid4())


def _token(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _replay(request, submission):
    messages.info(request, _("Ce formulaire avait déjà été envoyé : rien n'a été créé deux fois."))
    return redirect(local_url(request, submission.result_url, "/"))


def forget_old_tokens(*, now=None):
    """Delete the tokens older than KEEP (nightly, from beat). Returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _per_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def once_per_token(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _token(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        done = FormSubmission.objects.filter(token=token, user=request.user).exclude(result_url="").first()
        if done is not None:
            return _replay(request, done)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(token=token, user=request.user, result_url="")
            except IntegrityError:
                # Taken: by this person's first click (which waited for it to finish), or forged.
                response = None
            else:
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303):
                    FormSubmission.objects.filter(token=token).update(result_url=response["Location"][:500])
                else:
                    transaction.set_rollback(True)
        if response is None:
            done = FormSubmission.objects.filter(token=token).first()
            if done is None or done.user_id != request.user.pk or not done.result_url:
                return HttpResponseBadRequest(_("Ce formulaire n'est plus valable : rechargez la page."))
            return _replay(request, done)
        return response

    return wrapper
