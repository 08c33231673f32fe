"""KITTI and Cityscapes converters on tiny fixtures written here (the
real label layouts), bad inputs included."""
import os

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets import UnpairedInstanceDataset
from mmi2i.datasets.converters import convert_cityscapes, convert_kitti
from mmi2i.datasets.io import DataError, load_coco_instances
from utils import load_tool

KITTI_LINE = '{} 0.00 0 -1.58 {} {} {} {} 1.5 1.6 3.7 -0.6 1.8 13.4 -1.6\n'


def _kitti(root, labels):
    os.makedirs(root / 'image_2')
    os.makedirs(root / 'label_2')
    for stem, lines in labels.items():
        Image.fromarray(np.zeros((20, 40, 3), np.uint8)).save(
            root / 'image_2' / f'{stem}.png')
        if lines is not None:
            (root / 'label_2' / f'{stem}.txt').write_text(''.join(
                KITTI_LINE.format(*line) for line in lines))


def test_kitti_boxes_classes_and_clipping(tmp_path):
    _kitti(tmp_path / 'kitti', {
        '000000': [('Car', 1, 2, 11, 12), ('Pedestrian', 30, 5, 50, 15),
                   ('Van', 0, 0, 5, 5), ('DontCare', 0, 0, 9, 9)],
        '000001': [('Cyclist', 2, 2, 6, 8), ('Person_sitting', 5, 5, 7, 9)],
    })
    n = convert_kitti(str(tmp_path / 'kitti'), str(tmp_path / 'out'))
    assert n == 2
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/kitti_train.json'))
    names = {c['id']: c['name'] for c in data['categories']}
    got = sorted((names[a['category_id']], a['bbox'])
                 for a in data['annotations'])
    # Van and DontCare dropped; the pedestrian clipped at x = 40
    assert got == [('bicycle', [2.0, 2.0, 4.0, 6.0]),
                   ('car', [1.0, 2.0, 10.0, 10.0]),
                   ('person', [5.0, 5.0, 2.0, 4.0]),
                   ('person', [30.0, 5.0, 10.0, 10.0])]
    ds = UnpairedInstanceDataset(
        [dict(name='kitti', ann_file='annotations/kitti_train.json',
              img_dir='images/kitti_train')],
        data_root=str(tmp_path / 'out'),
        classes=('person', 'car', 'truck', 'bicycle'),
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadInstances'),
                  dict(type='PackTranslationInputs')])
    gt = ds[0]['data_samples']['kitti'].gt_instances
    assert sorted(gt.labels.tolist()) == [0, 1]  # person, car


def test_kitti_bad_inputs(tmp_path):
    _kitti(tmp_path / 'a', {'000000': [('Truck', 1, 2, 11, 12)]})
    with open(tmp_path / 'a' / 'label_2' / '000000.txt', 'a') as f:
        f.write('Car 0.0 0 1 2 3\n')
    with pytest.raises(DataError, match=r'000000.txt:2: expected 15'):
        convert_kitti(str(tmp_path / 'a'), str(tmp_path / 'out'))
    _kitti(tmp_path / 'b', {'000000': [('Bus', 1, 2, 11, 12)]})
    with pytest.raises(DataError, match=r"000000.txt:1: unknown KITTI type "
                       r"'Bus'"):
        convert_kitti(str(tmp_path / 'b'), str(tmp_path / 'out'))
    _kitti(tmp_path / 'c', {'000000': None})
    with pytest.raises(DataError, match='KITTI label not found'):
        convert_kitti(str(tmp_path / 'c'), str(tmp_path / 'out'))
    with pytest.raises(DataError, match='unknown KITTI types'):
        convert_kitti(str(tmp_path / 'a'), str(tmp_path / 'out'),
                      class_map={'Bike': 'bicycle'})
    with pytest.raises(DataError, match='image_2'):
        convert_kitti(str(tmp_path / 'nowhere'), str(tmp_path / 'out'))
    # nothing written
    assert not (tmp_path / 'out' / 'annotations').exists()
    assert not any((tmp_path / 'out' / 'images').iterdir())


