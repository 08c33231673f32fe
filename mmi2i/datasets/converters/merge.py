"""Merge several domains of the common format into one COCO file.

Detectors (mmdet's ``CocoDataset``) need one annotation file with one
category list; the common format keeps a file per domain, each numbering
its own categories. The merged file unifies categories by name and makes
``file_name`` relative to the dataset root (``images/<domain>_<split>/...``).
"""
import os.path as osp
from typing import Dict, Optional, Sequence

from ..io import load_coco_instances
from .cli import check_out
from .writer import CocoWriter, domain_paths


def merge_domains(root: str,
                  domains: Sequence[str],
                  split: str,
                  out_file: Optional[str] = None,
                  classes: Optional[Sequence[str]] = None,
                  ann_files: Optional[Dict[str, str]] = None,
                  overwrite: bool = False) -> dict:
    """Merge ``<domain>_<split>`` files under ``root`` into one COCO dict.

    Args:
        root (str): Dataset root of the common format.
        domains (Sequence[str]): Domains to merge.
        split (str): Split name.
        out_file (str, optional): Where to write the merged JSON.
        classes (Sequence[str], optional): Category order; defaults to the
            categories in order of appearance.
        ann_files (dict, optional): Domain -> annotation file (absolute or
            relative to ``root``) instead of the standard layout; images are
            then looked up relative to that file's standard image folder.
        overwrite (bool): Replace an existing ``out_file`` (never one of
            the inputs).

    Returns:
        dict: the merged COCO dict.

    Raises:
        DataError: ``out_file`` is one of the inputs, or exists and
            ``overwrite`` is False.
    """
    loaded, inputs = [], set()
    names = list(classes) if classes is not None else []
    for d in domains:
        ann, img_dir = domain_paths(root, d, split)
        if ann_files and d in ann_files:
            ann = osp.join(root, ann_files[d])
        data = load_coco_instances(ann)
        inputs.add(osp.realpath(ann))
        for c in data['categories']:
            if classes is None and c['name'] not in names:
                names.append(c['name'])
        loaded.append((osp.relpath(img_dir, root), data))
    writer = CocoWriter(names)
    for img_rel, data in loaded:
        cat = {c['id']: c['name'] for c in data['categories']}
        new_id = {}
        for img in data['images']:
            new_id[img['id']] = writer.add_image(
                osp.join(img_rel, img['file_name']), img['height'],
                img['width'])
        for a in data['annotations']:
            if cat[a['category_id']] not in names:
                continue
            x, y, w, h = a['bbox']
            writer.add_instance(
                new_id[a['image_id']], cat[a['category_id']],
                bbox_xyxy=(x, y, x + w, y + h),
                segmentation=a.get('segmentation'))
            writer.annotations[-1]['area'] = a.get('area', w * h)
    if out_file is not None:
        check_out(out_file, 'json', overwrite, inputs)
        writer.dump(out_file)
    return writer.to_dict()
