import filecmp
import json
import os

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets import DataError, UnpairedInstanceDataset
from mmi2i.datasets.converters import (CocoWriter, convert_box_txt,
                                       convert_coco_pairs,
                                       convert_instagan_folders,
                                       generate_shapes, load_class_map,
                                       write_instagan_example)
from mmi2i.datasets.io import load_coco_instances


def _img(path, h=12, w=16):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(np.full((h, w, 3), 100, np.uint8)).save(path)


@pytest.fixture
def coco(tmp_path):
    """instances JSON: img1 2 sheep, img2 1 giraffe + 1 sheep (tiny),
    img3 3 giraffes, img4 only a person."""
    writer = CocoWriter(['person', 'sheep', 'giraffe'])
    spec = {1: [('sheep', 20), ('sheep', 30)],
            2: [('giraffe', 40), ('sheep', 2)],
            3: [('giraffe', 20)] * 3,
            4: [('person', 50)]}
    for img_id, anns in spec.items():
        _img(str(tmp_path / 'src' / f'{img_id:03d}.jpg'))
        writer.add_image(f'{img_id:03d}.jpg', 12, 16, image_id=img_id)
        for k, (cat, area) in enumerate(anns):
            m = np.zeros((12, 16), bool)
            m.flat[:area] = True
            writer.add_instance(img_id, cat, mask=m)
    writer.dump(str(tmp_path / 'instances.json'))
    return tmp_path


def test_coco_pairs_selection(coco):
    out = str(coco / 'out')
    n = convert_coco_pairs(str(coco / 'instances.json'), str(coco / 'src'),
                           out, ['sheep', 'giraffe'], split='train',
                           min_area=5, progress=False)
    assert n == dict(sheep=1, giraffe=2)  # the 2px sheep is too small
    data = load_coco_instances(f'{out}/annotations/giraffe_train.json')
    assert [c['name'] for c in data['categories']] == ['giraffe']
    assert len(data['annotations']) == 4
    assert os.path.isfile(f'{out}/images/giraffe_train/003.jpg')
    n = convert_coco_pairs(str(coco / 'instances.json'), str(coco / 'src'),
                           out, ['sheep', 'giraffe'], max_instances=2,
                           progress=False)
    assert n == dict(sheep=2, giraffe=1)
    ds = UnpairedInstanceDataset([
        dict(name='sheep', ann_file='annotations/sheep_train.json',
             img_dir='images/sheep_train')
    ], data_root=out)
    assert len(ds) == 2


def test_coco_pairs_unknown_category_lists_known(coco):
    with pytest.raises(DataError, match=r"zebra.*known: \['giraffe', "
                       r"'person', 'sheep'\]"):
        convert_coco_pairs(str(coco / 'instances.json'), str(coco / 'src'),
                           str(coco / 'out'), ['zebra'], progress=False)


def test_coco_pairs_missing_image(coco):
    os.remove(coco / 'src' / '001.jpg')
    with pytest.raises(DataError, match='001.jpg'):
        convert_coco_pairs(str(coco / 'instances.json'), str(coco / 'src'),
                           str(coco / 'out'), ['sheep'], progress=False)


def _instagan_tree(root, phases=('train', 'sample')):
    img = np.zeros((10, 12, 3), np.uint8)
    m0 = np.zeros((10, 12), bool)
    m0[1:4, 1:4] = True
    m1 = np.zeros((10, 12), bool)
    m1[5:9, 2:10] = True
    for phase in phases:
        write_instagan_example(str(root), phase, 'A', '0', img, [m0, m1])
        write_instagan_example(str(root), phase, 'B', '7', img,
                               [m1, np.zeros_like(m1)])


def test_instagan_folders_any_phase(tmp_path):
    _instagan_tree(tmp_path / 'in')
    n = convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out'),
                                 domains=('pants', 'skirt'))
    assert n == {'pants_sample': 1, 'skirt_sample': 1, 'pants_train': 1,
                 'skirt_train': 1}
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/pants_train.json'))
    assert sorted(a['area'] for a in data['annotations']) == [9, 32]
    skirt = load_coco_instances(
        str(tmp_path / 'out/annotations/skirt_sample.json'))
    assert len(skirt['annotations']) == 1  # the all-zero mask is skipped


def test_cyclegan_layout_without_masks(tmp_path):
    """The CycleGAN datasets (trainA, testB, ... without ``_seg``) convert
    with --allow-empty, for the official CycleGAN models' configs."""
    for d in ('trainA', 'testB'):
        os.makedirs(tmp_path / 'in' / d)
        Image.fromarray(np.zeros((6, 8, 3), np.uint8)).save(
            tmp_path / 'in' / d / 'x.jpg')
    with pytest.raises(DataError, match='no <phase>A/<phase>A_seg'):
        convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o'))
    with pytest.raises(DataError, match='trainA has no mask folder.*'
                       '--allow-empty'):
        convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o'),
                                 phases=['train'])
    n = convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o'),
                                 ('horse', 'zebra'), ['train', 'test=val'],
                                 allow_empty=True)
    assert n == {'horse_train': 1, 'zebra_val': 1}
    data = load_coco_instances(str(tmp_path / 'o/annotations/zebra_val.json'))
    assert len(data['images']) == 1 and not data['annotations']