def _cityscapes(root, ids, size=None):
    city = 'aachen'
    stem = f'{city}_000000_000019'
    img_dir = root / 'leftImg8bit' / 'val' / city
    gt_dir = root / 'gtFine' / 'val' / city
    os.makedirs(img_dir)
    os.makedirs(gt_dir)
    h, w = size or ids.shape
    Image.fromarray(np.zeros((h, w, 3), np.uint8)).save(
        img_dir / f'{stem}_leftImg8bit.png')
    Image.fromarray(ids.astype(np.int32)).save(
        gt_dir / f'{stem}_gtFine_instanceIds.png')


def test_cityscapes_instances_and_classes(tmp_path):
    ids = np.full((8, 10), 7)  # road (stuff)
    ids[0:2, 0:3] = 26000  # car #0
    ids[4:6, 0:2] = 26001  # car #1
    ids[5:8, 6:9] = 24002  # person
    ids[0:3, 7:10] = 26  # a crowd of cars: no instance
    ids[6:8, 0:2] = 28000  # bus: not kept
    _cityscapes(tmp_path / 'cs', ids)
    n = convert_cityscapes(str(tmp_path / 'cs'), str(tmp_path / 'out'),
                           split='val')
    assert n == 1
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/cityscapes_val.json'))
    names = {c['id']: c['name'] for c in data['categories']}
    got = sorted((names[a['category_id']], a['area'], a['bbox'])
                 for a in data['annotations'])
    assert got == [('car', 4, [0.0, 4.0, 2.0, 2.0]),
                   ('car', 6, [0.0, 0.0, 3.0, 2.0]),
                   ('person', 9, [6.0, 5.0, 3.0, 3.0])]


def test_cityscapes_bad_inputs(tmp_path):
    ids = np.full((8, 10), 26000)
    _cityscapes(tmp_path / 'a', ids, size=(8, 12))
    with pytest.raises(DataError, match='is 10x8 but its image is 12x8'):
        convert_cityscapes(str(tmp_path / 'a'), str(tmp_path / 'out'),
                           split='val')
    _cityscapes(tmp_path / 'b', ids)
    gt = next((tmp_path / 'b' / 'gtFine' / 'val' / 'aachen').iterdir())
    gt.unlink()
    with pytest.raises(DataError, match='instance ids not found'):
        convert_cityscapes(str(tmp_path / 'b'), str(tmp_path / 'out'),
                           split='val')
    with pytest.raises(DataError, match='leftImg8bit'):
        convert_cityscapes(str(tmp_path / 'b'), str(tmp_path / 'out'),
                           split='train')


def test_cli_error_line_and_class_map(tmp_path, capsys):
    tool = load_tool('tools/dataset_converters/kitti.py')
    _kitti(tmp_path / 'k', {'000000': [('Truck', 1, 2, 11, 12),
                                       ('Car', 1, 2, 5, 6)]})
    with pytest.raises(SystemExit) as e:
        tool.main(['--root', str(tmp_path / 'k'), '--out',
                   str(tmp_path / 'o'), '--class-map', 'Truck'])
    assert e.value.code == 2
    assert 'error: expected KEY=NAME' in capsys.readouterr().err
    tool.main(['--root', str(tmp_path / 'k'), '--out', str(tmp_path / 'o'),
               '--class-map', 'Truck=vehicle', 'Car=vehicle'])
    data = load_coco_instances(str(tmp_path / 'o/annotations/'
                                   'kitti_train.json'))
    assert [c['name'] for c in data['categories']] == ['vehicle']
    assert len(data['annotations']) == 2


def test_bdd_weather_rule():
    from mmi2i.datasets.converters import bdd_weather
    assert bdd_weather(dict(weather='clear', timeofday='night')) == 'night'
    assert bdd_weather(dict(weather='clear', timeofday='daytime')) == 'sunny'
    assert bdd_weather(dict(weather='partly cloudy',
                            timeofday='daytime')) == 'cloudy'
    assert bdd_weather(dict(weather='overcast',
                            timeofday='daytime')) == 'cloudy'
    assert bdd_weather(dict(weather='rainy', timeofday='daytime')) == 'rainy'
    assert bdd_weather(dict(weather='rainy', timeofday='night')) is None
    assert bdd_weather(dict(weather='snowy', timeofday='daytime')) is None
    assert bdd_weather(dict(weather='clear', timeofday='dawn/dusk')) is None


