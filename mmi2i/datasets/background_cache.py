"""An on-disk cache of inpainted backgrounds: computed once, resumable."""
import hashlib
import os
import os.path as osp
from typing import Callable, Tuple

import numpy as np
from PIL import Image


class BackgroundCache:
    """Inpainted backgrounds keyed by image and mask content.

    Each entry is a PNG named by a hash of the image path, the mask bytes
    and the inpainter's ``repr`` (so changing the inpainter's settings
    recomputes). Files are written under a temporary name and renamed, so
    an interrupted run leaves no broken entry and a rerun continues where
    it stopped (``tools/misc/inpaint_backgrounds.py`` fills a whole
    dataset's cache with a progress bar).

    Args:
        cache_dir (str): Folder of the cached PNGs.
        inpainter (callable): ``(img uint8 HxWx3, mask bool HxW) -> img``.
    """

    def __init__(self, cache_dir: str, inpainter: Callable) -> None:
        self.cache_dir = cache_dir
        self.inpainter = inpainter
        os.makedirs(cache_dir, exist_ok=True)

    def path(self, key: str, mask: np.ndarray) -> str:
        h = hashlib.sha1()
        h.update(key.encode())
        h.update(np.packbits(mask.astype(bool)).tobytes())
        h.update(str(mask.shape).encode())
        h.update(repr(self.inpainter).encode())
        return osp.join(self.cache_dir, f'{h.hexdigest()}.png')

    def __contains__(self, item: Tuple[str, np.ndarray]) -> bool:
        return osp.isfile(self.path(*item))

    def get(self, key: str, img: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The background of ``img`` without ``mask``: from the cache, or
        inpainted now and stored."""
        path = self.path(key, mask)
        if osp.isfile(path):
            with Image.open(path) as f:
                return np.array(f.convert('RGB'))
        out = self.inpainter(img, mask)
        tmp = f'{path}.tmp-{os.getpid()}.png'
        Image.fromarray(out).save(tmp)
        os.replace(tmp, path)
        return out
