"""Config mistakes a review found getting through, or failing with a traceback: each is now a
ConfigError before any work, naming the field or the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamis.config import PipelineConfig, ReaderConfig, RunConfig, StepSpec, WriterConfig, load_yaml
from tamis.errors import ConfigError


@pytest.mark.parametrize("fields", [{"metadata_field": "text"}, {"id_field": "text"}, {"id_field": "metadata"}])
def test_writer_fields_that_would_overwrite_each_other_are_refused(fields: dict) -> None:
    # metadata_field: text wrote the metadata JSON over every document's text, with exit 0
    with pytest.raises(ConfigError, match="must be distinct"):
        WriterConfig(**fields)


@pytest.mark.parametrize("make, field", [
    (lambda: ReaderConfig(shard_bytes="1MB"), "reader.shard_bytes"),
    (lambda: ReaderConfig(text_field=5), "reader.text_field"),
    (lambda: WriterConfig(metadata_as_json="no"), "writer.metadata_as_json"),
    (lambda: RunConfig(workers="4"), "run.workers"),
])
def test_configs_built_in_python_check_their_types(make, field: str) -> None:
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        make()


def test_pipeline_and_step_specs_check_their_parts() -> None:
    with pytest.raises(ConfigError, match="StepSpec"):
        PipelineConfig(["ftfy"])
    with pytest.raises(ConfigError, match="must be a WriterConfig"):
        PipelineConfig((StepSpec("ftfy"),), writer="parquet")
    with pytest.raises(ConfigError, match="non-empty string"):
        StepSpec(None)


def _yaml(tmp_path: Path, body: bytes) -> str:
    path = tmp_path / "cfg.yaml"
    path.write_bytes(body)
    return str(path)


@pytest.mark.parametrize("body, message", [
    (b"writer: {format: parquet}\nwriter: {format: jsonl}\nsteps: [ftfy]\n", "'writer' is given twice"),
    (b"steps:\n  - threshold: {field: x, op: '>=', value: 50, value: 10}\n", "'value' is given twice"),
    (b"# r\xe9sum\xe9\nsteps: [ftfy]\n", "not UTF-8"),
    (b"", "the file is empty"),
    (b"steps: [{minhash_dedup: {1: 2}}]\n", "option names must be strings"),
    (b"writter: {format: parquet}\nsteps: [ftfy]\n", "unknown key 'writter'"),
])
def test_yaml_mistakes_name_the_file(tmp_path: Path, body: bytes, message: str) -> None:
    path = _yaml(tmp_path, body)
    with pytest.raises(ConfigError, match=message) as err:
        load_yaml(path)
    assert path in str(err.value)


def test_a_bad_option_names_the_step_by_its_place(tmp_path: Path) -> None:
    # two threshold steps: the error said "threshold.op: ..." and not which one
    from tamis.api import run

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n')
    steps = [StepSpec.of("threshold", field="a", op=">=", value=1), StepSpec.of("threshold", field="b", op="=<", value=1)]
    with pytest.raises(ConfigError, match=r"^steps\[1\] \(threshold\): threshold\.op"):
        run([str(src)], str(tmp_path / "out"), PipelineConfig(tuple(steps)))


def test_yaml_merge_keys_still_load(tmp_path: Path) -> None:
    # the duplicate-key check first refused "<<: *anchor" (no constructor for the merge key)
    path = _yaml(tmp_path, b'steps:\n  - threshold: &t {field: quality.a, op: "<", value: 3}\n'
                           b'  - threshold:\n      <<: *t\n      field: quality.b\n')
    first, second = load_yaml(path).steps
    assert dict(second.options) == {**dict(first.options), "field": "quality.b"}


def test_a_merge_that_overrides_a_key_of_a_shared_anchor_loads(tmp_path: Path) -> None:
    # the check read a node that PyYAML's merge had rewritten in place: "min_words" seemed twice
    path = _yaml(tmp_path, b"preset: dedup\noptions:\n  exact_dedup:\n    <<: &q\n      <<: &base {buffer_mb: 50}\n"
                           b"      buffer_mb: 30\n  minhash_dedup: *q\n")
    assert [dict(s.options) for s in load_yaml(path).steps] == [{"buffer_mb": 30}, {"buffer_mb": 30}]


def test_numpy_numbers_are_numbers() -> None:
    import numpy as np

    assert RunConfig(workers=np.int64(4)).workers == 4 and type(RunConfig(workers=np.int64(4)).workers) is int
    assert ReaderConfig(shard_bytes=np.int64(1 << 20)).shard_bytes == 1 << 20


def test_a_numpy_option_value_is_recorded_as_a_number(tmp_path: Path) -> None:
    # it failed while writing _run.json, after the output folder was claimed, and left an empty
    # _run.json that every rerun then failed to read
    import numpy as np

    from tamis.api import run

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "x", "x": 5}\n')
    spec = StepSpec.of("threshold", field="x", op=">=", value=np.int64(3))
    assert spec == StepSpec.of("threshold", field="x", op=">=", value=3)
    assert run([str(src)], str(tmp_path / "out"), PipelineConfig((spec,))).kept == 1


def test_option_values_from_yaml_aliases_load_quickly_and_arrays_become_lists(tmp_path: Path) -> None:
    # converting numpy values walked aliases: a recursive one never ended, shared ones blew up
    import numpy as np

    assert load_yaml(_yaml(tmp_path, b"steps:\n  - threshold: {field: x, op: '==', value: &v [1, *v]}\n")).steps
    laughs = b"steps:\n  - threshold:\n      field: x\n      op: '=='\n      value: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for k in range(1, 9):
        laughs += f"      v{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]\n".encode()
    assert load_yaml(_yaml(tmp_path, laughs)).steps  # refused later as unknown options, not expanded here
    assert dict(StepSpec.of("gopher_repetition", top_ngrams=np.array([2, 3, 4])).options) == {"top_ngrams": [2, 3, 4]}


def test_unknown_keys_of_mixed_types_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key '1'"):
        load_yaml(_yaml(tmp_path, b"steps: [ftfy]\n1: a\n'1': b\n"))
