"""Select COCO images of given categories into per-category domains."""
import os.path as osp
from typing import Dict, List, Optional, Sequence

from mmengine.utils import ProgressBar
from pycocotools.coco import COCO

from ..io import DataError, load_coco_instances, resolve_classes
from .writer import CocoWriter, domain_paths, place_file


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
                       progress: bool = True) -> Dict[str, int]:
    """Write one domain per category (e.g. sheep vs giraffe).

    An image joins a category's domain when it holds between
    ``min_instances`` and ``max_instances`` non-crowd instances of that
    category of area at least ``min_area``; only those instances are kept.
    With ``exclusive`` an image that qualifies for more than one of the
    categories is left out of all of them.

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
            anns = [
                a for a in coco.loadAnns(
                    coco.getAnnIds(
                        imgIds=[img_id],
                        catIds=[name_to_id[cat]],
                        iscrowd=False)) if a.get('area', 0) >= min_area
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
    written = {}
    for cat in categories:
        ann_out, img_out = domain_paths(out_root, cat, split)
        writer = CocoWriter([cat])
        ids = sorted(selected[cat])
        bar = ProgressBar(len(ids)) if progress and ids else None
        for img_id in ids:
            info = coco.imgs[img_id]
            src = osp.join(img_dir, info['file_name'])
            if not osp.isfile(src):
                raise DataError(f'{ann_file} references {src}, which does '
                                'not exist')
            place_file(src, osp.join(img_out, info['file_name']), link_mode)
            new_id = writer.add_image(info['file_name'], info['height'],
                                      info['width'])
            for ann in selected[cat][img_id]:
                x, y, w, h = ann['bbox']
                writer.add_instance(
                    new_id,
                    cat,
                    bbox_xyxy=(x, y, x + w, y + h),
                    segmentation=ann.get('segmentation'))
                writer.annotations[-1]['area'] = ann.get('area', w * h)
            if bar:
                bar.update()
        writer.dump(ann_out)
        written[cat] = len(ids)
    return written
