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
from PIL import Image

from mmi2i.utils import atomic_path
from ..io import DataError, mask_to_rle, safe_join


def domain_paths(out_root: str, domain: str, split: str) -> Tuple[str, str]:
    """(annotation file, image folder) of one domain and split."""
    return (osp.join(out_root, 'annotations', f'{domain}_{split}.json'),
            osp.join(out_root, 'images', f'{domain}_{split}'))


def _entry(path: str) -> str:
    """The directory entry ``path`` names, with its folders resolved but
    not the entry itself (a symlink stays the link)."""
    path = osp.abspath(path)
    return osp.join(osp.realpath(osp.dirname(path)), osp.basename(path))


def _inside(path: str, folder: str) -> bool:
    folder = osp.realpath(folder)
    return path == folder or path.startswith(folder + os.sep)


def check_not_overwriting(src: str, dst: str) -> None:
    """Refuse to place ``src`` at ``dst`` when that would destroy ``src``:
    the same file (through any symlinked folder or link)."""
    if _entry(src) == _entry(dst) or osp.realpath(src) == _entry(dst):
        raise DataError(
            f'Refusing to place {src} onto itself ({dst}): the output '
            'overlaps the input; choose another --out')


def place_file(src: str, dst: str, mode: str = 'copy') -> None:
    """Copy, hard-link or symlink ``src`` to ``dst``.

    The new file is made under a temporary name beside ``dst`` and then
    renamed over it (``os.replace``), so an existing ``dst`` is never
    deleted before its replacement is complete. Placing a file onto
    itself raises :class:`DataError`.
    """
    if mode not in ('copy', 'symlink', 'hardlink'):
        raise ValueError(f'mode must be copy, symlink or hardlink: {mode}')
    check_not_overwriting(src, dst)
    os.makedirs(osp.dirname(osp.abspath(dst)), exist_ok=True)
    tmp = f'{dst}.tmp-{os.getpid()}'
    if osp.lexists(tmp):
        os.remove(tmp)
    try:
        if mode == 'copy':
            shutil.copyfile(src, tmp)
        elif mode == 'symlink':
            os.symlink(osp.abspath(src), tmp)
        else:
            os.link(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        if osp.lexists(tmp):
            os.remove(tmp)
        raise


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
        """Write the JSON atomically: a temporary file renamed over
        ``path``, so a full disk or a crash never leaves a truncated
        file in place of an earlier one."""
        os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, 'w',
                                            encoding='utf-8') as f:
            json.dump(self.to_dict(), f)


class DomainOutput:
    """One domain/split of a conversion, written to staging first.

    Images go to a hidden staging folder beside their final folder; the
    annotation JSON is written when the whole :class:`ConversionJob`
    commits, which then swaps the staging folder in. A run that fails
    halfway leaves any earlier dataset untouched.
    """

    def __init__(self, out_root: str, domain: str, split: str,
                 categories: Sequence[str], link_mode: str) -> None:
        self.domain, self.split = domain, split
        self.key = f'{domain}_{split}'
        self.ann_out, self.img_out = domain_paths(out_root, domain, split)
        self.staging = osp.join(
            osp.dirname(self.img_out),
            f'.{osp.basename(self.img_out)}.staging-{os.getpid()}')
        self.writer = CocoWriter(categories)
        self.link_mode = link_mode
        self.add_instance = self.writer.add_instance
        self._names: Dict[str, str] = {}  # lower-cased name -> source

    def add_image(self, src: str, file_name: str, height: int,
                  width: int) -> int:
        """Place the image file ``src`` as ``file_name`` and register it
        (a name that would leave the output folder, or one given twice,
        also as upper/lower-case variants, is refused)."""
        final = safe_join(self.img_out, file_name, 'output image')
        self._claim(file_name, src)
        check_not_overwriting(src, final)
        for p in (osp.realpath(src), _entry(src)):
            if _inside(p, self.img_out):
                raise DataError(
                    f'Refusing to convert: input image {src} lies in the '
                    f'output folder {self.img_out}, which this run '
                    'replaces; choose another --out')
        place_file(src, safe_join(self.staging, file_name), self.link_mode)
        return self.writer.add_image(file_name, height, width)

    def _claim(self, file_name: str, src: str) -> None:
        """Refuse a second image of the same name in this domain (two BDD100K
        frames named alike, KITTI's ``x.png`` and ``x.PNG``): one would
        silently replace the other on disk, or on a case-insensitive one."""
        key = file_name.lower()
        if key in self._names:
            raise DataError(
                f'{self.key}: two images would be written as {file_name} '
                f'({self._names[key]} and {src}); remove or rename one')
        self._names[key] = src

    def save_image(self, img: np.ndarray, file_name: str) -> int:
        """Write a generated uint8 (H, W, 3) image and register it."""
        self._claim(file_name, '<generated>')
        os.makedirs(self.staging, exist_ok=True)
        Image.fromarray(img).save(
            safe_join(self.staging, file_name, 'output image'))
        return self.writer.add_image(file_name, img.shape[0], img.shape[1])

    @property
    def num_images(self) -> int:
        return len(self.writer.images)

    @property
    def num_instances(self) -> int:
        return len(self.writer.annotations)

    def commit(self) -> None:
        os.makedirs(self.staging, exist_ok=True)
        tmp_ann = f'{self.ann_out}.staged-{os.getpid()}'
        self.writer.dump(tmp_ann)
        old = None
        if osp.lexists(self.img_out):
            old = f'{self.staging}.old'
            os.rename(self.img_out, old)
        os.rename(self.staging, self.img_out)
        os.replace(tmp_ann, self.ann_out)
        if old is None:
            return
        if osp.isdir(old) and not osp.islink(old):
            shutil.rmtree(old)
        else:
            os.remove(old)

    def abort(self) -> None:
        if osp.isdir(self.staging):
            shutil.rmtree(self.staging)


