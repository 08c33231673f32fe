"""Losses on latent codes and style diversity (DRIT++, MSGAN)."""
from typing import Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import LOSSES


def kl_divergence(mu: Tensor, logvar: Tensor) -> Tensor:
    """KL(N(mu, exp(logvar)) || N(0, I)) summed over batch and dimensions,
    ``-0.5 * sum(1 + logvar - mu^2 - exp(logvar))`` (DRIT++'s form: a sum,
    not a mean)."""
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def l2_regularize(x: Tensor) -> Tensor:
    """mean(x^2): DRIT's 'KL' on content codes."""
    return x.pow(2).mean()


def mode_seeking(out1: Tensor, out2: Tensor, z1: Tensor, z2: Tensor,
                 eps: float = 1e-5) -> Tensor:
    """Mode-seeking term of DRIT++/MSGAN: 1 / (mean|out1 - out2| /
    mean|z1 - z2| + eps); large when two styles give the same image."""
    ratio = (out1 - out2).abs().mean() / (z1 - z2).abs().mean()
    return 1.0 / (ratio + eps)


@LOSSES.register_module()
class KLDivergenceLoss(nn.Module):
    """``loss_weight`` x :func:`kl_divergence` (DRIT++: 0.01)."""

    def __init__(self, loss_weight: float = 0.01) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, mu: Tensor, logvar: Tensor) -> Tensor:
        return self.loss_weight * kl_divergence(mu, logvar)


@LOSSES.register_module()
class L2RegularizationLoss(nn.Module):
    """``loss_weight`` x :func:`l2_regularize` (DRIT++ on content codes:
    0.01)."""

    def __init__(self, loss_weight: float = 0.01) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, x: Tensor) -> Tensor:
        return self.loss_weight * l2_regularize(x)


@LOSSES.register_module()
class ModeSeekingLoss(nn.Module):
    """``loss_weight`` x :func:`mode_seeking` (DRIT++: 1)."""

    def __init__(self, loss_weight: float = 1.0, eps: float = 1e-5) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.eps = eps

    def forward(self, out1: Tensor, out2: Tensor, z1: Tensor,
                z2: Tensor) -> Tensor:
        return self.loss_weight * mode_seeking(out1, out2, z1, z2, self.eps)


@LOSSES.register_module()
class ContentAdversarialLoss(nn.Module):
    """DRIT's content adversarial loss: binary cross-entropy of the content
    discriminator's logits against ``target``, summed over its outputs.
    The discriminator learns targets 0 (first domain) and 1 (second); the
    encoders are pushed to 0.5, codes of both domains indistinguishable.
    ``loss_weight`` applies to the encoders' side (``is_disc=False``)."""

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, preds: Union[Tensor, Sequence[Tensor]],
                target: float, is_disc: bool = False) -> Tensor:
        preds = [preds] if isinstance(preds, Tensor) else list(preds)
        loss = sum(
            F.binary_cross_entropy_with_logits(p, torch.full_like(p, target))
            for p in preds)
        return loss if is_disc else loss * self.loss_weight
