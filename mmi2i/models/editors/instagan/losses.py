"""InstaGAN's loss terms as small pure functions (paper eqs. 3-6 and the
authors' code)."""
import torch
from torch import Tensor

from mmi2i.structures import union_mask


def binary_union(masks: Tensor, valid: Tensor) -> Tensor:
    """Union of binarized ([-1, 1] -> > 0) valid masks: (B, 1, H, W)."""
    return (union_mask(masks, valid) > 0).to(masks.dtype)


def context_weight(orig_masks: Tensor, orig_valid: Tensor, new_masks: Tensor,
                   new_valid: Tensor) -> Tensor:
    """The paper's text (eq. 6): 1 - elementwise max of the binarized
    original and translated masks, i.e. 1 only where a pixel is background
    in both (B, 1, H, W). No gradient reaches the masks."""
    return 1.0 - (binary_union(orig_masks, orig_valid).maximum(
        binary_union(new_masks, new_valid)))


def _masked(masks: Tensor, valid: Tensor) -> Tensor:
    """Padded slots set to -1 (empty in [-1, 1])."""
    return masks.where(valid[:, :, None, None], masks.new_tensor(-1.0))


def soft_context_weight(orig_masks: Tensor, orig_valid: Tensor,
                        new_masks: Tensor, new_valid: Tensor) -> Tensor:
    """The authors' code: ``1 - clamp(sum((m + 1) / 2), 0, 1)`` over the
    original and translated masks in [-1, 1] (padded slots are empty),
    (B, 1, H, W). Differentiable in the translated masks, so the context
    loss also shapes them."""
    total = ((_masked(orig_masks, orig_valid) + 1) / 2).sum(1, True) + (
        (_masked(new_masks, new_valid) + 1) / 2).sum(1, True)
    return 1.0 - total.clamp(0.0, 1.0)


#: ``context_weight=`` option of :class:`InstaGAN` -> weight function.
CONTEXT_WEIGHTS = dict(soft=soft_context_weight, binary=context_weight)


def set_channels(img: Tensor, masks: Tensor, valid: Tensor) -> Tensor:
    """[image; mask slots] as one (B, 3 + N, H, W) tensor, padded slots
    -1: an L1 of two such tensors is the official cycle/identity loss
    over the concatenation (padded slots count with zero error)."""
    return torch.cat([img, _masked(masks, valid)], 1)


def valid_mean_weight(valid: Tensor, like: Tensor) -> Tensor:
    """A weight map selecting the valid masks of a (B, N, H, W) set,
    scaled so that a weighted mean equals the mean over valid masks."""
    w = valid[:, :, None, None].to(like.dtype).expand_as(like)
    total = w.sum()
    return w * (w.numel() / total) if total > 0 else w
