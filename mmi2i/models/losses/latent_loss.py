"""Losses on latent codes and style diversity (DRIT++, MSGAN) and
MGUIT's feature contrastive loss on memory items."""
from typing import Optional, Sequence, Union

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


def feature_contrastive(q: Tensor, items: Tensor, tau: float,
                        reduction: str = 'sum',
                        nearest: Optional[Tensor] = None) -> Tensor:
    """Eq. 8: -sum_p log softmax_n(q_p . m_n / tau) at the nearest item
    p+ (nearest by eq. 3). Queries and items are L2-normalized first (the
    paper leaves it open; without it the dot products are unbounded).

    Args:
        reduction (str): ``'sum'`` over the queries (eq. 8) or ``'mean'``
            (what the model uses: a sum over the P pixels of a feature
            map would outweigh every other loss by orders of magnitude).
        nearest (Tensor, optional): (P,) item index p+ of each query; by
            default the query's own nearest item. MGUIT's value loss uses
            the item nearest to the pixel's *content* (the key the pixel
            addresses), as the released code does.
    """
    q, items = F.normalize(q, dim=1), F.normalize(items, dim=1)
    logits = q @ items.t() / tau
    if nearest is None:
        nearest = logits.argmax(dim=1)
    return F.cross_entropy(logits, nearest, reduction=reduction)


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


@LOSSES.register_module()
class FeatureContrastiveLoss(nn.Module):
    """``loss_weight`` x :func:`feature_contrastive` (MGUIT eq. 8; keys 1,
    values 0.5).

    Args:
        tau (float): Temperature. The paper does not give it; 0.1 is our
            choice (configs/mguit/README.md).
        reduction (str): ``'mean'`` (default) or ``'sum'`` (eq. 8's sum
            over the queries).
    """

    def __init__(self, loss_weight: float = 1.0, tau: float = 0.1,
                 reduction: str = 'mean') -> None:
        super().__init__()
        if reduction not in ('mean', 'sum'):
            raise ValueError(f"reduction must be 'mean' or 'sum', got "
                             f'{reduction!r}')
        if tau <= 0:
            raise ValueError(f'tau must be positive, got {tau}')
        self.loss_weight = loss_weight
        self.tau = tau
        self.reduction = reduction

    def forward(self, q: Tensor, items: Tensor,
                nearest: Optional[Tensor] = None,
                reduction: Optional[str] = None) -> Tensor:
        return self.loss_weight * feature_contrastive(
            q, items, self.tau, reduction or self.reduction, nearest)


@LOSSES.register_module()
class DomainClassificationLoss(nn.Module):
    """Cross-entropy of domain logits against domain indices (StarGAN's
    and CGL's D_cls term), ``loss_weight`` x the batch mean. The weight
    applies to both players (StarGAN's lambda_cls multiplies the
    discriminator's term too)."""

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, logits: Tensor, labels: Tensor) -> Tensor:
        return self.loss_weight * F.cross_entropy(logits, labels)
