"""Deployment: the dashboard in the office intranet, behind nginx under the portal's path."""
