import json
import os

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets import (DataError, UnpairedInstanceDataset,
                            translation_collate)
from mmi2i.datasets.converters import CocoWriter
from utils import tiny_pipeline


def _pair_domains(root, split='train'):
    return [
        dict(name=d, ann_file=f'annotations/{d}_{split}.json',
             img_dir=f'images/{d}_{split}') for d in ('sheep', 'giraffe')
    ]


def test_training_items_hold_every_domain(shapes_root):
    ds = UnpairedInstanceDataset(
        _pair_domains(shapes_root), data_root=shapes_root,
        pipeline=tiny_pipeline(True), max_instances=3)
    assert len(ds) == 24
    assert ds.metainfo['classes'] == ('sheep', 'giraffe')
    np.random.seed(0)
    item = ds[5]
    assert set(item['inputs']) == {'sheep', 'giraffe'}
    s = item['data_samples']['giraffe']
    assert s.metainfo['domain'] == 'giraffe'
    assert len(s.gt_instances) <= 3
    assert (s.gt_instances.labels == 1).all()
    areas = s.gt_instances.masks.sum((1, 2)).tolist()
    assert areas == sorted(areas, reverse=True)


def test_unpaired_sampling_is_seeded(shapes_root):
    ds = UnpairedInstanceDataset(
        _pair_domains(shapes_root)[:1] + [
            dict(name='few', ann_file='annotations/giraffe_test.json',
                 img_dir='images/giraffe_test')
        ],
        data_root=shapes_root,
        pipeline=tiny_pipeline(False))

    def picks(seed):
        np.random.seed(seed)
        return [ds[i]['data_samples']['few'].metainfo['sample_idx']
                for i in range(12)]

    assert picks(1) == picks(1)
    assert picks(1) != picks(2)
    assert set(picks(1)) <= set(range(4))


def test_test_mode_enumerates_and_collates(shapes_root):
    ds = UnpairedInstanceDataset(
        _pair_domains(shapes_root, 'test'), data_root=shapes_root,
        pipeline=tiny_pipeline(False), test_mode=True)
    assert len(ds) == 8
    batch = translation_collate([ds[3], ds[4], ds[5]])
    assert len(batch['inputs']['sheep']) == 1
    assert len(batch['inputs']['giraffe']) == 2


def _write_domain(root, counts, name='d'):
    writer = CocoWriter(['sheep'])
    os.makedirs(root / 'imgs', exist_ok=True)
    for i, n in enumerate(counts):
        Image.fromarray(np.zeros((10, 10, 3), np.uint8)).save(
            root / 'imgs' / f'{i}.png')
        image_id = writer.add_image(f'{i}.png', 10, 10)
        for k in range(n):
            m = np.zeros((10, 10), bool)
            m[k:k + 1, :k + 1] = True  # areas 1, 2, 3...
            writer.add_instance(image_id, 'sheep', mask=m)
    writer.dump(str(root / f'{name}.json'))
    return dict(name=name, ann_file=f'{name}.json', img_dir='imgs')


def test_max_instances_keeps_largest_and_empty_policy(tmp_path):
    dom = _write_domain(tmp_path, [0, 5, 2])
    ds = UnpairedInstanceDataset([dom], data_root=str(tmp_path),
                                 max_instances=3)
    assert len(ds) == 3
    kept = [i['area'] for i in ds.data_lists['d'][1]['instances']]
    assert kept == [5, 4, 3]
    ds = UnpairedInstanceDataset([dom], data_root=str(tmp_path),
                                 empty_policy='skip')
    assert len(ds) == 2
    with pytest.raises(ValueError, match='empty_policy'):
        UnpairedInstanceDataset([dom], data_root=str(tmp_path),
                                empty_policy='drop')


def test_missing_image_is_named(tmp_path):
    dom = _write_domain(tmp_path, [1, 1])
    os.remove(tmp_path / 'imgs' / '1.png')
    with pytest.raises(DataError, match=r'd.json references 1 .*1.png'):
        UnpairedInstanceDataset([dom], data_root=str(tmp_path))


