"""Human-parsing datasets as instance data (InstaGAN's MHP and CCP).

* **MHP** (LV-MHP v1): ``images/<id>.jpg`` and, per person,
  ``annotations/<id>_<NN>_<kk>.png`` whose pixel values are part labels.
  Each person wearing the chosen part (e.g. pants) gives one instance: the
  pixels of that part.
* **CCP** (Clothing Co-Parsing): ``photos/<id>.jpg``, pixel-level labels
  ``annotations/pixel-level/<id>.mat`` (``groundtruth``) and the names in
  ``label_list.mat``. One person per image: the part's pixels are one
  instance.

An image joins the part's domain when at least one instance of the part
has ``min_area`` pixels.
"""
import glob
import os
import os.path as osp
import re
from typing import Dict, Optional, Sequence

import numpy as np
from PIL import Image

from ..io import DataError, read_image
from .cli import parse_pairs
from .writer import ConversionJob

#: LV-MHP v1 part labels (pixel value -> name), as listed in the dataset's
#: README; check them against your copy and pass ``part_ids`` otherwise.
MHP_V1_PARTS = {
    1: 'hat', 2: 'hair', 3: 'sunglasses', 4: 'upper-clothes', 5: 'skirt',
    6: 'pants', 7: 'dress', 8: 'belt', 9: 'left-shoe', 10: 'right-shoe',
    11: 'face', 12: 'left-leg', 13: 'right-leg', 14: 'left-arm',
    15: 'right-arm', 16: 'bag', 17: 'scarf', 18: 'torso-skin'
}


def _part_id(part: str, parts: Dict[int, str], source: str) -> int:
    ids = [k for k, v in parts.items() if v == part]
    if not ids:
        raise DataError(f'{source}: unknown part {part!r}; known: '
                        f'{sorted(parts.values())}')
    return ids[0]


def _read_ids(ids_file: Optional[str]) -> Optional[set]:
    if ids_file is None:
        return None
    if not osp.isfile(ids_file):
        raise DataError(f'Id list not found: {ids_file}')
    with open(ids_file) as f:
        return {osp.splitext(line.strip())[0] for line in f if line.strip()}


def _images(folder: str, ids: Optional[set]):
    if not osp.isdir(folder):
        raise DataError(f'Image folder not found: {folder}')
    for fname in sorted(os.listdir(folder)):
        stem = osp.splitext(fname)[0]
        if ids is None or stem in ids:
            yield fname, stem


def convert_mhp(root: str, out_root: str, part: str, split: str = 'train',
                ids_file: Optional[str] = None, min_area: int = 50,
                parts: Optional[Dict[int, str]] = None,
                link_mode: str = 'copy', allow_empty: bool = False) -> int:
    """Convert LV-MHP v1 to one domain named after ``part``.

    Returns:
        int: images written.
    """
    parts = MHP_V1_PARTS if parts is None else parts
    pid = _part_id(part, parts, root)
    n = 0
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        out = job.domain(part, split, [part])
        for fname, stem in _images(osp.join(root, 'images'),
                                   _read_ids(ids_file)):
            img_path = osp.join(root, 'images', fname)
            masks, h, w = _mhp_part_masks(root, stem, img_path, pid,
                                          min_area)
            if not masks:
                continue
            image_id = out.add_image(img_path, fname, h, w)
            for m in masks:
                out.add_instance(image_id, part, mask=m)
            n += 1
    return n


def _mhp_part_masks(root: str, stem: str, img_path: str, pid: int,
                    min_area: int):
    """Masks of part ``pid`` (at least ``min_area`` pixels), one per person
    of an MHP image, and the image size."""
    person_files = sorted(
        glob.glob(osp.join(glob.escape(osp.join(root, 'annotations')),
                           f'{glob.escape(stem)}_*.png')))  # literal
    person_files = [
        p for p in person_files
        if re.fullmatch(re.escape(stem) + r'_\d+_\d+\.png', osp.basename(p))
    ]
    masks = []
    h = w = None
    for p in person_files:
        parsing = np.array(Image.open(p))
        if parsing.ndim == 3:
            parsing = parsing[..., 0]
        if h is None:
            h, w = read_image(img_path).shape[:2]
        if parsing.shape != (h, w):
            raise DataError(f'Parsing map {p} is {parsing.shape[0]}x'
                            f'{parsing.shape[1]} but image {img_path} '
                            f'is {h}x{w}')
        m = parsing == pid
        if m.sum() >= min_area:
            masks.append(m)
    return masks, h, w


def load_ccp_labels(path: str) -> Dict[int, str]:
    """``label_list.mat`` -> {pixel value: name}."""
    if not osp.isfile(path):
        raise DataError(f'CCP label list not found: {path}')
    names = np.squeeze(_mat_field(path, 'label_list'))
    return {i: str(np.squeeze(n)) for i, n in enumerate(names)}


def _mat_field(path: str, field: str) -> np.ndarray:
    """One variable of a MATLAB file, with errors that name the file."""
    from scipy.io import loadmat
    from scipy.io.matlab import MatReadError
    if not osp.isfile(path):
        raise DataError(f'Annotation not found: {path}')
    try:
        data = loadmat(path)
    except (MatReadError, ValueError, OSError, TypeError,
            NotImplementedError) as e:
        raise DataError(f'Cannot read MATLAB file {path}: '
                        f'{type(e).__name__}: {e}') from e
    if field not in data:
        raise DataError(f'{path} has no variable {field!r} (it has '
                        f'{sorted(k for k in data if not k.startswith("_"))})')
    return np.asarray(data[field])


def convert_ccp(root: str, out_root: str, part: str, split: str = 'train',
                ids_file: Optional[str] = None, min_area: int = 50,
                link_mode: str = 'copy', allow_empty: bool = False) -> int:
    """Convert Clothing Co-Parsing (pixel-level subset) to one domain named
    after ``part`` (e.g. jeans, skirt).

    Returns:
        int: images written.
    """
    parts = load_ccp_labels(osp.join(root, 'label_list.mat'))
    pid = _part_id(part, parts, osp.join(root, 'label_list.mat'))
    ann_dir = osp.join(root, 'annotations', 'pixel-level')
    ids = _read_ids(ids_file)
    if ids is None and osp.isdir(ann_dir):
        ids = {osp.splitext(f)[0] for f in os.listdir(ann_dir)}
    n = 0
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        out = job.domain(part, split, [part])
        for fname, stem in _images(osp.join(root, 'photos'), ids):
            mat = osp.join(ann_dir, f'{stem}.mat')
            if not osp.isfile(mat):
                raise DataError(f'Annotation not found: {mat}')
            gt = _mat_field(mat, 'groundtruth')
            img_path = osp.join(root, 'photos', fname)
            h, w = read_image(img_path).shape[:2]
            if gt.shape != (h, w):
                raise DataError(f'{mat} is {gt.shape[0]}x{gt.shape[1]} but '
                                f'image {img_path} is {h}x{w}')
            m = gt == pid
            if m.sum() < min_area:
                continue
            image_id = out.add_image(img_path, fname, h, w)
            out.add_instance(image_id, part, mask=m)
            n += 1
    return n


def parse_part_ids(pairs: Optional[Sequence[str]]) -> Optional[Dict[int,
                                                                    str]]:
    """``['5=skirt', '6=pants']`` -> {5: 'skirt', 6: 'pants'}."""
    return parse_pairs(pairs, int)