def _bdd(tmp_path, frames):
    import json
    os.makedirs(tmp_path / 'img', exist_ok=True)
    for f in frames:
        Image.fromarray(np.zeros((20, 40, 3), np.uint8)).save(
            tmp_path / 'img' / f['name'])
    (tmp_path / 'labels.json').write_text(json.dumps(frames))


def test_bdd100k_domains_boxes_and_polygons(tmp_path):
    from mmi2i.datasets.converters import convert_bdd100k
    square = dict(vertices=[[2, 2], [6, 2], [6, 6], [2, 6]], types='LLLL',
                  closed=True)
    _bdd(tmp_path, [
        dict(name='a.jpg', attributes=dict(weather='clear',
                                           timeofday='night'),
             labels=[dict(category='car',
                          box2d=dict(x1=1, y1=1, x2=50, y2=9)),
                     dict(category='drivable area', poly2d=[square])]),
        dict(name='b.jpg', attributes=dict(weather='rainy',
                                           timeofday='daytime'),
             labels=[dict(category='person',
                          box2d=dict(x1=2, y1=2, x2=6, y2=6),
                          poly2d=[square])]),
        dict(name='c.jpg', attributes=dict(weather='foggy',
                                           timeofday='daytime'),
             labels=[]),
    ])
    counts = convert_bdd100k(str(tmp_path / 'labels.json'),
                             str(tmp_path / 'img'), str(tmp_path / 'out'),
                             allow_empty=True)
    assert counts == dict(sunny=0, night=1, cloudy=0, rainy=1)
    night = load_coco_instances(
        str(tmp_path / 'out/annotations/night_train.json'))
    assert [a['bbox'] for a in night['annotations']] == [[1.0, 1.0, 39.0,
                                                          8.0]]  # clipped
    rainy = load_coco_instances(
        str(tmp_path / 'out/annotations/rainy_train.json'))
    ann = rainy['annotations'][0]
    assert ann['segmentation'] == [[2.0, 2.0, 6.0, 2.0, 6.0, 6.0, 2.0, 6.0]]


def test_bdd100k_bad_inputs(tmp_path):
    from mmi2i.datasets.converters import convert_bdd100k
    day = dict(weather='clear', timeofday='daytime')
    _bdd(tmp_path, [dict(name='a.jpg', attributes=day,
                         labels=[dict(category='car', box2d=dict(x1=1))])])
    with pytest.raises(DataError, match=r'frame 0 \(a.jpg\), label 0: bad '
                       'box2d'):
        convert_bdd100k(str(tmp_path / 'labels.json'), str(tmp_path / 'img'),
                        str(tmp_path / 'out'))
    # malformed frames (issue #31, 9c: raw AttributeError / TypeError)
    for frame in ('{"name": "a.jpg", "attributes": ["clear"]}',
                  '{"name": "a.jpg", "attributes": {"weather": "clear", '
                  '"timeofday": "night"}, "labels": {"category": "car"}}',
                  '{"name": "a.jpg", "labels": ["car"]}'):
        (tmp_path / 'labels.json').write_text(f'[{frame}]')
        with pytest.raises(DataError, match=r'frame 0 \(a.jpg\): '
                           '"attributes" must be an object'):
            convert_bdd100k(str(tmp_path / 'labels.json'),
                            str(tmp_path / 'img'), str(tmp_path / 'out'))
    (tmp_path / 'labels.json').write_text('{"frames": []}')
    with pytest.raises(DataError, match='expected a list of frames'):
        convert_bdd100k(str(tmp_path / 'labels.json'), str(tmp_path / 'img'),
                        str(tmp_path / 'out'))
    (tmp_path / 'labels.json').write_text('[{"name": "x.jpg", "attributes":'
                                          ' {"weather": "clear", '
                                          '"timeofday": "night"}}]')
    with pytest.raises(DataError, match='x.jpg'):
        convert_bdd100k(str(tmp_path / 'labels.json'), str(tmp_path / 'img'),
                        str(tmp_path / 'out'))
