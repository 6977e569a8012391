"""1,000 calls through a local dask.distributed cluster of worker processes and through Ray
started locally, against a real Gradio server: nothing lost or duplicated (the ``batch`` app
counts every call per input) and results equal to a sequential run."""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from distributed import Client as DaskClient
from distributed import LocalCluster

from spacegen.distributed import dask_batch, ray_batch
from spacegen.generator.api import generate
from spacegen.runtime import BatchProgress

from .conftest import ServerFactory

pytestmark = [pytest.mark.slow]

CALLS = 1000
INPUTS = [(float(i), 0.0) for i in range(CALLS)]


@pytest.fixture(scope="module")
def scale_client(
    gradio_server: ServerFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    """The batch app's client as an importable module (worker processes import it by name)."""
    server = gradio_server("batch")
    folder = tmp_path_factory.mktemp("scale-client")
    (folder / "sg_scale_client.py").write_text(generate(server.url).module_text)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("sg_scale_client")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("sg_scale_client", None)


@pytest.fixture(scope="module")
def sequential(scale_client: ModuleType) -> list[float | None]:
    with scale_client.Client() as client:
        return [client.square(x, d) for x, d in INPUTS]


def _reset(module: ModuleType) -> None:
    with module.Client() as client:
        client.reset_counts()


def _counts(module: ModuleType) -> dict[str, int]:
    with module.Client() as client:
        return {str(k): int(v) for k, v in client.counts().items()}


def _check(module: ModuleType, results: list[Any], sequential: list[float | None]) -> None:
    assert [r.index for r in results] == list(range(CALLS))
    assert [r.value for r in results] == sequential
    assert _counts(module) == {f"{i}": 1 for i in range(CALLS)}  # none lost, none twice


def test_dask_cluster_of_processes(
    scale_client: ModuleType, sequential: list[float | None]
) -> None:
    _reset(scale_client)
    seen: list[BatchProgress] = []
    started = time.monotonic()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        DaskClient(cluster) as dask,
        scale_client.Client() as client,
    ):
        pids = dask.run(os.getpid)
        results = dask_batch(dask, client.batch_square, INPUTS, chunk_size=125, concurrency=8,
                             on_progress=seen.append)  # fmt: skip
    _check(scale_client, results, sequential)
    assert len(set(pids.values())) == 2 and not set(pids.values()) & {os.getpid()}
    assert seen[-1].done == CALLS and len(seen) == CALLS // 125
    assert time.monotonic() - started < 120


def test_ray_started_locally(
    scale_client: ModuleType, sequential: list[float | None], tmp_path: Path
) -> None:
    import ray  # noqa: PLC0415  # slow to import: only when this test runs

    _reset(scale_client)
    folder = str(Path(scale_client.__file__).parent)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": folder}})  # fmt: skip
    try:
        with scale_client.Client() as client:
            results = ray_batch(client.batch_square, INPUTS, chunk_size=125, concurrency=8,
                                checkpoint=tmp_path / "book")  # fmt: skip
    finally:
        ray.shutdown()
    _check(scale_client, results, sequential)
    assert len(list((tmp_path / "book").glob("chunk-*.jsonl"))) == CALLS // 125
