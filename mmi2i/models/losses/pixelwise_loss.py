"""Pixel-wise reconstruction losses with optional weight maps."""
from typing import Optional

import torch.nn as nn
from torch import Tensor

from mmi2i.registry import LOSSES


def weighted_l1(pred: Tensor,
                target: Tensor,
                weight: Optional[Tensor] = None) -> Tensor:
    """Mean absolute error, optionally weighted per pixel.

    ``weight`` broadcasts to ``pred``; the mean is over all elements (a
    zero weight simply removes a pixel's contribution, as in InstaGAN's
    context preserving loss).
    """
    diff = (pred - target).abs()
    if weight is not None:
        diff = diff * weight
    return diff.mean()


@LOSSES.register_module()
class L1Loss(nn.Module):
    """``loss_weight`` x :func:`weighted_l1`."""

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self,
                pred: Tensor,
                target: Tensor,
                weight: Optional[Tensor] = None) -> Tensor:
        return self.loss_weight * weighted_l1(pred, target, weight)
