"""Reading images, masks and COCO-style annotation files with clear errors."""
import json
import os
import os.path as osp
import warnings
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from pycocotools import mask as mask_utils

#: Extensions of image files that the tools read from a folder.
IMG_EXTS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp')


class DataError(ValueError):
    """Bad input data; the message always names the offending file."""


class AmbiguousMaskError(DataError):
    """A grey mask with several nonzero values (anti-aliased, JPEG or a
    label map) read without ``value`` or ``threshold``."""


class DataWarning(UserWarning):
    """Suspicious input data (an empty mask, an image without masks)."""


def safe_join(root: str, name: str, where: str = '') -> str:
    """``root/name`` for a file ``name`` read from a data file, which is
    untrusted input: an absolute name, or one that leaves ``root``
    (``..``), is refused, so no converter or tool reads or writes outside
    the folders it was given.

    Args:
        where (str): What the name comes from, for the error (e.g.
            ``'labels.json: frame 3'``).

    Raises:
        DataError: naming the entry, the name and the folder.
    """
    name = str(name)
    prefix = f'{where}: ' if where else ''
    if not name or osp.isabs(name) or osp.splitdrive(name)[0] or \
            name.startswith('\\'):
        raise DataError(f'{prefix}file name {name!r} is not a relative path '
                        f'under {root}; refusing it')
    path = osp.normpath(osp.join(root, name))
    base = osp.normpath(root)
    if path == base or not path.startswith(base.rstrip(os.sep) + os.sep):
        raise DataError(f'{prefix}file name {name!r} leaves {root}; '
                        'refusing it')
    return osp.join(root, name)


def _to_uint8(arr: np.ndarray) -> np.ndarray:
    """Scale an integer or float array of any depth to uint8.

    Integer arrays whose values fit in 8 bits are kept as they are; wider
    ones (16-bit images) are scaled linearly by their value range
    ``[0, max]`` to ``[0, 255]``, so that 255 -> 255 and 256 -> 255 (not 1).
    Floats in [0, 1] are multiplied by 255.
    """
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype == np.bool_:
        return arr.astype(np.uint8) * 255
    if np.issubdtype(arr.dtype, np.integer):
        arr = np.clip(arr.astype(np.float64), 0, None)
        max_val = arr.max(initial=0)
        if max_val > 255:
            arr = arr * (255.0 / max_val)
        return np.round(arr).astype(np.uint8)
    arr = arr.astype(np.float64)
    if arr.max(initial=0) <= 1.0:
        arr = arr * 255.0
    return np.clip(np.round(arr), 0, 255).astype(np.uint8)


def read_image(path: str) -> np.ndarray:
    """Read an image as an RGB uint8 array of shape (H, W, 3).

    Grayscale, palette, RGBA/LA (alpha dropped), CMYK and 16-bit images are
    converted. An EXIF orientation (photos from phones and cameras) is
    applied, as image viewers, mmcv and so mmdet do: the array is the
    image as the user sees it.

    Raises:
        DataError: if the file is missing, unreadable or corrupt.
    """
    if not osp.isfile(path):
        raise DataError(f'Image file not found: {path}')
    try:
        with Image.open(path) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            mode = img.mode
            if mode in ('I;16', 'I;16B', 'I;16L', 'I', 'F'):
                arr = _to_uint8(np.array(img))
                return np.repeat(arr[..., None], 3, axis=2)
            if mode != 'RGB':
                img = img.convert('RGB')
            return np.ascontiguousarray(np.array(img, dtype=np.uint8))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise DataError(
            f'Cannot read image {path}: {type(e).__name__}: {e}') from e


