"""INIT's instance branch inputs and its content-style association rule."""
from typing import Tuple

import torch
from torch import Tensor
from torchvision.ops import roi_align

#: Granularity of contents and styles: 0 is the finest (objects).
CONTENT_LEVELS = dict(object=0, image=2)
STYLE_LEVELS = dict(object=0, background=1, image=2)


def association_allowed(content: str, style: str) -> bool:
    """INIT's association rule (Fig. 3): a style may be applied to a
    content of the same or a finer granularity (image/background styles
    on object contents), never to a coarser one (an object style never
    renders a whole image)."""
    return STYLE_LEVELS[style] >= CONTENT_LEVELS[content]


def crop_instances(img: Tensor, boxes: Tensor, valid: Tensor,
                   size: int) -> Tuple[Tensor, Tensor]:
    """Crop every valid instance box and resize it to ``size`` x ``size``:
    RoIAlign (``aligned=True``, one sample per bin), i.e. a bilinear resize
    of the box, sub-pixel boxes included.

    Args:
        img (Tensor): (B, C, H, W).
        boxes (Tensor): (B, N, 4) x1, y1, x2, y2 in pixels.
        valid (Tensor): (B, N) bool.

    Returns:
        tuple: crops (M, C, size, size) and the image index of each (M,).
    """
    index, slot = valid.nonzero(as_tuple=True)
    rois = torch.cat([index[:, None].to(boxes), boxes[index, slot]], 1)
    crops = roi_align(img, rois, (size, size), spatial_scale=1.0,
                      sampling_ratio=1, aligned=True)
    return crops, index


def background_images(img: Tensor, boxes: Tensor, valid: Tensor) -> Tensor:
    """The images with every valid instance box set to 0 (mid-grey in
    [-1, 1]): what the background style is encoded from."""
    out = img.clone()
    h, w = img.shape[-2:]
    for b, n in valid.nonzero().tolist():
        x1, y1, x2, y2 = boxes[b, n].tolist()
        x1, y1 = max(int(x1), 0), max(int(y1), 0)
        x2, y2 = min(int(round(x2)), w), min(int(round(y2)), h)
        out[b, :, y1:y2, x1:x2] = 0
    return out
