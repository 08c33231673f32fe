"""MHP and CCP converters on tiny fixtures (InstaGAN's datasets)."""
import os

import numpy as np
import pytest
from PIL import Image
from scipy.io import savemat

from mmi2i.datasets import DataError
from mmi2i.datasets.converters import convert_ccp, convert_mhp, parse_part_ids
from mmi2i.datasets.io import load_coco_instances


def _mhp(root):
    os.makedirs(root / 'images')
    os.makedirs(root / 'annotations')
    for img_id, people in (('1', [6, 5]), ('2', [5, 5]), ('3', [6, 6])):
        Image.fromarray(np.zeros((10, 12, 3), np.uint8)).save(
            root / 'images' / f'{img_id}.jpg')
        for k, part in enumerate(people, 1):
            parsing = np.zeros((10, 12), np.uint8)
            parsing[k:k + 3, :] = part      # 36 px of the part
            parsing[8, :] = 4               # upper clothes
            Image.fromarray(parsing).save(
                root / 'annotations' / f'{img_id}_02_0{k}.png')


def test_mhp_one_instance_per_person(tmp_path):
    _mhp(tmp_path / 'mhp')
    n = convert_mhp(str(tmp_path / 'mhp'), str(tmp_path / 'out'), 'pants',
                    min_area=10)
    assert n == 2  # image 2 has no pants
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/pants_train.json'))
    assert sorted(i['file_name'] for i in data['images']) == ['1.jpg',
                                                              '3.jpg']
    assert [a['area'] for a in data['annotations']] == [36, 36, 36]
    (tmp_path / 'ids.txt').write_text('2.jpg\n')
    assert convert_mhp(str(tmp_path / 'mhp'), str(tmp_path / 'out'),
                       'skirt', 'val', str(tmp_path / 'ids.txt'),
                       min_area=10) == 1


def test_mhp_bad_inputs(tmp_path):
    _mhp(tmp_path / 'mhp')
    with pytest.raises(DataError, match=r"unknown part 'jeans'.*'pants'"):
        convert_mhp(str(tmp_path / 'mhp'), str(tmp_path / 'o'), 'jeans')
    Image.fromarray(np.zeros((5, 5), np.uint8)).save(
        tmp_path / 'mhp' / 'annotations' / '1_02_01.png')
    with pytest.raises(DataError, match=r'1_02_01.png is 5x5'):
        convert_mhp(str(tmp_path / 'mhp'), str(tmp_path / 'o'), 'pants')
    assert parse_part_ids(['5=skirt']) == {5: 'skirt'}
    with pytest.raises(DataError, match='KEY=NAME'):
        parse_part_ids(['skirt'])


def _ccp(root):
    os.makedirs(root / 'photos')
    os.makedirs(root / 'annotations' / 'pixel-level')
    names = np.array(['null', 'jeans', 'skirt'], dtype=object)
    savemat(str(root / 'label_list.mat'), {'label_list': names[None]})
    for img_id, part in (('0001', 1), ('0002', 2), ('0003', 1)):
        Image.fromarray(np.zeros((8, 6, 3), np.uint8)).save(
            root / 'photos' / f'{img_id}.jpg')
        gt = np.zeros((8, 6), np.uint8)
        gt[2:8, 1:5] = part
        savemat(str(root / 'annotations' / 'pixel-level' / f'{img_id}.mat'),
                {'groundtruth': gt})


def test_ccp(tmp_path):
    _ccp(tmp_path / 'ccp')
    n = convert_ccp(str(tmp_path / 'ccp'), str(tmp_path / 'out'), 'jeans',
                    min_area=5)
    assert n == 2
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/jeans_train.json'))
    assert [a['area'] for a in data['annotations']] == [24, 24]
    with pytest.raises(DataError, match=r"unknown part 'pants'.*'jeans'"):
        convert_ccp(str(tmp_path / 'ccp'), str(tmp_path / 'o'), 'pants')


def test_ccp_bad_mat_files_are_named(tmp_path):
    """Issue #31, 9c: a broken .mat or one without its variable ended in
    a raw scipy error or KeyError."""
    _ccp(tmp_path / 'ccp')
    mat = tmp_path / 'ccp' / 'annotations' / 'pixel-level' / '0002.mat'
    mat.write_bytes(b'not a mat file')
    with pytest.raises(DataError, match=r'Cannot read MATLAB file .*0002.mat'):
        convert_ccp(str(tmp_path / 'ccp'), str(tmp_path / 'out'), 'jeans',
                    min_area=5)
    savemat(str(mat), {'gt': np.zeros((8, 6), np.uint8)})
    with pytest.raises(DataError, match=r"0002.mat has no variable "
                       r"'groundtruth' \(it has \['gt'\]\)"):
        convert_ccp(str(tmp_path / 'ccp'), str(tmp_path / 'out'), 'jeans',
                    min_area=5)