class ConversionJob:
    """All outputs of one converter run, committed together or not at all.

    Use as a context manager::

        with ConversionJob(out_root, link_mode, allow_empty) as job:
            out = job.domain('sheep', 'train', ['sheep'])
            image_id = out.add_image(src, name, h, w)
            out.add_instance(image_id, 'sheep', mask=m)

    On leaving without an exception every domain is checked (one with no
    instances is an error unless ``allow_empty``), the per-domain image and
    instance counts are printed, and the staged outputs replace the old
    ones. On an exception the staged files are removed.
    """

    def __init__(self, out_root: str, link_mode: str = 'copy',
                 allow_empty: bool = False, verbose: bool = True) -> None:
        if link_mode not in ('copy', 'symlink', 'hardlink'):
            raise ValueError('link mode must be copy, symlink or hardlink: '
                             f'{link_mode}')
        self.out_root = out_root
        self.link_mode = link_mode
        self.allow_empty = allow_empty
        self.verbose = verbose
        self.outputs: Dict[str, DomainOutput] = {}

    def domain(self, domain: str, split: str,
               categories: Sequence[str]) -> DomainOutput:
        out = DomainOutput(self.out_root, domain, split, categories,
                           self.link_mode)
        if out.key in self.outputs:
            raise ValueError(f'domain {out.key} written twice')
        self.outputs[out.key] = out
        return out

    def counts(self) -> Dict[str, Tuple[int, int]]:
        """``<domain>_<split>`` -> (images, instances)."""
        return {k: (o.num_images, o.num_instances)
                for k, o in self.outputs.items()}

    def __enter__(self) -> 'ConversionJob':
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self._check()
            except BaseException:
                self._abort()
                raise
            for out in self.outputs.values():
                out.commit()
            if self.verbose:
                for key, (n_img, n_ins) in self.counts().items():
                    print(f'{key}: {n_img} images, {n_ins} instances')
        else:
            self._abort()

    def _check(self) -> None:
        empty = [k for k, (_, n) in self.counts().items() if n == 0]
        if not self.outputs:
            raise DataError('nothing to convert: no domain was written')
        if empty and not self.allow_empty:
            detail = ', '.join(f'{k} ({self.outputs[k].num_images} images)'
                               for k in empty)
            raise DataError(
                f'no instances in {detail}: check the input paths, class '
                'names and filters (e.g. --min-area), or pass --allow-empty '
                'to write it anyway; nothing was written')

    def _abort(self) -> None:
        for out in self.outputs.values():
            out.abort()
