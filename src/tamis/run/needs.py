"""The check that every filter's labeller comes before it in the pipeline.

A filter decides from labels that a labeller wrote earlier (``Step.needs``). Without that
labeller every document is quarantined as ``missing_label:...``, and the run still adds up: a
pipeline-order mistake must stop the run before any work instead. A filter may also run alone
on input that already carries the labels (a previous run's output, to retune a threshold), so
the first input document is looked at before the pipeline is refused. A user's step is held to
the labels it declares in ``Step.writes``; one that declares nothing may write any label, so one
before the filter lets it be.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from itertools import islice
from typing import Any

from tamis.config import ReaderConfig
from tamis.errors import ConfigError
from tamis.run.plan import Shard
from tamis.steps.base import Filter, Labeller, Step


def _writes(step: Step, label: str, labeller: str) -> bool:
    """Whether ``step`` writes ``label``: it is the labeller named ``labeller`` or a subclass of
    it, or it declares the label (or a label above it) in ``writes``, or it is a user's step
    (from outside tamis) that declares nothing, which may write any label: the check cannot tell,
    so it lets it be."""
    if any(cls.__dict__.get("name") == labeller for cls in type(step).__mro__):
        return True
    if step.writes is not None:
        # ``writes = ("quality")`` (no comma) is a string: one label, not its characters
        declared = (step.writes,) if isinstance(step.writes, str) else step.writes
        return any(label == w or label.startswith(w + ".") for w in declared)
    return not type(step).__module__.startswith("tamis.")


def missing_labellers(steps: Sequence[Step]) -> list[tuple[int, Step, str, str]]:
    """(position, step, label, labeller) for each label a step needs whose labeller does not come
    before it.

    >>> from tamis.steps.registry import build_step
    >>> from tamis.config import StepSpec
    >>> steps = [build_step(StepSpec(n)) for n in ("gopher_quality_filter", "gopher_quality", "gopher_quality_filter")]
    >>> [(i, label, labeller) for i, _, label, labeller in missing_labellers(steps)]
    [(0, 'quality.gopher', 'gopher_quality')]
    """
    return [(i, step, label, labeller) for i, step in enumerate(steps) for label, labeller in step.needs.items()
            if not any(_writes(earlier, label, labeller) for earlier in steps[:i])]


def _known_fields(earlier: Sequence[Step], label: str, labeller: str) -> set[str] | None:
    """The keys that the steps ``earlier`` write under ``label``, or None when one of them may
    write keys it does not declare (a labeller without ``fields``, a user's step)."""
    known: set[str] = set()
    labelled = False  # without the labeller, the input may carry the label (a previous run's output)
    for step in earlier:
        if any(cls.__dict__.get("name") == labeller for cls in type(step).__mro__):
            fields = step.fields() if isinstance(step, Labeller) and _declares_fields(step) else None
            if fields is None or label not in fields:
                return None
            known = set(fields[label])  # a labeller writes its label anew: an earlier one's keys are gone
            labelled = True
        elif step.writes is not None:
            declared = (step.writes,) if isinstance(step.writes, str) else step.writes
            if any(label == w or label.startswith(w + ".") for w in declared):
                return None  # the whole label, keys undeclared
            known.update(w[len(label) + 1 :].split(".")[0] for w in declared if w.startswith(label + "."))
        elif not type(step).__module__.startswith("tamis."):
            return None
    return known if labelled else None


def _declares_fields(step: Step) -> bool:
    """Whether the class that names ``step``'s keys is the step's own: a user's subclass of a
    built-in labeller inherits ``fields`` and may write more keys than its parent names."""
    own = next(cls for cls in type(step).__mro__ if "fields" in cls.__dict__)
    return own is type(step) or type(step).__module__.startswith("tamis.")


def unknown_fields(steps: Sequence[Step]) -> list[tuple[int, Step, str, str, list[str]]]:
    """(position, step, field, label, the keys written under it) for each field a filter reads
    (``Filter.reads``) under a label that the steps before it write, with a key none of them
    writes: a threshold on a misspelt ``quality.gopher.word_cout`` decided nothing, and only the
    run's end said so; a repetition filter's 3-gram rule after a labeller of 2-grams only
    quarantined every document.

    >>> from tamis.steps.registry import build_step
    >>> from tamis.config import StepSpec
    >>> steps = [build_step(StepSpec("fineweb_quality")), build_step(StepSpec.of("threshold", field="quality.fineweb.lines_ratio", op="<", value=1))]
    >>> [(i, field, label, keys[:2]) for i, _, field, label, keys in unknown_fields(steps)]
    [(1, 'quality.fineweb.lines_ratio', 'quality.fineweb', ['char_dup_ratio', 'line_punct_ratio'])]
    """
    out = []
    for i, step in enumerate(steps):
        for field in step.reads() if isinstance(step, Filter) else ():
            # the built-in labels it reads, and those of any labeller before it that names its keys
            labels = {label: labeller for label, labeller in step.needs.items() if field.startswith(label + ".")}
            for earlier in steps[:i]:
                fields = earlier.fields() if isinstance(earlier, Labeller) else None
                labels.update({label: earlier.name for label in fields or () if field.startswith(label + ".")})
            for label, labeller in labels.items():
                known = _known_fields(steps[:i], label, labeller)
                key = field[len(label) + 1 :].split(".")[0]
                if known and key not in known:
                    out.append((i, step, field, label, sorted(known)))
    return out


def _label(metadata: dict[str, Any], path: str) -> Any:
    """The value at a dotted label path of ``metadata``, or None."""
    node: Any = metadata
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _has(metadata: dict[str, Any], path: str) -> bool:
    """Whether ``metadata`` carries a label at ``path``: tamis's labels are objects or lists, so
    an input's own field of that name holding a string or a number (a dataset's ``"lang": "en"``)
    is not one, and every document would be quarantined by the step that reads it.

    >>> _has({"lang": {"code": "en", "score": 0.9}}, "lang"), _has({"lang": "en"}, "lang"), _has({}, "quality.c4")
    (True, False, False)
    """
    return isinstance(_label(metadata, path), (dict, list))


def first_document(shards: Sequence[Shard], reader: ReaderConfig, look: int = 20, tries: int = 256) -> Any:
    """The first readable document of the input (among the first ``look`` records of each of the
    first ``tries`` shards: a previous run's output may have many empty shards, which cost
    nothing to look at), or None."""
    from tamis.document import Document
    from tamis.io.readers import read_shard

    for shard in shards[:tries]:
        try:
            for item in islice(read_shard(shard, reader), look):
                if isinstance(item, Document):
                    return item
        except Exception:  # noqa: BLE001 - a file this look cannot read says nothing about labels; the run reports it
            continue
    return None


def check_needs(steps: Sequence[Step], shards: Sequence[Shard], reader: ReaderConfig) -> None:
    """Raise a ConfigError naming the labeller a step needs and does not have before it, unless
    the input's first document already carries that label; or naming a threshold's field that
    its labeller does not write."""
    for i, step, field, label, keys in unknown_fields(steps)[:1]:
        near = difflib.get_close_matches(field[len(label) + 1 :].split(".")[0], keys, n=1)
        hint = f" (did you mean {label}.{near[0]}?)" if near else ""
        raise ConfigError(f"step {i:02d}:{step.name} reads {field}, which no step before it writes{hint}; "
                          f"the keys under {label} are {', '.join(keys)}")
    missing = missing_labellers(steps)
    if not missing:
        return
    doc = first_document(shards, reader) if shards else None
    if doc is None:  # nothing readable to look at: the run decides, and says what it met
        return
    missing = [m for m in missing if not _has(doc.metadata, m[2])]
    if missing:
        i, step, label, labeller = missing[0]
        found = _label(doc.metadata, label)
        foreign = (f" (the input's field {label} holds a {type(found).__name__}, not the labels {labeller} writes)"
                   if found is not None else "")
        # the step's key as the run's summary and warnings write it ("01:threshold", from 0)
        raise ConfigError(f"step {i:02d}:{step.name} reads the {label} labels, which {labeller} writes, and no "
                          f"{labeller} step comes before it{foreign}: add {labeller} earlier in the pipeline (or run "
                          "on input that carries these labels, such as a previous run's output)")
