"""INIT's instance branch inputs and its content-style association rule."""

from torch import Tensor

from ...utils import crop_instances  # noqa: F401 (re-exported)

#: Granularity of contents and styles: 0 is the finest (objects).
CONTENT_LEVELS = dict(object=0, image=2)
STYLE_LEVELS = dict(object=0, background=1, image=2)


def association_allowed(content: str, style: str) -> bool:
    """INIT's association rule (Fig. 3): a style may be applied to a
    content of the same or a finer granularity (image/background styles
    on object contents), never to a coarser one (an object style never
    renders a whole image)."""
    return STYLE_LEVELS[style] >= CONTENT_LEVELS[content]


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
