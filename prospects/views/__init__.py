"""The prospecting screens, one module per family: companies, interactions, projects, follow-ups.

Views check access, validate a form, call one service and redirect; reads are
in prospects.selectors and prospects.filters.
"""
