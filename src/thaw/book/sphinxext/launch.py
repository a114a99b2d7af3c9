"""The JupyterHub launch button, when the build is given a hub's address."""

from __future__ import annotations

import os
import re

#: Set by ``make book HUB_URL=…``: the JupyterHub that the launch buttons open chapters on.
HUB_URL_VARIABLE = "THAW_HUB_URL"


def _set_jupyterhub_url(app, config) -> None:
    """Add the JupyterHub launch button when the build is given a hub's address.

    The course has no hub of its own, so the address comes from whoever deploys it
    (a department's hub), not from ``_config.yml``. The button's link uses nbgitpuller.
    """
    hub = os.environ.get(HUB_URL_VARIABLE, "").strip().rstrip("/")
    if not hub:
        return
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", hub):
        raise ValueError(f"{HUB_URL_VARIABLE}={hub!r} is not a hub address like https://hub.example.edu")
    options = dict(config.html_theme_options)
    options["launch_buttons"] = {**options.get("launch_buttons", {}), "jupyterhub_url": hub}
    config.html_theme_options = options


def setup(app) -> None:
    app.connect("config-inited", _set_jupyterhub_url)
