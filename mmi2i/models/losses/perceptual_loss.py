"""VGG-19 perceptual loss (SPADE's / pix2pixHD's ``VGGLoss``)."""
from typing import Sequence

import torch
import torch.nn as nn
from torch import Tensor

from mmi2i.registry import LOSSES

#: outputs of relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 in vgg19.features
VGG19_LAYERS = (1, 6, 11, 20, 29)
VGG19_FILE = 'vgg19-dcbb9e9d.pth'


@LOSSES.register_module()
class VGGPerceptualLoss(nn.Module):
    """``loss_weight x sum_i w_i |phi_i(x) - phi_i(y)|_1`` over VGG-19
    features (weights 1/32, 1/16, 1/8, 1/4, 1), images in [-1, 1].

    The ImageNet weights come from torch's hub cache
    (``~/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth``), downloaded
    there when missing (:func:`mmi2i.evaluation.weights.find_weights`).
    The network is built at the first call, not with the loss: only
    training needs it, so testing and translating a model whose objective
    has this loss need no VGG file. It is frozen and kept out of
    checkpoints.

    Args:
        loss_weight (float): Defaults to 10 (SPADE, MGD-GAN).
        layer_weights (Sequence[float]): Per-layer weights.
        pretrained (bool): Load the ImageNet weights (tests use False).
    """

    def __init__(self, loss_weight: float = 10.0,
                 layer_weights: Sequence[float] = (1 / 32, 1 / 16, 1 / 8,
                                                   1 / 4, 1.0),
                 pretrained: bool = True) -> None:
        super().__init__()
        self.pretrained = pretrained
        # built by _network(); a plain attribute, not a submodule, so it is
        # in neither state dicts nor DDP
        object.__setattr__(self, 'vgg', None)
        self.loss_weight = loss_weight
        self.layer_weights = tuple(layer_weights)
        self.register_buffer('mean', torch.tensor([0.485, 0.456,
                                                   0.406]).view(1, 3, 1, 1),
                             persistent=False)
        self.register_buffer('std', torch.tensor([0.229, 0.224,
                                                  0.225]).view(1, 3, 1, 1),
                             persistent=False)

    def _network(self, device: torch.device) -> nn.Sequential:
        """VGG-19 up to relu5_1, built (and its weights read) once."""
        if self.vgg is None:
            from torchvision.models import VGG19_Weights, vgg19
            weights = None
            if self.pretrained:
                from mmi2i.evaluation.weights import find_weights
                find_weights(VGG19_FILE)
                weights = VGG19_Weights.IMAGENET1K_V1
            features = vgg19(weights=weights).features[:VGG19_LAYERS[-1] + 1]
            features.requires_grad_(False).eval()
            object.__setattr__(self, 'vgg', features)
        return self.vgg.to(device)

    def _features(self, x: Tensor):
        x = ((x + 1) / 2 - self.mean) / self.std
        out = []
        for i, layer in enumerate(self._network(x.device)):
            x = layer(x)
            if i in VGG19_LAYERS:
                out.append(x)
        return out

    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        loss = 0.0
        for w, p, t in zip(self.layer_weights, self._features(pred),
                           self._features(target)):
            loss = loss + w * (p - t.detach()).abs().mean()
        return self.loss_weight * loss
