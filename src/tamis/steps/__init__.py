"""Steps: the units a pipeline is made of. See ``base`` for the contract, ``registry`` for names."""

from tamis.steps.base import Drop, Filter, GlobalStep, Labeller, Step, Transformer

__all__ = ["Drop", "Filter", "GlobalStep", "Labeller", "Step", "Transformer"]