def read_mask(path: str,
              value: Optional[int] = None,
              threshold: Optional[float] = None,
              warn_empty: bool = True) -> np.ndarray:
    """Read an instance mask image as a bool (H, W) array.

    The rule (docs/reliability.md): a mask with at most two grey values,
    one of them 0, is foreground wherever it is nonzero, whatever the
    foreground value (0/1, 0/255, 1-bit PNGs, a label value). Anything
    else is ambiguous and raises, unless told how to read it. An EXIF
    orientation is applied, as for images (:func:`read_image`):

    Args:
        path (str): Mask file (any PIL mode; RGB/RGBA with equal channels
            counts as grey).
        value (int, optional): Foreground is exactly this value (pick one
            label of a label-valued mask).
        threshold (float, optional): Foreground is ``> threshold`` (for
            anti-aliased or JPEG-compressed masks).
        warn_empty (bool): Warn when the mask has no foreground pixel.

    Raises:
        DataError: missing/unreadable file, a coloured mask, or one with
            several nonzero values and neither ``value`` nor ``threshold``.
    """
    if not osp.isfile(path):
        raise DataError(f'Mask file not found: {path}')
    try:
        with Image.open(path) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            if img.mode == 'P':
                img = img.convert('RGBA' if 'transparency' in img.info
                                  else 'RGB')
            arr = np.array(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise DataError(
            f'Cannot read mask {path}: {type(e).__name__}: {e}') from e
    if arr.ndim == 3:
        colour = arr[..., :3] if arr.shape[2] >= 3 else arr[..., :1]
        if colour.shape[2] == 3 and not (
                np.array_equal(colour[..., 0], colour[..., 1])
                and np.array_equal(colour[..., 0], colour[..., 2])):
            raise DataError(
                f'Mask {path} is coloured (its channels differ); instance '
                'masks must be grey or binary images (save one mask per '
                'instance, e.g. 0/255 mode L)')
        arr = colour[..., 0]
    if value is not None:
        mask = arr == value
    elif threshold is not None:
        mask = arr > threshold
    else:
        values = np.unique(arr)
        nonzero = values[values != 0]
        if len(nonzero) > 1:
            shown = ', '.join(str(v) for v in values[:8])
            more = ' ...' if len(values) > 8 else ''
            raise AmbiguousMaskError(
                f'Mask {path} has {len(values)} distinct values ({shown}'
                f'{more}), not a binary mask: pass value=K to take one '
                'label of a label map, or threshold=T for anti-aliased or '
                'JPEG masks (converters: --mask-value / --mask-threshold)')
        mask = arr != 0
    mask = np.ascontiguousarray(mask, dtype=bool)
    if warn_empty and not mask.any():
        warnings.warn(f'Mask {path} is empty (no foreground pixel); it is '
                      'ignored', DataWarning, stacklevel=2)
    return mask


def read_id_map(path: str) -> np.ndarray:
    """Read a single-channel id map (e.g. Cityscapes ``instanceIds``, 16
    bit) with its values unchanged, as an int64 (H, W) array.

    Raises:
        DataError: missing/unreadable file, or an image with channels.
    """
    if not osp.isfile(path):
        raise DataError(f'Id map not found: {path}')
    try:
        with Image.open(path) as img:
            img.load()
            arr = np.array(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise DataError(
            f'Cannot read id map {path}: {type(e).__name__}: {e}') from e
    if arr.ndim != 2:
        raise DataError(f'{path}: expected a single-channel id map, got '
                        f'shape {arr.shape}')
    return arr.astype(np.int64)


def read_text(path: str) -> str:
    """A UTF-8 text file (labels, box lists, class maps), with errors that
    name the file."""
    if not osp.isfile(path):
        raise DataError(f'File not found: {path}')
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise DataError(f'{path} is not UTF-8 text (byte '
                        f'{e.object[e.start]:#04x} at offset {e.start}); '
                        'save it as UTF-8') from e
    except OSError as e:
        raise DataError(f'Cannot read {path}: {e}') from e


def load_json(path: str) -> dict:
    """Load a JSON file, turning I/O and syntax errors into DataError."""
    if not osp.isfile(path):
        raise DataError(f'Annotation file not found: {path}')
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise DataError(f'Malformed JSON in {path}: {e}') from e
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f'Cannot read {path}: {e}') from e


def load_coco_instances(path: str) -> dict:
    """Load and validate a COCO-style instances file.

    Returns:
        dict: the parsed JSON with ``images``, ``annotations`` and
        ``categories``.
    """
    data = load_json(path)
    if not isinstance(data, dict):
        raise DataError(f'{path}: expected a JSON object with "images", '
                        f'"annotations" and "categories", got '
                        f'{type(data).__name__}')
    for key in ('images', 'annotations', 'categories'):
        if not isinstance(data.get(key), list):
            raise DataError(f'{path}: missing or invalid "{key}" list '
                            '(COCO instances format, see docs/data_format.md)')
    img_ids = set()
    for i, img in enumerate(data['images']):
        for key in ('id', 'file_name', 'height', 'width'):
            if key not in img:
                raise DataError(f'{path}: images[{i}] lacks "{key}"')
        if img['id'] in img_ids:  # one file would get another's instances
            raise DataError(f'{path}: images[{i}] repeats image id '
                            f'{img["id"]!r}; ids must be unique')
        img_ids.add(img['id'])
    cat_ids = set()
    for i, cat in enumerate(data['categories']):
        if 'id' not in cat or 'name' not in cat:
            raise DataError(f'{path}: categories[{i}] needs "id" and "name"')
        if cat['id'] in cat_ids:  # would relabel a class
            raise DataError(f'{path}: categories[{i}] repeats category id '
                            f'{cat["id"]!r} ({cat["name"]!r}); ids must be '
                            'unique')
        cat_ids.add(cat['id'])
    for i, ann in enumerate(data['annotations']):
        for key in ('id', 'image_id', 'category_id'):
            if key not in ann:
                raise DataError(f'{path}: annotations[{i}] lacks "{key}"')
        if ann['image_id'] not in img_ids:
            raise DataError(f'{path}: annotations[{i}] refers to unknown '
                            f'image_id {ann["image_id"]}')
        if ann['category_id'] not in cat_ids:
            raise DataError(f'{path}: annotations[{i}] refers to unknown '
                            f'category_id {ann["category_id"]}')
        if 'segmentation' not in ann and 'bbox' not in ann:
            raise DataError(f'{path}: annotations[{i}] has neither '
                            '"segmentation" nor "bbox"')
    return data


def segmentation_to_mask(segm, height: int, width: int,
                         source: str = '') -> np.ndarray:
    """Decode a COCO polygon list or RLE dict into a bool (H, W) mask.

    Raises:
        DataError: if an RLE's size differs from the image size.
    """
    if isinstance(segm, list):
        polys = [p for p in segm if len(p) >= 6]
        if not polys:
            return np.zeros((height, width), dtype=bool)
        rles = mask_utils.frPyObjects(polys, height, width)
        rle = mask_utils.merge(rles)
    elif isinstance(segm, dict) and 'counts' in segm and 'size' in segm:
        size = [int(s) for s in segm['size']]
        if size != [height, width]:
            raise DataError(
                f'{source}: mask size {size[0]}x{size[1]} (HxW) differs from '
                f'its image size {height}x{width}')
        rle = segm
        if isinstance(segm['counts'], list):
            rle = mask_utils.frPyObjects(segm, height, width)
        elif isinstance(segm['counts'], str):
            rle = dict(size=segm['size'], counts=segm['counts'].encode())
    else:
        raise DataError(f'{source}: unsupported segmentation '
                        f'{type(segm).__name__} (need polygons or RLE)')
    return mask_utils.decode(rle).astype(bool)


def mask_to_rle(mask: np.ndarray) -> dict:
    """Encode a bool mask as a JSON-friendly compressed RLE."""
    rle = mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))
    rle['counts'] = rle['counts'].decode('ascii')
    return rle


