"""Shape statistics of instance masks."""
from typing import List

import numpy as np


def mask_aspect_ratios(masks: np.ndarray, min_area: int = 4) -> List[float]:
    """Height / width of the bounding box of each mask (N, H, W) with at
    least ``min_area`` pixels (sheep-like blobs ~0.9, giraffe-like shapes
    ~2.6 on the toy data)."""
    ratios = []
    for m in np.asarray(masks).astype(bool):
        if m.sum() < min_area:
            continue
        ys = np.flatnonzero(m.any(1))
        xs = np.flatnonzero(m.any(0))
        ratios.append((ys[-1] - ys[0] + 1) / (xs[-1] - xs[0] + 1))
    return ratios
