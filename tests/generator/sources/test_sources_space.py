"""Space ids, resolved through huggingface_hub against recorded Hub answers on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from corpus_data import app_folder

from spacegen.generator import sources
from spacegen.generator.raw.stable import stable_config
from spacegen.generator.sources import HfHubClient, SpaceRecord
from spacegen.generator.sources.space import check_space, resolve_token
from spacegen.runtime import errors

HELLO = app_folder("corpus/hello_world")


def _corpus(name: str) -> Any:
    return json.loads((HELLO / name).read_text("utf-8"))


class SpaceHost:
    """A ``*.hf.space`` host serving the hello_world description; records requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        files = {
            "/config": "config.json",
            "/gradio_api/info": "info.json",
            "/gradio_api/info?all_endpoints=true": "info_all.json",
        }
        name = files.get(request.url.raw_path.decode())
        if name is None:
            return httpx.Response(404, json={"detail": "Not Found"})
        return httpx.Response(200, json=_corpus(name))

    @property
    def hosts(self) -> set[str]:
        return {r.url.host for r in self.requests}


@pytest.fixture
def space_host() -> SpaceHost:
    return SpaceHost()


def load(source: str, hub: str, host: SpaceHost, **kwargs: Any) -> Any:
    transport = httpx.MockTransport(host)
    return sources.load(source, hub=HfHubClient(endpoint=hub), transport=transport, **kwargs)


def test_public_space(hub_endpoint: str, space_host: SpaceHost, hub_tokens: list[Any]) -> None:
    snapshot = load("gradio/hello_world", hub_endpoint, space_host)
    assert snapshot.source == "gradio/hello_world"
    assert snapshot.meta == {
        "space_id": "gradio/hello_world",
        "host": "https://gradio-hello-world.hf.space",
        "sha": "3a6818cd4d456faf97270aae1fc02e47fd660181",
    }
    assert snapshot.config == stable_config(_corpus("config.json"))  # root emptied
    assert snapshot.info_all == _corpus("info_all.json")
    assert space_host.hosts == {"gradio-hello-world.hf.space"}
    assert hub_tokens == [None]
    assert all("authorization" not in r.headers for r in space_host.requests)


def test_snapshot_of_a_space_round_trips(
    hub_endpoint: str, space_host: SpaceHost, tmp_path: Path
) -> None:
    snapshot = load("https://huggingface.co/spaces/gradio/hello_world", hub_endpoint, space_host)
    sources.save(snapshot, tmp_path / "s.json")
    again = sources.load(str(tmp_path / "s.json"))
    assert again.to_json() == (tmp_path / "s.json").read_text("utf-8")
    assert again.meta == snapshot.meta
    assert again.source == "gradio/hello_world"


def test_private_space_without_token(hub_endpoint: str, space_host: SpaceHost) -> None:
    with pytest.raises(errors.AuthenticationError, match="pass --token or set HF_TOKEN"):
        load("someone/private-demo", hub_endpoint, space_host)
    assert space_host.requests == []


def test_private_space_with_token(
    hub_endpoint: str, space_host: SpaceHost, hub_tokens: list[Any]
) -> None:
    snapshot = load("someone/private-demo", hub_endpoint, space_host, token="hf_abc")
    assert snapshot.meta["host"] == "https://someone-private-demo.hf.space"
    assert hub_tokens == ["Bearer hf_abc"]
    for request in space_host.requests:
        assert request.headers["x-hf-authorization"] == "Bearer hf_abc"


