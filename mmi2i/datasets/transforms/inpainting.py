"""Inpainted backgrounds as a pipeline field (MGD-GAN, Sec. 2.2)."""
from typing import Optional

from mmcv.transforms import BaseTransform

from mmi2i.registry import INPAINTERS, TRANSFORMS


@TRANSFORMS.register_module()
class LoadInpaintedBackground(BaseTransform):
    """Add ``background``: the image with all its instances removed by an
    inpainter, read from (or added to) an on-disk cache.

    Place it right after ``LoadInstances`` (at the raw image size, so
    each image is inpainted once whatever the later crops and flips); the
    geometric transforms then treat ``background`` like ``img``
    (``img_fields``). Fill the cache beforehand, with a progress bar, by
    ``tools/misc/inpaint_backgrounds.py CONFIG``; misses are computed on
    the fly.

    Args:
        inpainter (dict): An ``INPAINTERS`` config. Defaults to
            ``OpenCVInpainter``.
        cache_dir (str, optional): Cache folder; None computes every time.
    """

    def __init__(self, inpainter: Optional[dict] = None,
                 cache_dir: Optional[str] = None) -> None:
        from mmi2i.models.inpainters import BackgroundCache
        self.inpainter = INPAINTERS.build(
            inpainter or dict(type='OpenCVInpainter'))
        self.cache_dir = cache_dir
        self.cache = (BackgroundCache(cache_dir, self.inpainter)
                      if cache_dir else None)

    def transform(self, results: dict) -> dict:
        img, masks = results['img'], results['gt_masks']
        union = masks.any(0) if len(masks) else masks.sum(0) > 0
        if self.cache is not None:
            background = self.cache.get(results['img_path'], img, union)
        else:
            background = self.inpainter(img, union)
        results['background'] = background
        results['img_fields'] = tuple(results.get('img_fields', ())) + (
            'background', )
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(inpainter={self.inpainter!r}, '
                f'cache_dir={self.cache_dir!r})')
