"""Select COCO images of given categories into per-category domains."""
import os.path as osp
from typing import Dict, List, Optional, Sequence

from mmengine.utils import ProgressBar
from pycocotools.coco import COCO

from ..io import (DataError, load_coco_instances, resolve_classes, safe_join,
                  segmentation_to_mask)
from .writer import ConversionJob


def convert_coco_pairs(ann_file: str,
                       img_dir: str,
                       out_root: str,
                       categories: Sequence[str],
                       split: str = 'train',
                       min_instances: int = 1,
                       max_instances: Optional[int] = None,
                       min_area: float = 0.0,
                       exclusive: bool = False,
                       link_mode: str = 'copy',
                       progress: bool = True,
                       allow_empty: bool = False) -> Dict[str, int]:
    """Write one domain per category (e.g. sheep vs giraffe).

    An image joins a category's domain when it holds between
    ``min_instances`` and ``max_instances`` non-crowd instances of that
    category of area at least ``min_area``; only those instances are kept.
    The area is the annotation's ``area`` field, or computed from its
    segmentation (or box) when the field is missing; instances whose mask
    lies entirely outside the image are dropped. With ``exclusive`` an
    image that qualifies for more than one of the categories is left out
    of all of them. Nothing is written unless the whole run succeeds (see
    :class:`ConversionJob`).

    Returns:
        dict: number of images written per domain.
    """
    data = load_coco_instances(ann_file)  # validates and reports clearly
    known = [c['name'] for c in data['categories']]
    resolve_classes(categories, known, ann_file)
    coco = COCO()
    coco.dataset = data
    coco.createIndex()
    name_to_id = {c['name']: c['id'] for c in data['categories']}
    selected: Dict[str, Dict[int, List[dict]]] = {}
    for cat in categories:
        per_img: Dict[int, List[dict]] = {}
        for img_id in coco.getImgIds(catIds=[name_to_id[cat]]):
            info = coco.imgs[img_id]
            anns = [
                a for a in coco.loadAnns(
                    coco.getAnnIds(imgIds=[img_id], catIds=[name_to_id[cat]]))
                if not a.get('iscrowd', 0)
                and _usable(a, info, min_area, ann_file)
            ]
            if len(anns) < min_instances:
                continue
            if max_instances is not None and len(anns) > max_instances:
                continue
            per_img[img_id] = anns
        selected[cat] = per_img
    if exclusive:
        counts: Dict[int, int] = {}
        for per_img in selected.values():
            for img_id in per_img:
                counts[img_id] = counts.get(img_id, 0) + 1
        for cat in categories:
            selected[cat] = {
                k: v
                for k, v in selected[cat].items() if counts[k] == 1
            }
    missing = sorted({
        coco.imgs[i]['file_name']
        for per_img in selected.values() for i in per_img
        if not osp.isfile(safe_join(img_dir, coco.imgs[i]['file_name'],
                                    f'{ann_file}: image {i}'))
    })
    if missing:
        shown = ', '.join(missing[:5]) + (' ...' if len(missing) > 5 else '')
        raise DataError(f'{ann_file} references {len(missing)} image(s) '
                        f'missing from {img_dir}: {shown}')
    written = {}
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        for cat in categories:
            out = job.domain(cat, split, [cat])
            ids = sorted(selected[cat])
            bar = ProgressBar(len(ids)) if progress and ids else None
            for img_id in ids:
                info = coco.imgs[img_id]
                new_id = out.add_image(
                    safe_join(img_dir, info['file_name']), info['file_name'],
                    info['height'], info['width'])
                for ann in selected[cat][img_id]:
                    x, y, w, h = ann['bbox']
                    out.add_instance(
                        new_id, cat, bbox_xyxy=(x, y, x + w, y + h),
                        segmentation=ann.get('segmentation'))
                    out.writer.annotations[-1]['area'] = ann['_area']
                if bar:
                    bar.update()
            written[cat] = len(ids)
    return written


def _usable(ann: dict, info: dict, min_area: float, source: str) -> bool:
    """Whether an annotation is visible in its image and large enough;
    stores its area (the ``area`` field, else computed) as ``_area``."""
    h, w = int(info['height']), int(info['width'])
    if 'segmentation' in ann:
        visible = float(
            segmentation_to_mask(ann['segmentation'], h, w,
                                 f'{source} (annotation {ann["id"]})').sum())
    else:
        x, y, bw, bh = ann['bbox']
        visible = float(max(0.0, min(x + bw, w) - max(x, 0.0)) *
                        max(0.0, min(y + bh, h) - max(y, 0.0)))
    if visible <= 0:
        return False  # entirely outside the image
    ann['_area'] = float(ann['area']) if 'area' in ann else visible
    return ann['_area'] >= min_area
