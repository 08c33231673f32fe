"""An on-disk cache of inpainted backgrounds: computed once, resumable."""
import hashlib
import os
import os.path as osp
import warnings
from typing import Callable, Optional, Tuple

import numpy as np
from PIL import Image, UnidentifiedImageError

from mmi2i.utils import atomic_path
from .io import DataWarning


class BackgroundCache:
    """Inpainted backgrounds keyed by image and mask content.

    Each entry is a PNG named by a hash of the image's pixels, the mask
    bytes and the inpainter's ``repr`` (so another image under the same
    name, or changed inpainter settings, recompute). Files are written
    under a temporary name and renamed, so an interrupted run leaves no
    broken entry and a rerun continues where it stopped
    (``tools/misc/inpaint_backgrounds.py`` fills a whole dataset's cache
    with a progress bar). An entry that does not decode or has another
    size than its image (a zero-byte or foreign file) is recomputed with a
    warning naming it.

    Args:
        cache_dir (str): Folder of the cached PNGs.
        inpainter (callable): ``(img uint8 HxWx3, mask bool HxW) -> img``.
    """

    def __init__(self, cache_dir: str, inpainter: Callable) -> None:
        self.cache_dir = cache_dir
        self.inpainter = inpainter
        os.makedirs(cache_dir, exist_ok=True)

    def path(self, img: np.ndarray, mask: np.ndarray) -> str:
        h = hashlib.sha1()
        h.update(str(img.shape).encode())
        h.update(np.ascontiguousarray(img).tobytes())
        h.update(np.packbits(mask.astype(bool)).tobytes())
        h.update(str(mask.shape).encode())
        h.update(repr(self.inpainter).encode())
        return osp.join(self.cache_dir, f'{h.hexdigest()}.png')

    @staticmethod
    def _read(path: str, shape: tuple) -> Optional[np.ndarray]:
        """The entry at ``path`` if it decodes to an image of ``shape``,
        else None (missing, or broken: warned)."""
        if not osp.isfile(path):
            return None
        try:
            with Image.open(path) as f:
                out = np.array(f.convert('RGB'))
        except (UnidentifiedImageError, OSError, SyntaxError,
                ValueError) as e:
            reason = f'it does not decode ({type(e).__name__})'
        else:
            if out.shape == tuple(shape):
                return out
            reason = f'it is {out.shape[1]}x{out.shape[0]}, not ' \
                     f'{shape[1]}x{shape[0]}'
        warnings.warn(f'background cache entry {path}: {reason}; '
                      'recomputing it', DataWarning)
        return None

    def __contains__(self, item: Tuple[np.ndarray, np.ndarray]) -> bool:
        img, mask = item
        return self._read(self.path(img, mask), img.shape) is not None

    def get(self, key: str, img: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The background of ``img`` (from ``key``, its path) without
        ``mask``: from the cache, or inpainted now and stored."""
        path = self.path(img, mask)
        cached = self._read(path, img.shape)
        if cached is not None:
            return cached
        out = self.inpainter(img, mask)
        with atomic_path(path) as tmp:
            Image.fromarray(out).save(tmp, format='PNG')
        return out
