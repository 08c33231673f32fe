"""InstaGAN's context preserving loss weight (paper eq. 6)."""
from torch import Tensor


def binary_union(masks: Tensor, valid: Tensor) -> Tensor:
    """Union of binarized ([-1, 1] -> > 0) valid masks: (B, 1, H, W)."""
    if masks.shape[1] == 0:
        return masks.new_zeros(masks.shape[0], 1, *masks.shape[2:])
    binary = (masks > 0) & valid[:, :, None, None]
    return binary.any(1, keepdim=True).to(masks.dtype)


def context_weight(orig_masks: Tensor, orig_valid: Tensor, new_masks: Tensor,
                   new_valid: Tensor) -> Tensor:
    """1 - elementwise max of the binarized original and translated masks:
    1 only where a pixel is background in both (B, 1, H, W)."""
    return 1.0 - (binary_union(orig_masks, orig_valid).maximum(
        binary_union(new_masks, new_valid)))


def valid_mean_weight(valid: Tensor, like: Tensor) -> Tensor:
    """A weight map selecting the valid masks of a (B, N, H, W) set,
    scaled so that a weighted mean equals the mean over valid masks."""
    w = valid[:, :, None, None].to(like.dtype).expand_as(like)
    total = w.sum()
    return w * (w.numel() / total) if total > 0 else w
