"""An example plugin living outside the package (see
docs/tutorials/custom_plugins.md): a new loss and a new generator."""
import torch.nn as nn

from mmi2i.models.losses import weighted_l1
from mmi2i.registry import GENERATORS, LOSSES


@LOSSES.register_module()
class ScaledL1Loss(nn.Module):
    """L1 times ``loss_weight`` times a fixed ``scale``."""

    def __init__(self, loss_weight=1.0, scale=2.0):
        super().__init__()
        self.loss_weight = loss_weight
        self.scale = scale

    def forward(self, pred, target, weight=None):
        return self.loss_weight * self.scale * weighted_l1(pred, target,
                                                           weight)


@GENERATORS.register_module()
class TinyConvGenerator(nn.Module):
    """Two 3x3 convolutions and a tanh."""

    def __init__(self, in_channels=3, out_channels=3, width=8):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1), nn.ReLU(),
            nn.Conv2d(width, out_channels, 3, padding=1), nn.Tanh())

    def forward(self, x):
        return self.net(x)
