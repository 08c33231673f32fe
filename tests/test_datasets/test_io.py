import json

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets.io import (DataError, load_coco_instances, mask_to_rle,
                               read_image, read_mask, segmentation_to_mask)


def test_read_image_converts_modes(tmp_path):
    gray = np.arange(64, dtype=np.uint8).reshape(8, 8) * 4
    Image.fromarray(gray).save(tmp_path / 'g.png')
    out = read_image(str(tmp_path / 'g.png'))
    assert out.shape == (8, 8, 3) and out.dtype == np.uint8
    assert (out[..., 0] == gray).all() and (out[..., 2] == gray).all()

    rgba = np.zeros((4, 5, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 10
    Image.fromarray(rgba).save(tmp_path / 'a.png')
    out = read_image(str(tmp_path / 'a.png'))
    assert out.shape == (4, 5, 3) and (out[..., 0] == 200).all()

    deep = np.full((3, 3), 65535, np.uint16)
    deep[0, 0] = 0
    Image.fromarray(deep).save(tmp_path / 'd16.png')
    out = read_image(str(tmp_path / 'd16.png'))
    assert out.shape == (3, 3, 3)
    assert out[1, 1, 0] == 255 and out[0, 0, 0] == 0

    pal = Image.fromarray(gray).convert('P')
    pal.save(tmp_path / 'p.png')
    assert read_image(str(tmp_path / 'p.png')).shape == (8, 8, 3)


def test_read_image_errors_name_the_file(tmp_path):
    bad = tmp_path / 'corrupt.jpg'
    bad.write_bytes(b'not an image at all')
    with pytest.raises(DataError, match='corrupt.jpg'):
        read_image(str(bad))
    with pytest.raises(DataError, match='missing.png'):
        read_image(str(tmp_path / 'missing.png'))
    trunc = tmp_path / 'trunc.png'
    Image.fromarray(np.zeros((32, 32, 3), np.uint8)).save(trunc)
    trunc.write_bytes(trunc.read_bytes()[:40])
    with pytest.raises(DataError, match='trunc.png'):
        read_image(str(trunc))


def test_read_mask_binary(tmp_path):
    m = np.zeros((4, 4), np.uint8)
    m[1:3, 1:3] = 255
    Image.fromarray(m).save(tmp_path / 'm.png')
    out = read_mask(str(tmp_path / 'm.png'))
    assert out.dtype == bool and out.sum() == 4


def _exif_rotated(path, arr):
    """Save ``arr`` with EXIF orientation 6: viewers show it turned 90
    degrees clockwise, as a phone photo taken upright."""
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(arr).save(path, exif=exif)


def test_exif_orientation_is_applied(tmp_path):
    """Issue #31, 9b: EXIF-rotated photos came out un-rotated."""
    img = np.zeros((20, 40, 3), np.uint8)
    img[:, :20] = 255  # stored: white left half
    _exif_rotated(tmp_path / 'photo.png', img)
    out = read_image(str(tmp_path / 'photo.png'))
    assert out.shape == (40, 20, 3)  # shown upright: 20 wide, 40 high
    assert out[:18].mean() > 250 and out[22:].mean() < 5  # white on top
    mask = np.zeros((20, 40), np.uint8)
    mask[:, :20] = 255
    _exif_rotated(tmp_path / 'mask.png', mask)
    m = read_mask(str(tmp_path / 'mask.png'))
    assert m.shape == (40, 20) and m[:20].all() and not m[20:].any()

    from mmi2i.datasets.transforms.loading import LoadImageFromFile
    with pytest.raises(DataError, match='photo.png is 40x20 .*EXIF '
                       'orientation.* says 20x40'):
        LoadImageFromFile()(dict(img_path=str(tmp_path / 'photo.png'),
                                 height=20, width=40))


def test_malformed_json(tmp_path):
    p = tmp_path / 'bad.json'
    p.write_text('{"images": [')
    with pytest.raises(DataError, match='Malformed JSON in .*bad.json'):
        load_coco_instances(str(p))
    p.write_text(json.dumps({'images': []}))
    with pytest.raises(DataError, match='annotations'):
        load_coco_instances(str(p))


def test_dangling_references(tmp_path):
    p = tmp_path / 'ann.json'
    p.write_text(json.dumps(dict(
        images=[dict(id=1, file_name='a.png', height=4, width=4)],
        annotations=[
            dict(id=1, image_id=2, category_id=1, bbox=[0, 0, 1, 1])
        ],
        categories=[dict(id=1, name='sheep')])))
    with pytest.raises(DataError, match='unknown image_id 2'):
        load_coco_instances(str(p))


def test_segmentation_decoding_and_size_check():
    mask = np.zeros((6, 8), bool)
    mask[2:5, 1:4] = True
    rle = mask_to_rle(mask)
    assert (segmentation_to_mask(rle, 6, 8) == mask).all()
    poly = [[1, 2, 4, 2, 4, 5, 1, 5]]
    dec = segmentation_to_mask(poly, 6, 8)
    assert dec[3, 2] and not dec[0, 0]
    with pytest.raises(DataError, match='mask size 6x8 .* 7x8'):
        segmentation_to_mask(rle, 7, 8, 'x.json')
