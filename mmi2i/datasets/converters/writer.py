"""Writer of the common on-disk format (see docs/data_format.md).

Layout under an output root, per domain and split::

    annotations/<domain>_<split>.json   # COCO-style instances
    images/<domain>_<split>/<file>      # the images
"""
import json
import os
import os.path as osp
import shutil
from typing import Dict, Optional, Sequence, Tuple

import numpy as np

from ..io import mask_to_rle


def domain_paths(out_root: str, domain: str, split: str) -> Tuple[str, str]:
    """(annotation file, image folder) of one domain and split."""
    return (osp.join(out_root, 'annotations', f'{domain}_{split}.json'),
            osp.join(out_root, 'images', f'{domain}_{split}'))


def place_file(src: str, dst: str, mode: str = 'copy') -> None:
    """Copy, hard-link or symlink ``src`` to ``dst``."""
    os.makedirs(osp.dirname(dst), exist_ok=True)
    if osp.lexists(dst):
        os.remove(dst)
    if mode == 'copy':
        shutil.copyfile(src, dst)
    elif mode == 'symlink':
        os.symlink(osp.abspath(src), dst)
    elif mode == 'hardlink':
        os.link(src, dst)
    else:
        raise ValueError(f'mode must be copy, symlink or hardlink: {mode}')


class CocoWriter:
    """Accumulates images and instances, then dumps a COCO instances JSON.

    Args:
        categories (Sequence[str]): Category names; ids are 1-based in this
            order.
    """

    def __init__(self, categories: Sequence[str]) -> None:
        self.categories = list(categories)
        self._cat_id: Dict[str, int] = {
            c: i + 1
            for i, c in enumerate(self.categories)
        }
        self.images = []
        self.annotations = []

    def add_image(self, file_name: str, height: int, width: int,
                  image_id: Optional[int] = None) -> int:
        image_id = len(self.images) + 1 if image_id is None else image_id
        self.images.append(
            dict(
                id=image_id,
                file_name=file_name,
                height=int(height),
                width=int(width)))
        return image_id

    def add_instance(self,
                     image_id: int,
                     category: str,
                     mask: Optional[np.ndarray] = None,
                     bbox_xyxy: Optional[Sequence[float]] = None,
                     segmentation=None) -> int:
        """Add one instance from a bool mask, a polygon/RLE or a box."""
        if category not in self._cat_id:
            raise KeyError(f'unknown category {category!r}; known: '
                           f'{self.categories}')
        ann = dict(
            id=len(self.annotations) + 1,
            image_id=image_id,
            category_id=self._cat_id[category],
            iscrowd=0)
        if mask is not None:
            ys, xs = np.nonzero(mask)
            if len(xs) == 0:
                raise ValueError('empty mask')
            ann['segmentation'] = mask_to_rle(mask)
            ann['area'] = int(mask.sum())
            x1, y1, x2, y2 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
        else:
            if bbox_xyxy is None:
                raise ValueError('an instance needs a mask or a box')
            x1, y1, x2, y2 = bbox_xyxy
            ann['area'] = float((x2 - x1) * (y2 - y1))
            if segmentation is not None:
                ann['segmentation'] = segmentation
        ann['bbox'] = [float(x1), float(y1), float(x2 - x1), float(y2 - y1)]
        self.annotations.append(ann)
        return ann['id']

    def to_dict(self) -> dict:
        return dict(
            images=self.images,
            annotations=self.annotations,
            categories=[
                dict(id=self._cat_id[c], name=c, supercategory='')
                for c in self.categories
            ])

    def dump(self, path: str) -> None:
        os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(self.to_dict(), f)
