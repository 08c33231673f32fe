"""Converters for the driving datasets of MGUIT's domain-adaptation
experiment (KITTI -> Cityscapes, person / car / truck / bicycle).

* KITTI object detection: ``image_2/<id>.png`` and ``label_2/<id>.txt``,
  one object per line, ``type truncated occluded alpha x1 y1 x2 y2 h w l x
  y z rotation_y`` (15 fields). Objects become boxes.
* Cityscapes gtFine: ``leftImg8bit/<split>/<city>/<stem>_leftImg8bit.png``
  and ``gtFine/<split>/<city>/<stem>_gtFine_instanceIds.png``, whose pixel
  value is ``label_id * 1000 + k`` for an instance (values below 1000 are
  stuff or crowd regions, left out). Instances become masks.

Class maps name the source classes kept and the common class each becomes
(several may share one name; unlisted classes are dropped).
"""
import math
import os
import os.path as osp
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..io import DataError, read_id_map, read_image, read_text, safe_join
from .writer import ConversionJob

#: Every object type of KITTI's label files.
KITTI_TYPES = ('Car', 'Van', 'Truck', 'Pedestrian', 'Person_sitting',
               'Cyclist', 'Tram', 'Misc', 'DontCare')
#: KITTI -> the four common classes of MGUIT's Table 3.
KITTI_TO_COMMON = dict(Pedestrian='person', Person_sitting='person',
                       Car='car', Truck='truck', Cyclist='bicycle')
#: Cityscapes label ids -> the four common classes.
CITYSCAPES_TO_COMMON = {24: 'person', 26: 'car', 27: 'truck',
                        33: 'bicycle'}


def _categories(class_map: Dict) -> List[str]:
    return list(dict.fromkeys(class_map.values()))


def read_kitti_label(txt: str, class_map: Dict[str, str], w: int,
                     h: int) -> List[Tuple[str, Tuple[float, ...]]]:
    """(common class, clipped xyxy box) of each kept object of a KITTI
    label file.

    Raises:
        DataError: naming FILE:LINE, for a line without 15 fields (16 with
            a detection score), an unknown type or a bad coordinate.
    """
    out = []
    for lineno, line in enumerate(read_text(txt).splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) not in (15, 16):
            raise DataError(f'{txt}:{lineno}: expected 15 fields (type '
                            'truncated occluded alpha x1 y1 x2 y2 h w l '
                            f'x y z ry), got {len(parts)}')
        kind = parts[0]
        if kind not in KITTI_TYPES:
            raise DataError(f'{txt}:{lineno}: unknown KITTI type '
                            f'{kind!r}; known: {list(KITTI_TYPES)}')
        if kind not in class_map:
            continue
        try:
            x1, y1, x2, y2 = (float(v) for v in parts[4:8])
        except ValueError as e:
            raise DataError(f'{txt}:{lineno}: bad box: {e}') from e
        if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
            raise DataError(f'{txt}:{lineno}: non-finite box')
        x1, x2 = max(0.0, min(x1, x2)), min(float(w), max(x1, x2))
        y1, y2 = max(0.0, min(y1, y2)), min(float(h), max(y1, y2))
        if x2 - x1 > 0 and y2 - y1 > 0:
            out.append((class_map[kind], (x1, y1, x2, y2)))
    return out


