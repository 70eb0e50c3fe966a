"""The admin: the data-entry and correction tool for prospect records.

Every write goes through prospects.services, like the screens and the import:
forms validate with the services' own checks (so errors show next to their
field), then save_model/save_formset call the service instead of ``save()``.
Change lists are built for hundreds of thousands of companies: no full COUNT,
sorting on indexed columns only, filters whose choices cost one small query.
"""

# Importing the modules registers their ModelAdmins.
from . import companies, followups, interactions, projects, reference  # noqa: F401
