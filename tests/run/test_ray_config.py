"""RayExecutor construction: fast checks that start no Ray (not integration tests)."""

from __future__ import annotations

import sys

import pytest

from tamis.errors import ConfigError
from tamis.run.executors import make_executor


def test_missing_ray_is_a_config_error_that_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail as if not installed
    with pytest.raises(ConfigError, match=r"pip install 'tamis\[ray\]'"):
        make_executor("ray", 2)


def test_address_comes_from_the_flag_then_ray_address(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray")
    from tamis.run.executors.ray import RayExecutor

    monkeypatch.setattr("tamis.run.executors.ray._check_reachable", lambda address: None)  # no cluster here
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert RayExecutor(2).address is None  # no address: a private local Ray will be started
    monkeypatch.setenv("RAY_ADDRESS", "10.0.0.1:6379")  # as set by `ray job submit`
    assert RayExecutor(2).address == "10.0.0.1:6379"
    assert RayExecutor(2, "ray://head:10001").address == "ray://head:10001"


def test_bad_options_are_config_errors() -> None:
    pytest.importorskip("ray")
    from tamis.run.executors.ray import RayExecutor

    with pytest.raises(ConfigError, match="max_retries"):
        RayExecutor(2, max_retries=-1)
    with pytest.raises(ConfigError, match="cpus_per_task"):
        RayExecutor(2, cpus_per_task=0)
    assert RayExecutor(0).workers >= 1  # 0 means "all cores", as for the local executor


def test_an_unreachable_cluster_address_is_refused_before_any_work(tmp_path) -> None:
    # ray.init retried "127.0.0.1:1" for minutes, after the output folder had been claimed
    pytest.importorskip("ray")
    from tamis.api import run

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n')
    with pytest.raises(ConfigError, match="cannot reach the Ray cluster at 127.0.0.1:1"):
        run([str(src)], str(tmp_path / "out"), steps=["ftfy"], executor="ray", ray_address="127.0.0.1:1")
    assert not (tmp_path / "out").exists()


def test_a_ray_address_is_passed_on_as_ray_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # "RAY://..." passed the check, then Ray took "RAY" for a module name after the output was claimed
    pytest.importorskip("ray")
    from tamis.run.executors.ray import RayExecutor, _check_reachable

    with pytest.raises(ConfigError, match="HTTP address"):
        _check_reachable("http://head:8265")
    monkeypatch.setattr("tamis.run.executors.ray._check_reachable", lambda address: None)
    assert RayExecutor(2, " RAY://head:10001 ").address == "ray://head:10001"


def test_auto_checks_the_address_ray_address_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # "auto" reads RAY_ADDRESS itself: "RAY://..." there failed inside Ray after the output was claimed
    pytest.importorskip("ray")
    from tamis.run.executors.ray import RayExecutor

    monkeypatch.setattr("tamis.run.executors.ray._check_reachable", lambda address: None)
    monkeypatch.setenv("RAY_ADDRESS", "RAY://head:10001")
    assert RayExecutor(2, "auto").address == "ray://head:10001"
