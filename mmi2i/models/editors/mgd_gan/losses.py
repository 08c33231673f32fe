"""MGD-GAN's loss terms as small pure functions (Su et al., IJCAI 2021,
eqs. 3-10). Masks are probabilities in [0, 1] (sigmoid outputs), shaped
(M, 1, H, W): one row per instance."""
from typing import Sequence

import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import LOSSES


def adv_g(gan, preds: Sequence[Tensor]) -> Tensor:
    """Eq. 3: the generator's adversarial loss summed over the
    discriminator's outputs (scales), ``sum_i gan(D_i(fake), real)``; with
    the hinge ``GANLoss`` this is ``sum_i -mean(D_i(fake))``."""
    return sum(gan(p, True) for p in preds)


def adv_d(gan, real: Sequence[Tensor], fake: Sequence[Tensor],
          w_real=1.0, w_fake=1.0) -> Tensor:
    """Eq. 4: ``1/2 sum_i (gan(D_i(fake), fake) + gan(D_i(real), real))``
    (discriminator form; the weights zero a dummy side, see MGDGAN)."""
    return 0.5 * sum(
        w_fake * gan(f, False, is_disc=True) +
        w_real * gan(r, True, is_disc=True) for r, f in zip(real, fake))


def pseudo_cycle(source: Tensor, regenerated: Tensor) -> Tensor:
    """Eq. 5: L1 between the source masks and G_mask's output for the
    *source* label (the masks should come back unchanged)."""
    return (source - regenerated).abs().mean()


def _resize(x: Tensor, size) -> Tensor:
    """Downsampling by area averaging, upsampling bilinearly."""
    if x.shape[-2] >= size[0]:
        return F.adaptive_avg_pool2d(x, size)
    return F.interpolate(x, size=size, mode='bilinear', align_corners=False)


def mask_consistency(levels: Sequence[Tensor]) -> Tensor:
    """Eq. 6: ``sum_{k>=2} |M'_1 - d(M'_k)|`` (mean L1 each), ``levels``
    ordered coarse (smallest, M'_1) to fine (M'_K)."""
    coarse = levels[0]
    return sum((coarse - _resize(m, coarse.shape[-2:])).abs().mean()
               for m in levels[1:])


def mask_completeness(mask: Tensor, factor: int = 4) -> Tensor:
    """Eq. 7 (L_com): ``|M - u(d(M))|``, d an area downsampling by
    ``factor`` and u a bilinear upsampling back: fragments that do not
    survive the round trip are penalised."""
    h, w = mask.shape[-2:]
    small = _resize(mask, (max(1, h // factor), max(1, w // factor)))
    return (mask - _resize(small, (h, w))).abs().mean()


def mask_size_penalty(mask: Tensor) -> Tensor:
    """Eq. 7 (L_penalty): the masks' size, ``sum_{H,W} M``, normalised by
    H x W (the fraction of the image covered, averaged over masks) so that
    lambda_penalty = 0.1 does not depend on the resolution."""
    return mask.mean()


def fusion_map_bce(alpha: Tensor, masks: Tensor,
                   eps: float = 1e-6) -> Tensor:
    """Eq. 10: binary cross-entropy between the fusion map alpha and the
    union of the real target masks (both (B, 1, H, W) in [0, 1])."""
    alpha = alpha.clamp(eps, 1 - eps)
    return -(masks * alpha.log() + (1 - masks) * (1 - alpha).log()).mean()


def feature_matching(real_feats: Sequence[Sequence[Tensor]],
                     fake_feats: Sequence[Sequence[Tensor]]) -> Tensor:
    """SPADE's feature matching: mean L1 between the discriminator's
    intermediate features of real and fake, averaged over scales and
    summed over layers (real features detached)."""
    total = 0.0
    for real, fake in zip(real_feats, fake_feats):
        for r, f in zip(real, fake):
            total = total + (r.detach() - f).abs().mean()
    return total / max(len(real_feats), 1)


#: The terms :class:`MGDGANLoss` weighs (the adversarial ones are applied
#: by the model through its GAN losses).
TERMS = ('pseudo_cycle', 'mask_consistency', 'mask_completeness',
         'mask_size_penalty', 'fusion_map_bce', 'feature_matching')


@LOSSES.register_module()
class MGDGANLoss(nn.Module):
    """``loss_weight x`` one of MGD-GAN's loss terms (``term``, one of
    :data:`TERMS`), so that each weight is set from the config."""

    def __init__(self, term: str, loss_weight: float = 1.0) -> None:
        super().__init__()
        if term not in TERMS:
            raise KeyError(f'unknown MGD-GAN loss term {term!r}; known: '
                           f'{list(TERMS)}')
        self.term, self.loss_weight = term, loss_weight
        self.fn = globals()[term]

    def forward(self, *args) -> Tensor:
        return self.loss_weight * self.fn(*args)
