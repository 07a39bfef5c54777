"""stepgrad's neural-network layer: modules, losses, SGD and the documents' 2-2-1 network."""

import nn.autograd_check  # noqa: F401  first: a clear error if `autograd` is not stepgrad's
from nn.layers import MLP, Layer, Neuron
from nn.losses import half_squared_error, mean_squared_error, squared_error
from nn.module import Module, ParameterFileError
from nn.networks import DocumentNetwork, SharedBiasNetwork
from nn.optim import SGD, Momentum
from nn.store import ParameterStore
from nn.train import TrainStep, train_step

__all__ = [
    "MLP",
    "Layer",
    "Neuron",
    "Module",
    "ParameterFileError",
    "DocumentNetwork",
    "SharedBiasNetwork",
    "check_example",
    "CheckReport",
    "SGD",
    "Momentum",
    "train_step",
    "TrainStep",
    "ParameterStore",
    "half_squared_error",
    "squared_error",
    "mean_squared_error",
]


def __getattr__(name: str) -> object:
    """``nn.check_example`` and ``nn.CheckReport`` load the checker only when first used."""
    if name in ("check_example", "CheckReport"):
        import nn.check

        return getattr(nn.check, name)
    raise AttributeError(f"module 'nn' has no attribute {name!r}")

