"""stepgrad's scalar autograd engine."""

from autograd.anomaly import AnomalyError, detect_anomaly
from autograd.engine import GraphError, Value, topological_order, weighted_sum
from autograd.gradcheck import GradcheckError, GradcheckResult, gradcheck

__all__ = [
    "Value",
    "GraphError",
    "topological_order",
    "weighted_sum",
    "detect_anomaly",
    "AnomalyError",
    "gradcheck",
    "GradcheckResult",
    "GradcheckError",
]