def test_instagan_phase_as_another_split(tmp_path):
    """--phases sample=train: the authors' sample folders become the
    train split the configs read; an unknown phase is an error."""
    _instagan_tree(tmp_path / 'in')
    n = convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out'),
                                 domains=('sheep', 'giraffe'),
                                 phases=['sample=train'])
    assert n == {'sheep_train': 1, 'giraffe_train': 1}
    with pytest.raises(DataError, match='no nopeA or nopeB folder'):
        convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o2'),
                                 phases=['nope'])


def test_instagan_mask_size_mismatch(tmp_path):
    _instagan_tree(tmp_path / 'in', phases=('val', ))
    Image.fromarray(np.zeros((5, 5), np.uint8)).save(
        tmp_path / 'in' / 'valA_seg' / '0_1.png')
    with pytest.raises(DataError, match=r'0_1.png is 5x5 .* 10x12'):
        convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o'))


def test_instagan_corrupt_image(tmp_path):
    _instagan_tree(tmp_path / 'in', phases=('train', ))
    (tmp_path / 'in' / 'trainA' / '0.png').write_bytes(b'garbage')
    with pytest.raises(DataError, match='trainA/0.png'):
        convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'o'))


def test_box_txt(tmp_path):
    _img(str(tmp_path / 'imgs' / 'a.png'))
    _img(str(tmp_path / 'imgs' / 'b.png'))
    os.makedirs(tmp_path / 'boxes')
    (tmp_path / 'boxes' / 'a.txt').write_text('0 1 2 5 6\n1 3 3 30 8\n\n')
    (tmp_path / 'map.txt').write_text('0 car\n1 person\n')
    cmap = load_class_map(str(tmp_path / 'map.txt'))
    n = convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'sunny', 'train', cmap)
    assert n == 2
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/sunny_train.json'))
    boxes = sorted(a['bbox'] for a in data['annotations'])
    assert boxes == [[1.0, 2.0, 4.0, 4.0], [3.0, 3.0, 13.0, 5.0]]  # clipped
    ds = UnpairedInstanceDataset([
        dict(name='sunny', ann_file='annotations/sunny_train.json',
             img_dir='images/sunny_train')
    ], data_root=str(tmp_path / 'out'), pipeline=[
        dict(type='LoadImageFromFile'), dict(type='LoadInstances'),
        dict(type='PackTranslationInputs')
    ])
    gt = ds[0]['data_samples']['sunny'].gt_instances
    assert gt.masks.sum((1, 2)).tolist() == [65, 16]  # boxes as masks


def test_box_txt_keeps_one_image_size(tmp_path):
    """CGL's INIT subset: only the images of one resolution."""
    _img(str(tmp_path / 'imgs' / 'a.png'))
    _img(str(tmp_path / 'imgs' / 'b.png'), h=24)
    os.makedirs(tmp_path / 'boxes')
    n = convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'sunny', 'train',
                        {'0': 'car'}, allow_empty=True, image_size=(12, 16))
    assert n == 1
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/sunny_train.json'))
    assert [i['file_name'] for i in data['images']] == ['a.png']


def test_box_txt_bad_inputs(tmp_path):
    _img(str(tmp_path / 'imgs' / 'a.png'))
    os.makedirs(tmp_path / 'boxes')
    (tmp_path / 'boxes' / 'a.txt').write_text('7 1 2 5 6\n')
    with pytest.raises(DataError, match=r"a.txt:1: unknown class '7'; "
                       r"known: \['0'\]"):
        convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})
    (tmp_path / 'boxes' / 'a.txt').write_text('0 1 2 5\n')
    with pytest.raises(DataError, match='a.txt:1: expected'):
        convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})
    (tmp_path / 'map.json').write_text('{"0": ')
    with pytest.raises(DataError, match='map.json'):
        load_class_map(str(tmp_path / 'map.json'))


def test_shapes_deterministic_and_valid(tmp_path):
    a, b, c = tmp_path / 'a', tmp_path / 'b', tmp_path / 'c'
    generate_shapes(str(a), 'pair', dict(train=12), size=32, seed=3)
    generate_shapes(str(b), 'pair', dict(train=12), size=32, seed=3)
    generate_shapes(str(c), 'pair', dict(train=12), size=32, seed=4)
    for f in ('annotations/sheep_train.json',
              'images/giraffe_train/giraffe_train_00005.png'):
        assert filecmp.cmp(a / f, b / f, shallow=False)
        assert not filecmp.cmp(a / f, c / f, shallow=False)
    data = json.loads((a / 'annotations/giraffe_train.json').read_text())
    counts = np.bincount([x['image_id'] for x in data['annotations']],
                         minlength=13)[1:]
    assert counts.max() <= 6
    # giraffes are tall, sheep are wide: the domains differ in shape
    sheep = json.loads((a / 'annotations/sheep_train.json').read_text())
    ratio = lambda d: np.median(  # noqa: E731
        [x['bbox'][3] / x['bbox'][2] for x in d['annotations']])
    assert ratio(data) > 1.5 > 1.0 > ratio(sheep)


def test_shapes_multi(shapes_multi_root):
    names = sorted(os.listdir(os.path.join(shapes_multi_root,
                                           'annotations')))
    assert names == sorted(f'{d}_{s}.json'
                           for d in ('grass', 'sand', 'snow')
                           for s in ('train', 'test'))
    data = load_coco_instances(
        os.path.join(shapes_multi_root, 'annotations/snow_train.json'))
    assert [c['name'] for c in data['categories']] == ['sheep', 'giraffe']
