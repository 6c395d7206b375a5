"""Auth API for mobile and browser clients: allauth's rules, simplejwt tokens.

One module per job: captcha, signup (and e-mail verification and change),
session (login, refresh, logout), passwords, google, devices, tickets. The
views validate input and call accounts.auth.services.
"""
