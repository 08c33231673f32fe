"""Convert per-image box text files (INIT/MGUIT style).

Each image ``<stem>.<ext>`` has ``<stem>.txt`` with one line per box::

    <cls> <x1> <y1> <x2> <y2>

``cls`` is looked up in a class map: a text file with lines
``<cls> <name>`` (or a JSON object ``{"cls": "name"}``).
"""
import json
import math
import os
import os.path as osp
from typing import Dict, List, Optional, Tuple

from mmengine.logging import print_log

from ..io import IMG_EXTS, DataError, read_image, read_text
from .writer import ConversionJob


def load_class_map(path: str) -> Dict[str, str]:
    """Read a class map file (text ``cls name`` lines or JSON)."""
    if not osp.isfile(path):
        raise DataError(f'Class map not found: {path}')
    text = read_text(path)
    if text.lstrip().startswith('{'):
        try:
            return {str(k): str(v) for k, v in json.loads(text).items()}
        except json.JSONDecodeError as e:
            raise DataError(f'Malformed JSON class map {path}: {e}') from e
    mapping = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            raise DataError(f'{path}:{lineno}: expected "<cls> <name>", got '
                            f'{line!r}')
        mapping[parts[0]] = parts[1].strip()
    return mapping


def convert_box_txt(img_dir: str,
                    box_dir: str,
                    out_root: str,
                    domain: str,
                    split: str,
                    class_map: Dict[str, str],
                    missing_txt: str = 'empty',
                    link_mode: str = 'copy',
                    allow_empty: bool = False,
                    image_size: Optional[Tuple[int, int]] = None) -> int:
    """Convert one domain/split of box text files.

    Args:
        missing_txt (str): ``'empty'`` treats an image without a txt as
            having no instances; ``'error'`` raises.
        allow_empty (bool): Write the domain even if it has no box at all
            (otherwise an error: usually a wrong ``box_dir``).
        image_size (tuple, optional): (height, width): keep only the
            images of this size (CGL trains on the INIT dataset's smaller
            resolution only); the others are counted and skipped.

    Returns:
        int: images written.
    """
    for folder, what in ((img_dir, 'Image'), (box_dir, 'Box')):
        if not osp.isdir(folder):
            raise DataError(f'{what} folder not found: {folder}')
    names = list(dict.fromkeys(class_map.values()))
    files = sorted(f for f in os.listdir(img_dir)
                   if f.lower().endswith(IMG_EXTS))
    skipped = 0
    with ConversionJob(out_root, link_mode, allow_empty) as job:
        out = job.domain(domain, split, names)
        for fname in files:
            path = osp.join(img_dir, fname)
            h, w = read_image(path).shape[:2]
            if image_size is not None and (h, w) != tuple(image_size):
                skipped += 1
                continue
            txt = osp.join(box_dir, osp.splitext(fname)[0] + '.txt')
            boxes = []
            if osp.isfile(txt):
                boxes = read_boxes(txt, class_map, w, h)
            elif missing_txt == 'error':
                raise DataError(f'Box file not found: {txt}')
            image_id = out.add_image(path, fname, h, w)
            for name, box in boxes:
                out.add_instance(image_id, name, bbox_xyxy=box)
    if skipped:
        print_log(f'{domain}_{split}: skipped {skipped} of {len(files)} '
                  f'images not of size {image_size[0]}x{image_size[1]}',
                  logger='current')
    return len(files) - skipped


def read_boxes(txt: str, class_map: Dict[str, str], w: int,
               h: int) -> List[Tuple[str, Tuple[float, ...]]]:
    """(class name, clipped xyxy box) of each line of a box file; boxes
    entirely outside the image are left out.

    Raises:
        DataError: naming FILE:LINE, for a malformed line, an unknown
            class or a non-finite coordinate.
    """
    boxes = []
    for lineno, line in enumerate(read_text(txt).splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 5:
            raise DataError(f'{txt}:{lineno}: expected '
                            f'"cls x1 y1 x2 y2", got {line.strip()!r}')
        cls = parts[0]
        if cls not in class_map:
            raise DataError(
                f'{txt}:{lineno}: unknown class {cls!r}; known: '
                f'{sorted(class_map)}')
        try:
            coords = [float(v) for v in parts[1:]]
        except ValueError as e:
            raise DataError(f'{txt}:{lineno}: bad coordinates: {e}')
        if not all(math.isfinite(v) for v in coords):
            raise DataError(f'{txt}:{lineno}: non-finite coordinate in '
                            f'{line.strip()!r}')
        x1, y1, x2, y2 = coords
        x1, x2 = max(0.0, min(x1, x2)), min(float(w), max(x1, x2))
        y1, y2 = max(0.0, min(y1, y2)), min(float(h), max(y1, y2))
        if x2 - x1 <= 0 or y2 - y1 <= 0:
            continue  # box outside the image
        boxes.append((class_map[cls], (x1, y1, x2, y2)))
    return boxes