def convert_kitti(root: str, out_root: str, domain: str = 'kitti',
                  split: str = 'train',
                  class_map: Optional[Dict[str, str]] = None,
                  link_mode: str = 'copy', allow_empty: bool = False) -> int:
    """Convert KITTI's ``image_2`` + ``label_2`` under ``root`` (e.g.
    ``KITTI/object/training``) to one domain of the common format.

    An image without a label file is an error (KITTI labels every training
    image); its objects of unlisted types are dropped.

    Returns:
        int: images written.
    """
    class_map = dict(class_map or KITTI_TO_COMMON)
    bad = sorted(set(class_map) - set(KITTI_TYPES))
    if bad:
        raise DataError(f'class map names unknown KITTI types {bad}; known: '
                        f'{list(KITTI_TYPES)}')
    img_dir, lbl_dir = osp.join(root, 'image_2'), osp.join(root, 'label_2')
    for folder in (img_dir, lbl_dir):
        if not osp.isdir(folder):
            raise DataError(f'KITTI folder not found: {folder} (expected '
                            'image_2/ and label_2/ under --root)')
    files = sorted(f for f in os.listdir(img_dir)
                   if f.lower().endswith(('.png', '.jpg')))
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        out = job.domain(domain, split, _categories(class_map))
        for fname in files:
            path = osp.join(img_dir, fname)
            txt = osp.join(lbl_dir, osp.splitext(fname)[0] + '.txt')
            if not osp.isfile(txt):
                raise DataError(f'KITTI label not found: {txt}')
            h, w = read_image(path).shape[:2]
            image_id = out.add_image(path, fname, h, w)
            for name, box in read_kitti_label(txt, class_map, w, h):
                out.add_instance(image_id, name, bbox_xyxy=box)
    return len(files)


