"""Inpainted backgrounds as a pipeline field (MGD-GAN, Sec. 2.2)."""
import os.path as osp
from typing import Optional

from mmcv.transforms import BaseTransform

from mmi2i.registry import INPAINTERS, TRANSFORMS
from ..background_cache import BackgroundCache


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
        cache_dir (str, optional): Cache folder; ``'auto'`` (default) puts
            it beside the dataset, ``<data_root>/backgrounds/<inpainter
            type>`` (the images' folder is ``<data_root>/images/<x>``);
            None computes every time.
    """

    def __init__(self, inpainter: Optional[dict] = None,
                 cache_dir: Optional[str] = 'auto') -> None:
        inpainter = inpainter or dict(type='OpenCVInpainter')
        self.inpainter = INPAINTERS.build(inpainter)
        self.cache_dir = cache_dir
        self._name = inpainter['type']
        self._caches = {}

    def cache_for(self, img_path: str):
        """The :class:`BackgroundCache` an image's background goes to."""
        folder = self.cache_dir
        if folder == 'auto':
            root = osp.dirname(osp.dirname(osp.dirname(
                osp.abspath(img_path))))
            folder = osp.join(root, 'backgrounds', self._name)
        if folder not in self._caches:
            self._caches[folder] = BackgroundCache(folder, self.inpainter)
        return self._caches[folder]

    def transform(self, results: dict) -> dict:
        if 'gt_masks' not in results:
            raise KeyError(f'{type(self).__name__} needs the instance masks '
                           f'of {results.get("img_path")}: place it after '
                           'LoadInstances in the pipeline')
        img, masks = results['img'], results['gt_masks']
        union = masks.any(0) if len(masks) else masks.sum(0) > 0
        if self.cache_dir is not None:
            background = self.cache_for(results['img_path']).get(
                results['img_path'], img, union)
        else:
            background = self.inpainter(img, union)
        results['background'] = background
        results['img_fields'] = tuple(results.get('img_fields', ())) + (
            'background', )
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(inpainter={self.inpainter!r}, '
                f'cache_dir={self.cache_dir!r})')
