"""Converters and readers never lose or silently corrupt a user's data
(docs/reliability.md; one test per failure seen in the field)."""
import hashlib
import json
import os

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets import DataError
from mmi2i.datasets.converters import (CocoWriter, convert_box_txt,
                                       convert_coco_pairs,
                                       convert_instagan_folders,
                                       generate_shapes, write_instagan_example)
from mmi2i.datasets.converters.writer import place_file
from mmi2i.datasets.io import (DataWarning, load_coco_instances, read_image,
                               read_mask)
from utils import load_tool


def _digest(folder):
    """{relative path: sha1 of the content} of every file below."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, 'rb') as fh:
                out[os.path.relpath(p, folder)] = hashlib.sha1(
                    fh.read()).hexdigest()
    return out


# 1. output overlapping the input -------------------------------------
@pytest.mark.parametrize('link', ['symlink', 'copy', 'hardlink'])
def test_converter_refuses_to_overwrite_its_input(tmp_path, link):
    root = str(tmp_path / 'x')
    generate_shapes(root, 'pair', dict(train=4), size=32, seed=0)
    before = _digest(root)
    with pytest.raises(DataError, match='overlaps the input|lies in the '
                       'output folder'):
        convert_coco_pairs(f'{root}/annotations/sheep_train.json',
                           f'{root}/images/sheep_train', root, ['sheep'],
                           link_mode=link, progress=False)
    assert _digest(root) == before
    for f in os.listdir(f'{root}/images/sheep_train'):
        assert not os.path.islink(f'{root}/images/sheep_train/{f}')


def test_place_file_same_file_and_no_delete_before_replace(tmp_path):
    src = tmp_path / 'a.png'
    src.write_bytes(b'data')
    with pytest.raises(DataError, match='onto itself'):
        place_file(str(src), str(src), 'symlink')
    os.symlink(tmp_path, tmp_path / 'alias')  # same file via another path
    with pytest.raises(DataError, match='onto itself'):
        place_file(str(tmp_path / 'alias' / 'a.png'), str(src), 'copy')
    assert src.read_bytes() == b'data'
    dst = tmp_path / 'out' / 'a.png'
    place_file(str(src), str(dst), 'copy')
    # a failing replacement leaves the earlier file in place
    with pytest.raises(FileNotFoundError):
        place_file(str(tmp_path / 'missing.png'), str(dst), 'copy')
    assert dst.read_bytes() == b'data'
    assert os.listdir(tmp_path / 'out') == ['a.png']


# 3. a run failing halfway leaves the earlier dataset untouched --------
def test_failed_run_keeps_previous_dataset(tmp_path):
    src = tmp_path / 'in'
    img = np.zeros((10, 12, 3), np.uint8)
    m = np.zeros((10, 12), bool)
    m[2:6, 2:6] = True
    for name in ('0', '1', '2'):
        write_instagan_example(str(src), 'train', 'A', name, img, [m])
        write_instagan_example(str(src), 'train', 'B', name, img, [m])
    out = tmp_path / 'out'
    convert_instagan_folders(str(src), str(out))
    before = _digest(out)
    # the second run meets a corrupt image halfway, after image 0 of A
    Image.fromarray(img + 50).save(src / 'trainA' / '0.png')
    (src / 'trainA' / '1.png').write_bytes(b'garbage')
    with pytest.raises(DataError, match='trainA/1.png'):
        convert_instagan_folders(str(src), str(out))
    assert _digest(out) == before
    assert not [f for f in os.listdir(out / 'images') if 'staging' in f]


# 4. masks that are not 0/255 ------------------------------------------
def test_read_mask_two_valued_any_encoding(tmp_path):
    ref = np.zeros((6, 8), bool)
    ref[1:4, 2:6] = True
    Image.fromarray(ref.astype(np.uint8)).save(tmp_path / 'zero_one.png')
    Image.fromarray(ref).save(tmp_path / 'one_bit.png')  # mode '1'
    Image.fromarray(ref.astype(np.uint8) * 7).save(tmp_path / 'label.png')
    rgb = np.repeat(ref[..., None].astype(np.uint8) * 200, 3, 2)
    Image.fromarray(rgb).save(tmp_path / 'grey_rgb.png')
    Image.fromarray((ref * 40000).astype(np.uint16)).save(
        tmp_path / 'sixteen.png')
    for name in ('zero_one', 'one_bit', 'label', 'grey_rgb', 'sixteen'):
        assert (read_mask(str(tmp_path / f'{name}.png')) == ref).all(), name


def test_read_mask_rejects_ambiguous_masks(tmp_path):
    labels = np.zeros((6, 8), np.uint8)
    labels[:2] = 1
    labels[4:] = 2
    Image.fromarray(labels).save(tmp_path / 'labels.png')
    with pytest.raises(DataError, match=r'labels.png has 3 distinct '
                       r'values .*value=K'):
        read_mask(str(tmp_path / 'labels.png'))
    assert read_mask(str(tmp_path / 'labels.png'), value=2).sum() == 16
    colour = np.zeros((6, 8, 3), np.uint8)
    colour[2:4, 2:4] = (255, 0, 0)
    Image.fromarray(colour).save(tmp_path / 'red.png')
    with pytest.raises(DataError, match='red.png is coloured'):
        read_mask(str(tmp_path / 'red.png'))
    Image.fromarray(np.zeros((6, 8), np.uint8)).save(tmp_path / 'zero.png')
    with pytest.warns(DataWarning, match='zero.png is empty'):
        assert not read_mask(str(tmp_path / 'zero.png')).any()


def test_instagan_folders_keep_0_1_masks(tmp_path):
    img = np.zeros((10, 12, 3), np.uint8)
    m = np.zeros((10, 12), bool)
    m[1:5, 1:5] = True
    for letter in 'AB':
        write_instagan_example(str(tmp_path / 'in'), 'train', letter, '0',
                               img, [m])
        # 0/1 masks as written by many tools
        Image.fromarray(m.astype(np.uint8)).save(
            tmp_path / 'in' / f'train{letter}_seg' / '0_0.png')
    convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out'))
    data = load_coco_instances(
        str(tmp_path / 'out/annotations/A_train.json'))
    assert [a['area'] for a in data['annotations']] == [16]


# 5. datasets that end with no instances --------------------------------
def _coco(tmp_path, anns, h=12, w=16):
    os.makedirs(tmp_path / 'src', exist_ok=True)
    Image.fromarray(np.zeros((h, w, 3), np.uint8)).save(
        tmp_path / 'src' / '1.jpg')
    data = dict(images=[dict(id=1, file_name='1.jpg', height=h, width=w)],
                annotations=anns,
                categories=[dict(id=1, name='sheep')])
    (tmp_path / 'ann.json').write_text(json.dumps(data))
    return str(tmp_path / 'ann.json'), str(tmp_path / 'src')


def test_min_area_without_area_field_and_outside_polygons(tmp_path):
    poly = [[2, 2, 10, 2, 10, 8, 2, 8]]  # 8x6 = 48 px, no "area" field
    outside = [[30, 30, 40, 30, 40, 40]]
    ann, src = _coco(tmp_path, [
        dict(id=1, image_id=1, category_id=1, segmentation=poly,
             bbox=[2, 2, 8, 6]),
        dict(id=2, image_id=1, category_id=1, segmentation=outside,
             bbox=[30, 30, 10, 10]),
    ])
    n = convert_coco_pairs(ann, src, str(tmp_path / 'out'), ['sheep'],
                           min_area=20, progress=False)
    assert n == {'sheep': 1}
    data = load_coco_instances(str(tmp_path / 'out/annotations/'
                                   'sheep_train.json'))
    assert [a['area'] for a in data['annotations']] == [48.0]
    with pytest.raises(DataError, match=r'no instances in sheep_train '
                       r'\(0 images\).*--allow-empty'):
        convert_coco_pairs(ann, src, str(tmp_path / 'o2'), ['sheep'],
                           min_area=100, progress=False)
    assert not os.path.exists(tmp_path / 'o2' / 'annotations')
    convert_coco_pairs(ann, src, str(tmp_path / 'o3'), ['sheep'],
                       min_area=100, progress=False, allow_empty=True)
    assert os.path.isfile(tmp_path / 'o3/annotations/sheep_train.json')


def test_box_txt_wrong_box_dir_and_counts(tmp_path, capsys):
    os.makedirs(tmp_path / 'imgs')
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(
        tmp_path / 'imgs' / 'a.png')
    with pytest.raises(DataError, match='Box folder not found: .*boxs'):
        convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxs'),
                        str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})
    os.makedirs(tmp_path / 'boxes')
    with pytest.raises(DataError, match='no instances in d_train'):
        convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})
    (tmp_path / 'boxes' / 'a.txt').write_text('0 1 1 4 4\n')
    convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                    str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})
    assert 'd_train: 1 images, 1 instances' in capsys.readouterr().out


# 8. non-finite boxes, 16-bit images ------------------------------------
def test_box_txt_rejects_nan(tmp_path):
    os.makedirs(tmp_path / 'imgs')
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(
        tmp_path / 'imgs' / 'a.png')
    os.makedirs(tmp_path / 'boxes')
    (tmp_path / 'boxes' / 'a.txt').write_text('0 1 1 4 4\n0 nan 1 4 4\n')
    with pytest.raises(DataError, match=r'a.txt:2: non-finite'):
        convert_box_txt(str(tmp_path / 'imgs'), str(tmp_path / 'boxes'),
                        str(tmp_path / 'out'), 'd', 'train', {'0': 'car'})


def test_16_bit_images_scale_by_value_range(tmp_path):
    for peak in (255, 256, 4095, 65535):
        arr = np.zeros((2, 3), np.uint16)
        arr[0, 0] = peak
        Image.fromarray(arr).save(tmp_path / f'{peak}.png')
        out = read_image(str(tmp_path / f'{peak}.png'))
        assert out[0, 0, 0] == 255, peak
        assert out[1, 1, 0] == 0


# 12. one CLI convention -------------------------------------------------
CONVERTERS = ('shapes', 'coco_pairs', 'box_txt', 'instagan_folders', 'mhp',
              'ccp', 'merge_domains')


@pytest.mark.parametrize('name', CONVERTERS)
def test_converter_cli_convention(name, capsys):
    mod = load_tool(f'tools/dataset_converters/{name}.py')
    with pytest.raises(SystemExit):
        mod.main(['--help'])
    text = capsys.readouterr().out
    assert '--out' in text
    assert 'positional arguments' not in text
    if name not in ('shapes', 'merge_domains'):
        assert '--link' in text and '--allow-empty' in text


def test_converter_cli_error_is_one_line(tmp_path, capsys):
    mod = load_tool('tools/dataset_converters/instagan_folders.py')
    with pytest.raises(SystemExit) as exc:
        mod.main(['--root', str(tmp_path / 'nope'), '--out',
                  str(tmp_path / 'o')])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith('error: InstaGAN dataset folder not found')


def test_every_failure_exits_with_the_documented_status(tmp_path, capsys):
    """Issue #31, 9c: a converter's unexpected exception was a traceback with
    exit status 1, not the documented 2; a full disk or a read-only folder
    (OSError) was a traceback too. ``run_tool`` is the one convention."""
    from mmi2i.datasets.converters.cli import run_tool

    def disk_full():
        raise OSError(28, 'No space left on device', str(tmp_path / 'x'))

    with pytest.raises(SystemExit) as exc:
        run_tool(disk_full)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith('error: [Errno 28] No space left on device') \
        and 'Traceback' not in err and str(tmp_path / 'x') in err

    def bug(frames):
        return frames['name']

    with pytest.raises(SystemExit) as exc:
        run_tool(bug, {})
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert 'Traceback' in err and err.strip().splitlines()[-1].startswith(
        "error: unexpected KeyError: 'name'. If the input is valid, this is "
        'a bug')
    assert run_tool(bug, {'name': 3}) == 3


def test_writer_rejects_empty_masks():
    w = CocoWriter(['a'])
    w.add_image('x.png', 4, 4)
    with pytest.raises(ValueError, match='empty mask'):
        w.add_instance(1, 'a', mask=np.zeros((4, 4), bool))


# issue #31, 1-2: names in annotation files are untrusted -----------------
@pytest.mark.parametrize('name', ['../../../precious.jpg', 'ABS'])
def test_names_from_annotation_files_never_leave_their_folders(tmp_path,
                                                               name):
    """A BDD100K frame or COCO image named ``../..`` or by an absolute
    path is refused with the entry named; the user's file outside the
    folders is untouched (it used to be overwritten, exit 0), and the
    dataset reader refuses such a name too."""
    from mmi2i.datasets.converters import convert_bdd100k
    from mmi2i.datasets.unpaired_dataset import load_domain
    precious = tmp_path / 'precious.jpg'
    Image.fromarray(np.full((20, 40, 3), 7, np.uint8)).save(precious)
    before = precious.read_bytes()
    if name == 'ABS':
        name = str(precious)
    img_dir = tmp_path / 'a' / 'b' / 'c'
    os.makedirs(img_dir)
    night = dict(weather='clear', timeofday='night')
    (tmp_path / 'labels.json').write_text(json.dumps([dict(
        name=name, attributes=night, labels=[])]))
    with pytest.raises(DataError, match=r'labels.json: frame 0: file name '
                       r'.*precious.jpg.*(leaves|not a relative path)'):
        convert_bdd100k(str(tmp_path / 'labels.json'), str(img_dir),
                        str(img_dir / 'out'), allow_empty=True)
    ann = dict(images=[dict(id=1, file_name=name, height=20, width=40)],
               annotations=[dict(id=1, image_id=1, category_id=1,
                                 bbox=[1, 1, 5, 5], area=25)],
               categories=[dict(id=1, name='sheep')])
    (tmp_path / 'ann.json').write_text(json.dumps(ann))
    with pytest.raises(DataError, match=r'ann.json: image 1: file name'):
        convert_coco_pairs(str(tmp_path / 'ann.json'), str(img_dir),
                           str(img_dir / 'out'), ['sheep'])
    with pytest.raises(DataError, match=r'ann.json: image 1: file name'):
        load_domain(str(tmp_path / 'ann.json'), str(img_dir))
    assert precious.read_bytes() == before
    assert not (img_dir / 'out').exists()


def test_safe_join():
    from mmi2i.datasets.io import safe_join
    assert safe_join('/d', 'x/y.png') == '/d/x/y.png'
    assert safe_join('/d', 'x/../y.png') == '/d/x/../y.png'  # stays in /d
    for bad in ('../y.png', 'x/../../y.png', '/etc/passwd', '', '..'):
        with pytest.raises(DataError, match='refusing it'):
            safe_join('/d', bad, 'f.json: image 3')


def test_file_names_are_literal_not_glob_patterns(tmp_path):
    """Issue #31, 3: ``x[2].png``'s masks ``x[2]_0.png`` are found (the
    name used to be a glob pattern: 0 instances, exit 0)."""
    from mmi2i.datasets.converters.instagan_folders import find_instance_masks
    m = np.zeros((10, 12), bool)
    m[2:6, 2:6] = True
    write_instagan_example(str(tmp_path / 'in'), 'train', 'A', 'x[2]',
                           np.zeros((10, 12, 3), np.uint8), [m, m])
    write_instagan_example(str(tmp_path / 'in'), 'train', 'B', 'y',
                           np.zeros((10, 12, 3), np.uint8), [m])
    seg = str(tmp_path / 'in' / 'trainA_seg')
    assert [os.path.basename(p) for p in find_instance_masks(
        seg, 'x[2].png')] == ['x[2]_0.png', 'x[2]_1.png']
    assert find_instance_masks(seg, 'x2.png') == []
    convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out'))
    data = load_coco_instances(str(tmp_path / 'out/annotations/A_train.json'))
    assert len(data['annotations']) == 2


def test_instagan_folders_read_the_authors_anti_aliased_masks(tmp_path,
                                                              capsys):
    """Issue #31, 9: the authors' own samples have anti-aliased masks;
    their layout converts without options (foreground > 127, said in a
    line), two-valued masks keep the nonzero rule, and an explicit option
    still wins."""
    m = np.zeros((10, 12), bool)
    m[2:6, 2:6] = True
    write_instagan_example(str(tmp_path / 'in'), 'sample', 'A', 'a',
                           np.zeros((10, 12, 3), np.uint8), [m])
    write_instagan_example(str(tmp_path / 'in'), 'sample', 'B', 'b',
                           np.zeros((10, 12, 3), np.uint8), [m])
    soft = np.zeros((10, 12), np.uint8)
    soft[2:6, 2:6] = 255
    soft[6, 2:6] = 100  # an anti-aliased edge: below 127
    soft[1, 2:6] = 200  # above
    Image.fromarray(soft).save(tmp_path / 'in' / 'sampleA_seg' / 'a_0.png')
    Image.fromarray(m.astype(np.uint8)).save(  # a 0/1 mask
        tmp_path / 'in' / 'sampleB_seg' / 'b_0.png')
    convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out'))
    assert '1 anti-aliased mask(s)' in capsys.readouterr().out
    a = load_coco_instances(str(tmp_path / 'out/annotations/A_sample.json'))
    b = load_coco_instances(str(tmp_path / 'out/annotations/B_sample.json'))
    assert [x['area'] for x in a['annotations']] == [16 + 4]
    assert [x['area'] for x in b['annotations']] == [16]
    convert_instagan_folders(str(tmp_path / 'in'), str(tmp_path / 'out2'),
                             mask_threshold=50, allow_empty=True)
    a = load_coco_instances(str(tmp_path / 'out2/annotations/A_sample.json'))
    assert [x['area'] for x in a['annotations']] == [16 + 4 + 4]


def test_merge_domains_never_replaces_an_input_or_a_file_half_way(
        tmp_path, monkeypatch):
    """Issue #31, 2b: --out naming one of its inputs was overwritten;
    an existing --out was replaced without --overwrite; a full disk left
    4 KB of invalid JSON in its place."""
    from mmi2i.datasets.converters import merge_domains
    root = str(tmp_path / 'd')
    generate_shapes(root, 'pair', dict(train=8), size=32, seed=0)
    own = os.path.join(root, 'annotations', 'sheep_train.json')
    before = open(own, 'rb').read()
    with pytest.raises(DataError, match='is one of the inputs'):
        merge_domains(root, ['sheep', 'giraffe'], 'train', own,
                      overwrite=True)
    assert open(own, 'rb').read() == before
    out = str(tmp_path / 'det.json')
    merge_domains(root, ['sheep', 'giraffe'], 'train', out)
    with pytest.raises(DataError, match='exists; pass --overwrite'):
        merge_domains(root, ['sheep', 'giraffe'], 'train', out)
    good = open(out, 'rb').read()

    def full_disk(obj, f):
        f.write('{"images": [')
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(json, 'dump', full_disk)
    with pytest.raises(OSError, match='No space left'):
        merge_domains(root, ['sheep', 'giraffe'], 'train', out,
                      overwrite=True)
    assert open(out, 'rb').read() == good
    assert sorted(os.listdir(tmp_path)) == ['d', 'det.json']


def test_two_images_of_one_name_are_refused(tmp_path):
    """Issue #31, 4: two BDD100K frames named f0.jpg converted into two
    entries with one file; x.png and x.PNG (KITTI) the same."""
    from mmi2i.datasets.converters import convert_bdd100k
    from mmi2i.datasets.converters.writer import ConversionJob
    os.makedirs(tmp_path / 'img')
    Image.fromarray(np.zeros((20, 40, 3), np.uint8)).save(
        tmp_path / 'img' / 'f0.jpg')
    night = dict(weather='clear', timeofday='night')
    (tmp_path / 'labels.json').write_text(json.dumps(
        [dict(name='f0.jpg', attributes=night, labels=[])] * 2))
    with pytest.raises(DataError, match=r'night_train: two images would be '
                       r'written as f0.jpg'):
        convert_bdd100k(str(tmp_path / 'labels.json'), str(tmp_path / 'img'),
                        str(tmp_path / 'out'), allow_empty=True)
    assert _digest(tmp_path / 'out') == {}  # nothing written
    for ext in ('png', 'PNG'):
        Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(
            tmp_path / 'img' / f'x.{ext}', format='PNG')
    with pytest.raises(DataError, match='x.png .*x.PNG'):
        with ConversionJob(str(tmp_path / 'out2'), 'copy', True) as job:
            out = job.domain('a', 'train', ['c'])
            for ext in ('png', 'PNG'):
                out.add_image(str(tmp_path / 'img' / f'x.{ext}'), f'x.{ext}',
                              4, 4)


def test_repeated_ids_are_refused(tmp_path):
    """Issue #31, 9b: a repeated image id gave one file another image's
    instances (and check_dataset saw no problem); a repeated category id
    relabelled a class."""
    img = dict(id=1, file_name='1.jpg', height=4, width=4)
    base = dict(images=[img], annotations=[],
                categories=[dict(id=1, name='sheep')])
    for change, match in (
            (dict(images=[img, dict(img, file_name='2.jpg')]),
             r'images\[1\] repeats image id 1'),
            (dict(categories=[dict(id=1, name='sheep'),
                              dict(id=1, name='giraffe')]),
             r"categories\[1\] repeats category id 1 \('giraffe'\)")):
        (tmp_path / 'a.json').write_text(json.dumps(dict(base, **change)))
        with pytest.raises(DataError, match=match):
            load_coco_instances(str(tmp_path / 'a.json'))


def test_negative_max_instances_is_refused(tmp_path):
    """Issue #31, 9b: max_instances=-1 silently dropped each image's
    smallest instance."""
    from mmi2i.datasets.unpaired_dataset import load_domain
    ann, src = _coco(tmp_path, [])
    with pytest.raises(ValueError, match='max_instances must be None or an '
                       'int >= 0, got -1'):
        load_domain(ann, src, max_instances=-1)


def test_non_utf8_text_files_are_named(tmp_path):
    """Issue #31, 9c: a non-UTF-8 box list or class map ended in a raw
    UnicodeDecodeError without the file's name."""
    from mmi2i.datasets.converters.box_txt import load_class_map
    os.makedirs(tmp_path / 'img')
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(
        tmp_path / 'img' / 'a.png')
    os.makedirs(tmp_path / 'box')
    (tmp_path / 'box' / 'a.txt').write_bytes(b'car 1 1 5 5\n\xff\xfe\n')
    with pytest.raises(DataError, match=r'a.txt is not UTF-8 text \(byte '
                       r'0xff at offset 12\)'):
        convert_box_txt(str(tmp_path / 'img'), str(tmp_path / 'box'),
                        str(tmp_path / 'out'), 'A', 'train', dict(car='car'))
    (tmp_path / 'classes.txt').write_bytes(b'car \xe9\n')
    with pytest.raises(DataError, match='classes.txt is not UTF-8'):
        load_class_map(str(tmp_path / 'classes.txt'))
