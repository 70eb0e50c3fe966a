"""Who may call what: the roles of accounts.roles, as the screens decide them."""

from rest_framework import permissions

from accounts.roles import is_direction, is_staff_member, user_role


class HasRole(permissions.BasePermission):
    """Any of the three roles: observers included (aggregates, the schema)."""

    def has_permission(self, request, view):
        return user_role(request.user) is not None


class IsStaffMember(permissions.BasePermission):
    """Chargés de mission and Direction: every endpoint that names a person or a company."""

    def has_permission(self, request, view):
        return is_staff_member(request.user)


class IsDirection(permissions.BasePermission):
    def has_permission(self, request, view):
        return is_direction(request.user)
