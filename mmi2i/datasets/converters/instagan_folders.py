"""Convert InstaGAN's folder layout to the common format.

InstaGAN stores ``<phase>A/N.png`` with masks ``<phase>A_seg/N_0.png``,
``N_1.png``... (binary, 0/255, mode L), likewise for B.
"""
import os
import os.path as osp
import re
from typing import Dict, List, Optional, Sequence

import numpy as np

from ..io import IMG_EXTS, AmbiguousMaskError, DataError, read_image, read_mask
from .writer import ConversionJob


def find_instance_masks(mask_dir: str, img_path: str) -> List[str]:
    """Mask files ``<stem>_<k>.<ext>`` of an image, sorted by ``k``."""
    stem = osp.splitext(osp.basename(img_path))[0]
    # names are literal: x[2].png's masks are x[2]_0.png, ... (no glob)
    pattern = re.compile(re.escape(stem) + r'_(\d+)\.[A-Za-z]+')
    found = []
    for name in os.listdir(mask_dir):
        m = pattern.fullmatch(name)
        if m:
            found.append((int(m.group(1)), osp.join(mask_dir, name)))
    return [p for _, p in sorted(found)]


def detect_phases(root: str, need_masks: bool = True) -> List[str]:
    """Phases (e.g. train, val, sample) that have ``<phase>A`` (or ``B``)
    and, if ``need_masks``, its ``_seg`` folder."""
    phases = set()
    for name in os.listdir(root):
        m = re.fullmatch(r'(.+)([AB])', name)
        if m and osp.isdir(osp.join(root, name)) and (
                not need_masks or osp.isdir(osp.join(root, name + '_seg'))):
            phases.add(m.group(1))
    return sorted(phases)


def convert_instagan_folders(root: str,
                             out_root: str,
                             domains: Sequence[str] = ('A', 'B'),
                             phases: Optional[Sequence[str]] = None,
                             link_mode: str = 'copy',
                             allow_empty: bool = False,
                             mask_value: Optional[int] = None,
                             mask_threshold: Optional[float] = None
                             ) -> Dict[str, int]:
    """Convert every phase of an InstaGAN dataset folder.

    Args:
        root (str): Folder holding ``trainA``, ``trainA_seg``, ... (with
            ``allow_empty``, ``_seg`` folders may be absent: the CycleGAN
            datasets' layout, images without instances).
        out_root (str): Output root of the common format.
        domains (Sequence[str]): Names given to A and B (also used as the
            category name of their instances).
        phases (Sequence[str], optional): Phases to convert; any name works,
            and each becomes the split of the same name, or of the name
            after ``=`` (``'sample=train'``: the authors' sample folders as
            a train split). Defaults to every phase found.
        mask_value, mask_threshold: How to read masks that are not
            two-valued (see :func:`read_mask`); without either, the
            authors' anti-aliased masks are read at > 127 (counted in a
            printed line) and two-valued ones where nonzero.

    Returns:
        dict: images written per ``<domain>_<phase>``.
    """
    if not osp.isdir(root):
        raise DataError(f'InstaGAN dataset folder not found: {root}')
    phases = list(phases) if phases else detect_phases(root, not allow_empty)
    if not phases:
        raise DataError(f'{root}: no <phase>A/<phase>A_seg folder pairs' + (
            ' or <phase>A folders' if allow_empty else ''))
    splits = dict(p.split('=', 1) if '=' in p else (p, p) for p in phases)
    for phase in splits:
        if not osp.isdir(osp.join(root, f'{phase}A')) and not osp.isdir(
                osp.join(root, f'{phase}B')):
            raise DataError(f'{root} has no {phase}A or {phase}B folder')
    written, soft = {}, []
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        for phase, split in splits.items():
            for letter, domain in zip('AB', domains):
                img_dir = osp.join(root, f'{phase}{letter}')
                seg_dir = img_dir + '_seg'
                if not osp.isdir(img_dir):
                    continue
                if not osp.isdir(seg_dir) and not allow_empty:
                    raise DataError(
                        f'{img_dir} has no mask folder {seg_dir} (for images '
                        "without instances, e.g. the CycleGAN datasets' "
                        'trainA/testA layout, pass --allow-empty)')
                out = job.domain(domain, split, [domain])
                files = sorted(
                    f for f in os.listdir(img_dir)
                    if f.lower().endswith(IMG_EXTS))
                for fname in files:
                    path = osp.join(img_dir, fname)
                    h, w = read_image(path).shape[:2]
                    masks = [
                        _read_instance_mask(mpath, path, h, w, mask_value,
                                            mask_threshold, soft)
                        for mpath in (find_instance_masks(seg_dir, path)
                                      if osp.isdir(seg_dir) else [])
                    ]
                    image_id = out.add_image(path, fname, h, w)
                    for mask in masks:
                        if mask.any():  # all-zero masks (warned) are skipped
                            out.add_instance(image_id, domain, mask=mask)
                written[out.key] = len(files)
    if soft:
        print(f'{len(soft)} anti-aliased mask(s) (the authors\' format, e.g. '
              f'{osp.basename(soft[0])}) read as foreground > '
              f'{AUTHORS_MASK_THRESHOLD}; --mask-threshold or --mask-value '
              'read them otherwise')
    return written


#: How the authors' anti-aliased masks are read when no mask option is
#: given: foreground > 127 of 255, as thresholding their 8-bit PNGs.
AUTHORS_MASK_THRESHOLD = 127


def _read_instance_mask(mpath: str, img_path: str, h: int, w: int,
                        value: Optional[int], threshold: Optional[float],
                        soft: Optional[list] = None):
    """One instance mask; without ``value``/``threshold`` a two-valued
    mask is foreground where nonzero and an anti-aliased one (the
    authors' own samples: 153 grey levels) where > 127, listed in
    ``soft``."""
    try:
        mask = read_mask(mpath, value, threshold)
    except AmbiguousMaskError:
        if value is not None or threshold is not None or soft is None:
            raise
        mask = read_mask(mpath, None, AUTHORS_MASK_THRESHOLD)
        soft.append(mpath)
    if mask.shape != (h, w):
        raise DataError(f'Mask {mpath} is {mask.shape[0]}x{mask.shape[1]} '
                        f'(HxW) but its image {img_path} is {h}x{w}')
    return mask


def write_instagan_example(root: str, phase: str, letter: str, name: str,
                           img: np.ndarray, masks: Sequence[np.ndarray]):
    """Write one image and its masks in InstaGAN's layout (for tests)."""
    from PIL import Image
    img_dir = osp.join(root, f'{phase}{letter}')
    os.makedirs(img_dir + '_seg', exist_ok=True)
    os.makedirs(img_dir, exist_ok=True)
    Image.fromarray(img).save(osp.join(img_dir, f'{name}.png'))
    for k, m in enumerate(masks):
        Image.fromarray(m.astype(np.uint8) * 255).save(
            osp.join(img_dir + '_seg', f'{name}_{k}.png'))
