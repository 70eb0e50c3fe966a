from django.urls import reverse

from .navigation import NAV_ITEMS
from .roles import Role, user_role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role": None}
    role = user_role(user)
    items = []
    current = request.path
    for name, label, roles in NAV_ITEMS:
        if role not in roles:
            continue
        url = reverse(name)
        active = current == url if url == "/" else current.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {
        "nav_items": items,
        "user_role": role,
        "is_direction": role == Role.DIRECTION,
        "is_staff_member": role in (Role.MISSION, Role.DIRECTION),
    }
