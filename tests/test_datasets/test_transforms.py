import numpy as np
import pytest

from mmi2i.datasets.transforms import (CenterCrop, PackTranslationInputs,
                                       RandomCrop, RandomFlip, Resize)


def _results(h=20, w=30):
    """An image whose instance pixels carry the instance's colour."""
    img = np.zeros((h, w, 3), np.uint8)
    masks = np.zeros((2, h, w), bool)
    masks[0, 2:8, 3:9] = True      # small, top-left
    masks[1, 10:19, 15:29] = True  # large, bottom-right
    img[masks[0]] = (255, 0, 0)
    img[masks[1]] = (0, 255, 0)
    return dict(img=img, gt_masks=masks, gt_labels=np.array([0, 1]),
                gt_bboxes=np.zeros((2, 4), np.float32), img_shape=(h, w))


def _check_aligned(res):
    colours = {0: (255, 0, 0), 1: (0, 255, 0)}
    for m, label, box in zip(res['gt_masks'], res['gt_labels'],
                             res['gt_bboxes']):
        assert m.any()
        assert (res['img'][m] == colours[int(label)]).all()
        ys, xs = np.nonzero(m)
        assert tuple(box) == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_flip_keeps_alignment():
    np.random.seed(0)
    res = RandomFlip(prob=1.0)(_results())
    assert res['flip']
    _check_aligned(res)
    assert res['gt_masks'][0, 2, 30 - 4]  # column 3 moved to 26


def test_random_crop_drops_lost_instances():
    np.random.seed(0)
    for _ in range(20):
        res = RandomCrop(crop_size=(10, 10))(_results())
        assert res['img'].shape == (10, 10, 3)
        _check_aligned(res)
        assert len(res['gt_masks']) == len(res['gt_labels']) <= 2


def test_center_crop_and_resize():
    res = CenterCrop(crop_size=(30, 10))(_results())  # (w, h)
    assert res['img'].shape == (10, 30, 3)
    _check_aligned(res)
    res = Resize(scale=(60, 40), interpolation='nearest')(_results())
    assert res['img'].shape == (40, 60, 3)
    _check_aligned(res)
    res = Resize(scale=10, keep_ratio=True)(_results())
    assert res['img'].shape[:2] == (10, 15)
    # MUNIT's official test size: the long side to a multiple of the
    # generator's stride (256 x 307 came out 256 x 304)
    res = Resize(scale=256, keep_ratio=True, size_divisor=4)(
        _results(h=200, w=240))
    assert res['img'].shape[:2] == (256, 308) and res['gt_masks'].shape == \
        (2, 256, 308)
    with pytest.raises(ValueError, match='size_divisor'):
        Resize(scale=8, size_divisor=0)


def test_crop_larger_than_image_is_an_error():
    with pytest.raises(ValueError, match='larger than image'):
        RandomCrop(crop_size=50)(_results())


def test_pack_sorts_by_area_and_caps():
    out = PackTranslationInputs()(dict(_results(), domain='sheep'))
    gt = out['data_samples'].gt_instances
    assert out['inputs'].shape == (3, 20, 30)
    assert gt.labels.tolist() == [1, 0]  # larger first
    assert out['data_samples'].metainfo['domain'] == 'sheep'
    out = PackTranslationInputs(max_instances=1)(_results())
    assert out['data_samples'].gt_instances.labels.tolist() == [1]


def test_zero_instances_survive_the_pipeline():
    res = _results()
    res['gt_masks'] = res['gt_masks'][:0]
    res['gt_labels'] = res['gt_labels'][:0]
    res = RandomFlip(1.0)(Resize(scale=16)(res))
    out = PackTranslationInputs()(res)
    assert len(out['data_samples'].gt_instances) == 0


def test_load_masks_from_folder(tmp_path):
    from PIL import Image

    from mmi2i.datasets import DataError
    from mmi2i.datasets.transforms import LoadMasksFromFolder
    small = np.zeros((6, 8), np.uint8)
    small[0, 0] = 255
    big = np.zeros((6, 8), np.uint8)
    big[2:5, 2:6] = 255
    Image.fromarray(small).save(tmp_path / 'img_0.png')
    Image.fromarray(big).save(tmp_path / 'img_1.png')
    Image.fromarray(big).save(tmp_path / 'other_0.png')
    res = LoadMasksFromFolder(str(tmp_path), label=3)(
        dict(img_path='x/img.jpg', img_shape=(6, 8)))
    assert res['gt_masks'].sum((1, 2)).tolist() == [12, 1]  # by area
    assert res['gt_labels'].tolist() == [3, 3]
    assert res['gt_bboxes'][0].tolist() == [2, 2, 6, 5]
    with pytest.raises(DataError, match=r'img_\d.png is 6x8 .* is 7x8'):
        LoadMasksFromFolder(str(tmp_path))(
            dict(img_path='img.png', img_shape=(7, 8)))