def test_image_size_mismatch_is_named(tmp_path):
    dom = _write_domain(tmp_path, [1])
    Image.fromarray(np.zeros((12, 10, 3), np.uint8)).save(
        tmp_path / 'imgs' / '0.png')
    ds = UnpairedInstanceDataset(
        [dom], data_root=str(tmp_path),
        pipeline=[dict(type='LoadImageFromFile')])
    with pytest.raises(DataError, match=r'0.png is 12x10 .* says 10x10'):
        ds[0]


def test_unknown_class_lists_known(tmp_path):
    dom = _write_domain(tmp_path, [1])
    with pytest.raises(DataError, match=r"\['zebra'\].*known: \['sheep'\]"):
        UnpairedInstanceDataset([dom], data_root=str(tmp_path),
                                classes=['zebra'])


def test_classes_of_one_domain_each(shapes_root):
    """A class need not be in every domain's file (the pair data: sheep
    in one, giraffe in the other), only in one of them: MGUIT's classes on
    the two-domain shapes used to be refused."""
    ds = UnpairedInstanceDataset(['sheep', 'giraffe'], data_root=shapes_root,
                                 classes=['sheep', 'giraffe'])
    assert ds.classes == ('sheep', 'giraffe')
    with pytest.raises(DataError, match=r"unknown category \['zebra'\]; "
                       r"known: \['giraffe', 'sheep'\]"):
        UnpairedInstanceDataset(['sheep', 'giraffe'], data_root=shapes_root,
                                classes=['sheep', 'zebra'])


def test_rle_size_mismatch_is_named(tmp_path):
    dom = _write_domain(tmp_path, [1])
    data = json.loads((tmp_path / 'd.json').read_text())
    data['annotations'][0]['segmentation']['size'] = [11, 10]
    (tmp_path / 'd.json').write_text(json.dumps(data))
    ds = UnpairedInstanceDataset([dom], data_root=str(tmp_path),
                                 pipeline=tiny_pipeline(False))
    with pytest.raises(DataError, match=r'd.json .*mask size 11x10'):
        ds[0]


def _n_domain_dataset(root, **kw):
    return UnpairedInstanceDataset(['grass', 'snow', 'sand'], data_root=root,
                                   pipeline=tiny_pipeline(True), **kw)


def test_one_domain_sampling_balanced_and_reproducible(shapes_multi_root):
    ds = _n_domain_dataset(shapes_multi_root, sampling='one_domain')
    assert len(ds) == 3 * 6  # every image of every domain

    def draws(seed, n=300):
        np.random.seed(seed)
        return [ds._one_domain_items(i)['source'] for i in range(n)]

    first = draws(0)
    assert first == draws(0)  # reproducible from the seed
    assert first != draws(1)
    counts = np.bincount([ds.domain_names.index(d) for d, _ in first],
                         minlength=3)
    assert counts.min() > 80  # balanced: 100 each expected
    np.random.seed(0)
    item = ds[0]
    assert set(item['inputs']) == {'source'}
    sample = item['data_samples']['source']
    assert sample.metainfo['domain'] in ds.domain_names
    # unbalanced: every image once per epoch, in order
    plain = _n_domain_dataset(shapes_multi_root, sampling='one_domain',
                              balanced_domains=False)
    seen = [plain._one_domain_items(i)['source'] for i in range(len(plain))]
    assert len(set(seen)) == len(plain)


def test_pair_sampling_and_domain_labels(shapes_multi_root):
    from mmi2i.datasets import translation_collate
    from mmi2i.models.data_preprocessors import TranslationDataPreprocessor
    ds = _n_domain_dataset(shapes_multi_root, sampling='pair')
    np.random.seed(0)
    for i in range(30):
        items = ds._one_domain_items(i)
        assert items['source'][0] != items['reference'][0]
    batch = translation_collate([ds[i] for i in range(4)])
    out = TranslationDataPreprocessor()(batch)['inputs']
    for slot in ('source', 'reference'):
        names = [s.metainfo['domain'] for s in batch['data_samples'][slot]]
        assert out[slot]['domain'].tolist() == [
            ds.domain_names.index(n) for n in names]
    assert (out['source']['domain'] != out['reference']['domain']).all()
    with pytest.raises(ValueError, match='sampling'):
        _n_domain_dataset(shapes_multi_root, sampling='random')
