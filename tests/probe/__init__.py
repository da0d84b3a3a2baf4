"""Luoshi security probe: authorisation matrix, XSS and scope checks against a live demo server."""
