"""The agency's results: dashboard figures, the annual report for funders, exports."""
