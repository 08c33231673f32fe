"""Convert per-image box text files (INIT/MGUIT style).

Each image ``<stem>.<ext>`` has ``<stem>.txt`` with one line per box::

    <cls> <x1> <y1> <x2> <y2>

``cls`` is looked up in a class map: a text file with lines
``<cls> <name>`` (or a JSON object ``{"cls": "name"}``).
"""
import json
import os
import os.path as osp
from typing import Dict

from ..io import DataError, read_image
from .instagan_folders import IMG_EXTS
from .writer import CocoWriter, domain_paths, place_file


def load_class_map(path: str) -> Dict[str, str]:
    """Read a class map file (text ``cls name`` lines or JSON)."""
    if not osp.isfile(path):
        raise DataError(f'Class map not found: {path}')
    with open(path, encoding='utf-8') as f:
        text = f.read()
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
                    link_mode: str = 'copy') -> int:
    """Convert one domain/split of box text files.

    Args:
        missing_txt (str): ``'empty'`` treats an image without a txt as
            having no instances; ``'error'`` raises.

    Returns:
        int: images written.
    """
    if not osp.isdir(img_dir):
        raise DataError(f'Image folder not found: {img_dir}')
    names = list(dict.fromkeys(class_map.values()))
    writer = CocoWriter(names)
    ann_out, img_out = domain_paths(out_root, domain, split)
    files = sorted(f for f in os.listdir(img_dir)
                   if f.lower().endswith(IMG_EXTS))
    for fname in files:
        path = osp.join(img_dir, fname)
        h, w = read_image(path).shape[:2]
        image_id = writer.add_image(fname, h, w)
        txt = osp.join(box_dir, osp.splitext(fname)[0] + '.txt')
        if not osp.isfile(txt):
            if missing_txt == 'error':
                raise DataError(f'Box file not found: {txt}')
        else:
            _read_boxes(txt, class_map, writer, image_id, w, h)
        place_file(path, osp.join(img_out, fname), link_mode)
    writer.dump(ann_out)
    return len(files)


def _read_boxes(txt: str, class_map: Dict[str, str], writer: CocoWriter,
                image_id: int, w: int, h: int) -> None:
    with open(txt, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
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
                x1, y1, x2, y2 = (float(v) for v in parts[1:])
            except ValueError as e:
                raise DataError(f'{txt}:{lineno}: bad coordinates: {e}')
            x1, x2 = max(0.0, min(x1, x2)), min(float(w), max(x1, x2))
            y1, y2 = max(0.0, min(y1, y2)), min(float(h), max(y1, y2))
            if x2 - x1 <= 0 or y2 - y1 <= 0:
                continue  # box outside the image
            writer.add_instance(
                image_id, class_map[cls], bbox_xyxy=(x1, y1, x2, y2))
