"""Open every image and mask of a dataset once and list every problem.

Used by ``tools/analysis/check_dataset.py``: a corrupt image or a broken
annotation is otherwise only reported when training reaches it.
"""
import os.path as osp
from typing import Callable, List, Optional

from .io import (DataError, load_coco_instances, read_image,
                 segmentation_to_mask)
from .unpaired_dataset import standard_domain


def dataset_domains(dataset_cfg: dict) -> List[dict]:
    """``(name, ann_file, img_dir)`` dicts (paths joined with
    ``data_root``) of an ``UnpairedInstanceDataset`` config."""
    root = dataset_cfg.get('data_root', '')
    split = dataset_cfg.get('split', 'train')
    out = []
    for d in dataset_cfg['domains']:
        d = standard_domain(d, split) if isinstance(d, str) else dict(d)
        out.append(dict(name=d['name'],
                        ann_file=osp.join(root, d['ann_file']),
                        img_dir=osp.join(root, d.get('img_dir', ''))))
    return out


def check_domain(ann_file: str, img_dir: str,
                 progress: Optional[Callable[[], None]] = None,
                 images: Optional[list] = None) -> List[str]:
    """Problems of one domain, one line each naming the file.

    Checks: the annotation file parses and is consistent; every image
    exists, decodes and has the size the file says; every instance
    decodes to a non-empty mask inside its image; the domain has at least
    one instance.
    """
    try:
        data = load_coco_instances(ann_file)
    except DataError as e:
        return [str(e)]
    problems = []
    anns = {}
    for a in data['annotations']:
        anns.setdefault(a['image_id'], []).append(a)
    for img in images if images is not None else data['images']:
        path = osp.join(img_dir, img['file_name'])
        try:
            h, w = read_image(path).shape[:2]
            if (h, w) != (img['height'], img['width']):
                problems.append(f'{path} is {h}x{w} (HxW) but {ann_file} '
                                f'says {img["height"]}x{img["width"]}')
        except DataError as e:
            problems.append(str(e))
        for a in anns.get(img['id'], []):
            problems += _check_instance(a, img, ann_file, path)
        if progress is not None:
            progress()
    if not data['annotations']:
        problems.append(f'{ann_file}: no instances at all')
    return problems


def _check_instance(ann: dict, img: dict, ann_file: str,
                    path: str) -> List[str]:
    where = f'{ann_file}: annotation {ann["id"]} of {path}'
    if 'segmentation' not in ann:
        x, y, w, h = ann['bbox']
        if not (w > 0 and h > 0):
            return [f'{where}: empty box {ann["bbox"]}']
        return []
    try:
        mask = segmentation_to_mask(ann['segmentation'], img['height'],
                                    img['width'], where)
    except (DataError, ValueError, TypeError) as e:
        return [f'{where}: cannot decode its segmentation: {e}']
    if not mask.any():
        return [f'{where}: its mask is empty (outside the image?)']
    return []


def count_images(domains: List[dict]) -> int:
    total = 0
    for d in domains:
        try:
            total += len(load_coco_instances(d['ann_file'])['images'])
        except DataError:
            pass
    return total