def cityscapes_instances(ids: np.ndarray, class_map: Dict[int, str]
                         ) -> List[Tuple[str, np.ndarray]]:
    """(common class, bool mask) of each instance of an ``instanceIds``
    map whose label id is in ``class_map``, in increasing id order."""
    out = []
    for value in np.unique(ids):
        value = int(value)
        if value < 1000 or value // 1000 not in class_map:
            continue  # stuff, crowd regions, or a class not kept
        out.append((class_map[value // 1000], ids == value))
    return out


def convert_cityscapes(root: str, out_root: str, domain: str = 'cityscapes',
                       split: str = 'train',
                       class_map: Optional[Dict[int, str]] = None,
                       link_mode: str = 'copy',
                       allow_empty: bool = False) -> int:
    """Convert Cityscapes' ``leftImg8bit/<split>`` with
    ``gtFine/<split>`` instance ids under ``root`` to one domain (instance
    masks).

    Returns:
        int: images written.
    """
    class_map = {int(k): v for k, v in (class_map or
                                        CITYSCAPES_TO_COMMON).items()}
    img_root = osp.join(root, 'leftImg8bit', split)
    gt_root = osp.join(root, 'gtFine', split)
    for folder in (img_root, gt_root):
        if not osp.isdir(folder):
            raise DataError(f'Cityscapes folder not found: {folder} '
                            '(expected leftImg8bit/<split>/ and '
                            'gtFine/<split>/ under --root)')
    suffix = '_leftImg8bit.png'
    items = []
    for city in sorted(os.listdir(img_root)):
        city_dir = osp.join(img_root, city)
        if not osp.isdir(city_dir):
            continue
        for fname in sorted(os.listdir(city_dir)):
            if fname.endswith(suffix):
                items.append((city, fname))
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        out = job.domain(domain, split, _categories(class_map))
        for city, fname in items:
            path = osp.join(img_root, city, fname)
            stem = fname[:-len(suffix)]
            gt = osp.join(gt_root, city, f'{stem}_gtFine_instanceIds.png')
            if not osp.isfile(gt):
                raise DataError(f'Cityscapes instance ids not found: {gt}')
            h, w = read_image(path).shape[:2]
            ids = read_id_map(gt)
            if ids.shape != (h, w):
                raise DataError(f'{gt} is {ids.shape[1]}x{ids.shape[0]} '
                                f'but its image is {w}x{h}')
            image_id = out.add_image(path, fname, h, w)
            for name, mask in cityscapes_instances(ids, class_map):
                out.add_instance(image_id, name, mask=mask)
    return len(items)


#: BDD100K object categories -> the INIT classes (CGL's BDD100K setting).
BDD_TO_COMMON = {'car': 'car', 'person': 'person',
                 'traffic sign': 'traffic_sign'}
#: The weather domains of CGL from BDD100K's image attributes.
BDD_WEATHERS = ('sunny', 'night', 'cloudy', 'rainy')


def bdd_weather(attributes: dict) -> Optional[str]:
    """CGL's weather domain of a BDD100K frame, or None (not used):
    night = clear + night, sunny = clear + daytime, cloudy = overcast or
    partly cloudy + daytime, rainy = rainy + daytime."""
    weather = attributes.get('weather')
    time = attributes.get('timeofday')
    if weather == 'clear':
        return {'night': 'night', 'daytime': 'sunny'}.get(time)
    if time != 'daytime':
        return None
    if weather in ('overcast', 'partly cloudy'):
        return 'cloudy'
    if weather == 'rainy':
        return 'rainy'
    return None


def _bdd_polygon(label: dict, where: str) -> Optional[list]:
    """A closed ``poly2d`` of an object label as a COCO polygon, if any
    (BDD100K v1: a list of {vertices, types, closed})."""
    polys = label.get('poly2d')
    if not polys:
        return None
    out = []
    for poly in polys:
        if not isinstance(poly, dict) or 'vertices' not in poly:
            raise DataError(f'{where}: malformed poly2d {poly!r}')
        if not poly.get('closed', True):
            continue
        pts = [float(v) for xy in poly['vertices'] for v in xy]
        if len(pts) >= 6:
            out.append(pts)
    return out or None


def convert_bdd100k(label_json: str, img_dir: str, out_root: str,
                    split: str = 'train',
                    class_map: Optional[Dict[str, str]] = None,
                    link_mode: str = 'copy',
                    allow_empty: bool = False) -> Dict[str, int]:
    """Split BDD100K frames (its label JSON: a list of frames with
    ``name``, ``attributes`` and ``labels``) into the weather domains of
    :func:`bdd_weather`; objects of ``class_map`` categories become boxes
    (``box2d``), with their polygons where the label has closed
    ``poly2d``. Frames of other weathers are skipped.

    Returns:
        dict: images written per domain.
    """
    from ..io import load_json
    class_map = dict(class_map or BDD_TO_COMMON)
    frames = load_json(label_json)
    if not isinstance(frames, list):
        raise DataError(f'{label_json}: expected a list of frames (BDD100K '
                        'label JSON), got ' + type(frames).__name__)
    if not osp.isdir(img_dir):
        raise DataError(f'BDD100K image folder not found: {img_dir}')
    counts = {w: 0 for w in BDD_WEATHERS}
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        outs = {w: job.domain(w, split, _categories(class_map))
                for w in BDD_WEATHERS}
        for i, frame in enumerate(frames):
            where = f'{label_json}: frame {i}'
            if not isinstance(frame, dict) or 'name' not in frame:
                raise DataError(f'{where}: a frame needs a "name"')
            attributes, labels = (frame.get('attributes') or {},
                                  frame.get('labels') or [])
            if not isinstance(attributes, dict) or not isinstance(
                    labels, list) or not all(
                        isinstance(x, dict) for x in labels):
                raise DataError(f'{where} ({frame["name"]}): "attributes" '
                                'must be an object and "labels" a list of '
                                'objects (BDD100K label format)')
            domain = bdd_weather(attributes)
            if domain is None:
                continue
            path = safe_join(img_dir, frame['name'], where)
            h, w = read_image(path).shape[:2]
            image_id = outs[domain].add_image(path, frame['name'], h, w)
            counts[domain] += 1
            for j, label in enumerate(labels):
                name = class_map.get(label.get('category'))
                if name is None or 'box2d' not in label:
                    continue
                b = label['box2d']
                try:
                    box = [float(b[k]) for k in ('x1', 'y1', 'x2', 'y2')]
                except (KeyError, TypeError, ValueError) as e:
                    raise DataError(f'{where} ({frame["name"]}), label {j}: '
                                    f'bad box2d {b!r}') from e
                x1 = max(0.0, min(box[0], box[2]))
                x2 = min(float(w), max(box[0], box[2]))
                y1 = max(0.0, min(box[1], box[3]))
                y2 = min(float(h), max(box[1], box[3]))
                if x2 - x1 <= 0 or y2 - y1 <= 0:
                    continue
                outs[domain].add_instance(
                    image_id, name, bbox_xyxy=(x1, y1, x2, y2),
                    segmentation=_bdd_polygon(label, f'{where}, label {j}'))
    return counts