def test_token_from_environment(
    hub_endpoint: str, space_host: SpaceHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    load("someone/private-demo", hub_endpoint, space_host)
    assert space_host.requests[0].headers["x-hf-authorization"] == "Bearer hf_env"


def test_saved_token(
    hub_endpoint: str, space_host: SpaceHost, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import huggingface_hub.constants  # noqa: PLC0415 -- the test patches where it looks

    (tmp_path / "token").write_text("hf_saved\n", "utf-8")
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    load("someone/private-demo", hub_endpoint, space_host)
    assert space_host.requests[0].headers["x-hf-authorization"] == "Bearer hf_saved"


def test_missing_space_anonymous(hub_endpoint: str, space_host: SpaceHost) -> None:
    with pytest.raises(errors.AuthenticationError, match="was not found or is private"):
        load("nobody/nothing", hub_endpoint, space_host)


def test_missing_space_with_token(hub_endpoint: str, space_host: SpaceHost) -> None:
    with pytest.raises(errors.SpaceError, match="no such Space: nobody/nothing"):
        load("nobody/nothing", hub_endpoint, space_host, token="hf_abc")


@pytest.mark.parametrize(
    ("space_id", "error", "message"),
    [
        ("someone/paused-demo", errors.SpaceError, "runtime stage is PAUSED"),
        ("someone/broken-demo", errors.SpaceError, "runtime stage is RUNTIME_ERROR"),
        ("someone/building-demo", errors.SpaceError, "is building"),
        ("someone/static-page", errors.NotGradioError, "uses the static SDK"),
    ],
)
def test_space_that_cannot_serve(
    hub_endpoint: str, space_host: SpaceHost, space_id: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        load(space_id, hub_endpoint, space_host)
    assert space_host.requests == []


def test_sleeping_space_is_woken_by_the_request(hub_endpoint: str, space_host: SpaceHost) -> None:
    snapshot = load("someone/sleepy-demo", hub_endpoint, space_host)
    assert space_host.hosts == {"someone-sleepy-demo.hf.space"}
    assert snapshot.source == "someone/sleepy-demo"


def test_hub_rate_limit(hub_endpoint: str, space_host: SpaceHost) -> None:
    with pytest.raises(errors.RateLimitedError, match="rate limited") as caught:
        load("hub/rate-limited", hub_endpoint, space_host)
    assert caught.value.retry_after == 7.0


def test_hub_server_error(hub_endpoint: str, space_host: SpaceHost) -> None:
    with pytest.raises(errors.SpaceError, match="the Hub answered HTTP 503: hub/unavailable"):
        load("hub/unavailable", hub_endpoint, space_host)


def test_hub_unreachable(space_host: SpaceHost) -> None:
    with pytest.raises(errors.ConnectError, match="cannot reach the Hugging Face Hub"):
        load("gradio/hello_world", "http://127.0.0.1:9", space_host)


class FakeHub:
    """A HubClient without huggingface_hub, for the pure checks."""

    def __init__(self, record: SpaceRecord, saved: str | None = None) -> None:
        self.record = record
        self.saved = saved
        self.calls: list[tuple[str, str | None]] = []

    def space_info(self, space_id: str, *, token: str | None, timeout: float) -> SpaceRecord:
        self.calls.append((space_id, token))
        return self.record

    def saved_token(self) -> str | None:
        return self.saved


def test_private_record_without_token_is_refused() -> None:
    hub = FakeHub(SpaceRecord("o/n", host="https://o-n.hf.space", private=True))
    with pytest.raises(errors.AuthenticationError, match="Space o/n is private; pass --token"):
        sources.load("o/n", hub=hub)


@pytest.mark.parametrize("stage", ["RUNNING", "SLEEPING", "STOPPED", "APP_STARTING", None])
def test_stages_that_proceed(stage: str | None) -> None:
    record = SpaceRecord("o/n", host="https://o-n.hf.space", stage=stage)
    assert check_space(record, None) == "https://o-n.hf.space"


@pytest.mark.parametrize(
    "stage", ["PAUSED", "BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE"]
)
def test_stages_that_fail(stage: str) -> None:
    with pytest.raises(errors.SpaceError, match=stage):
        check_space(SpaceRecord("o/n", host="https://o-n.hf.space", stage=stage), None)


def test_no_host() -> None:
    with pytest.raises(errors.SpaceError, match="has no host"):
        check_space(SpaceRecord("o/n", host=None, stage="RUNNING"), None)


def test_token_order(monkeypatch: pytest.MonkeyPatch) -> None:
    hub = FakeHub(SpaceRecord("o/n", host=None), saved="hf_saved")
    assert resolve_token("hf_explicit", hub) == "hf_explicit"
    assert resolve_token(None, hub) == "hf_saved"
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    assert resolve_token(None, hub) == "hf_env"
    assert resolve_token(None, FakeHub(SpaceRecord("o/n", host=None))) == "hf_env"


def test_missing_huggingface_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(errors.GeneratorError, match=r"pip install 'spacegen\[codegen\]'"):
        sources.load("gradio/hello_world")
