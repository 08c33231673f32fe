"""The value conventions of images and masks, one helper each.

Images are uint8 on disk and in data samples, float in [-1, 1] inside the
models; instance masks are {0, 1} (B, N, H, W) with a validity mask
(B, N) for padded slots, and [-1, 1] where a network reads or writes them.
"""
from typing import Optional

from torch import Tensor


def to_signed(x: Tensor) -> Tensor:
    """[0, 1] (a {0, 1} mask) -> [-1, 1]."""
    return x * 2.0 - 1.0


def from_uint8(x: Tensor) -> Tensor:
    """uint8 [0, 255] -> float [-1, 1]."""
    return x.float() / 127.5 - 1


def to_uint8(x: Tensor) -> Tensor:
    """Float [-1, 1] -> uint8 [0, 255] (rounded, clamped)."""
    return ((x + 1) * 127.5).round().clamp(0, 255).byte()


def union_mask(masks: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    """Union (max) of the valid instance masks: (B, N, H, W) -> (B, 1, H,
    W); an empty set gives zeros. For [-1, 1] masks, ``> 0`` of the result
    is the union of the binarized masks."""
    if masks.shape[1] == 0:
        return masks.new_zeros(masks.shape[0], 1, *masks.shape[2:])
    if valid is not None:
        masks = masks * valid[:, :, None, None].to(masks.dtype)
    return masks.amax(dim=1, keepdim=True)
