from django.shortcuts import render

from accounts.roles import any_role_required


@any_role_required
def dashboard(request):
    return render(request, "lozdev/dashboard.html")