def box_to_mask(bbox_xywh: Sequence[float], height: int,
                width: int) -> np.ndarray:
    """Fill the box (COCO xywh) as a rectangle mask (box-only data)."""
    x, y, w, h = bbox_xywh
    mask = np.zeros((height, width), dtype=bool)
    x1, y1 = max(int(np.floor(x)), 0), max(int(np.floor(y)), 0)
    x2, y2 = min(int(np.ceil(x + w)), width), min(int(np.ceil(y + h)), height)
    mask[y1:y2, x1:x2] = True
    return mask


def masks_to_bboxes(masks: np.ndarray) -> np.ndarray:
    """Tight xyxy boxes (x2, y2 exclusive) of (N, H, W) masks."""
    boxes = np.zeros((len(masks), 4), dtype=np.float32)
    for i, m in enumerate(masks):
        ys = np.flatnonzero(m.any(axis=1))
        xs = np.flatnonzero(m.any(axis=0))
        if len(xs):
            boxes[i] = (xs[0], ys[0], xs[-1] + 1, ys[-1] + 1)
    return boxes


def annotation_area(ann: dict, height: int, width: int) -> float:
    """Area of an annotation: its ``area`` field, else the mask/box area."""
    if 'area' in ann:
        return float(ann['area'])
    if 'segmentation' in ann:
        return float(
            segmentation_to_mask(ann['segmentation'], height, width).sum())
    return float(ann['bbox'][2] * ann['bbox'][3])


def category_names(data: dict) -> List[str]:
    return [c['name'] for c in data['categories']]


def resolve_classes(requested: Optional[Sequence[str]],
                    available: Sequence[str], source: str) -> Tuple[str, ...]:
    """Check requested class names against the available ones."""
    if requested is None:
        return tuple(available)
    unknown = [c for c in requested if c not in available]
    if unknown:
        raise DataError(f'{source}: unknown categor'
                        f'{"y" if len(unknown) == 1 else "ies"} {unknown}; '
                        f'known: {sorted(available)}')
    return tuple(requested)


def stable_area_order(areas: Sequence[float],
                      ids: Optional[Sequence[int]] = None) -> List[int]:
    """Indices sorting instances by decreasing area, ties by id then index."""
    ids = list(range(len(areas))) if ids is None else list(ids)
    return sorted(range(len(areas)), key=lambda i: (-areas[i], ids[i], i))


def domain_image_info(data: dict) -> Dict[int, dict]:
    return {img['id']: img for img in data['images']}
