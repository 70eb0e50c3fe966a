"""Uploaded files: stored under names we make, served only by views that asked for a role.

A stored name never carries what the person called the file: an extract
named after a company or a person would put that name in paths, logs and
backups, and a crafted name ("../", control characters, a double extension)
would have to be cleaned everywhere it goes. The original name, where a page
shows it, is kept in a field of its own.

Nothing under MEDIA_ROOT is published. In production the web server sends
the bytes: the view answers with ``X-Accel-Redirect`` towards an nginx
``internal`` location (``PROTECTED_MEDIA_ACCEL_PREFIX``), which no client can
request directly; in development Django streams the file itself.
"""

import mimetypes
import posixpath
import re
import uuid
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# Letters and digits only: what is left of an extension after ``.lower()``
# must not be able to carry a path, a second dot or a control character.
_SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def safe_extension(filename):
    """The file name's extension (".csv", ".xlsx"), lower-cased, or "" when it is not letters and digits."""
    extension = posixpath.splitext(str(filename or "").replace("\\", "/"))[1].lower()
    return extension if _SAFE_EXTENSION.match(extension) else ""


def generated_name(folder, filename):
    """``folder/<random hex><extension>``: a stored name that says nothing of the uploaded one."""
    return f"{folder.strip('/')}/{uuid.uuid4().hex}{safe_extension(filename)}"


def protected_file_response(field_file, *, download_name=None, as_attachment=False):
    """The file of ``field_file``, for a view that has already checked who asks (404 when it is gone).

    ``download_name`` is the name the browser offers to save it under (the
    stored one otherwise).
    """
    name = field_file.name if field_file else ""
    if not name or not field_file.storage.exists(name):
        raise Http404
    filename = download_name or posixpath.basename(name)
    content_type = mimetypes.guess_type(filename)[0] or mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name.lstrip("/"))
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        return response
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
