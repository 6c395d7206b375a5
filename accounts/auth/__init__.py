"""Signing in and staying signed in: allauth's flows with Kaigon's rules.

models (devices as refresh-token families, token epochs), tokens (the only
issuer of JWTs), services (devices, sign-out, password and e-mail flows),
captcha, google, tickets (one-time socket tickets), socket (the handshake),
authentication (DRF), adapter/forms/receivers (allauth hooks), views (pages).
"""
