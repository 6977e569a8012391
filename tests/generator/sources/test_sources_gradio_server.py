"""URL sources against one real gradio 6.31 server on loopback (``auth=("u", "p")``)."""

from __future__ import annotations

import pytest
from sources_support import APP_AUTH

from spacegen.generator import sources
from spacegen.runtime.errors import AuthenticationError

pytestmark = pytest.mark.e2e


def test_login_and_fetch(gradio_url: str) -> None:
    snapshot = sources.load(gradio_url + "/", auth=APP_AUTH)
    assert snapshot.source == gradio_url
    assert snapshot.gradio_version.startswith("6.")
    assert snapshot.config["api_prefix"] == "/gradio_api"
    assert sorted(snapshot.info["named_endpoints"]) == ["/greet"]
    assert snapshot.info_all is not None
    assert sorted(snapshot.info_all["named_endpoints"]) == ["/greet", "/shout"]
    assert sources.load(gradio_url, auth=APP_AUTH).to_json() == snapshot.to_json()


def test_wrong_password(gradio_url: str) -> None:
    with pytest.raises(AuthenticationError, match="wrong username or password"):
        sources.load(gradio_url, auth=("u", "wrong"))


def test_no_credentials(gradio_url: str) -> None:
    with pytest.raises(AuthenticationError, match=r"requires a login; pass --auth.*Use u/p"):
        sources.load(gradio_url)
