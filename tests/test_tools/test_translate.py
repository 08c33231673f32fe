"""tools/translate.py protects inputs and earlier outputs, warns about
missing masks and writes at the input image's size."""
import os
import shutil

import numpy as np
import pytest
from PIL import Image

from mmi2i.datasets.io import DataError, DataWarning
from utils import load_tool, tiny_model_files


def _tool():
    return load_tool('tools/translate.py')


@pytest.fixture(scope='module')
def model_files(shapes_root, tmp_path_factory):
    return tiny_model_files('configs/instagan/shapes.py', shapes_root,
                            tmp_path_factory.mktemp('model'))


def _images(folder, names, size=(40, 50)):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(0)
    for n in names:
        Image.fromarray(rng.integers(0, 255, (*size, 3), np.uint8)).save(
            os.path.join(folder, n))


def _full_mask(folder, name):
    """A 40x50 instance mask covering the whole image, as ``name``."""
    os.makedirs(folder, exist_ok=True)
    Image.fromarray(np.full((40, 50), 255, np.uint8)).save(
        os.path.join(folder, name))


def _translate_with_masks(model_files, tmp_path):
    cfg, ckpt = model_files
    _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--mask-dir',
                  str(tmp_path / 'masks'), '--out', str(tmp_path / 'out')])


def test_out_equal_to_input_is_refused(model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png', 'b.png'])
    before = (tmp_path / 'in' / 'a.png').read_bytes()
    with pytest.raises(SystemExit, match='would overwrite the input'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'in')])
    assert (tmp_path / 'in' / 'a.png').read_bytes() == before


def test_name_collisions_detected_before_work(model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['x.png', 'x.jpg'])
    with pytest.raises(SystemExit, match='same name.*x.jpg and .*x.png'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'out')])
    assert not (tmp_path / 'out').exists()
    # issue #31, 7: an input named like another input's output
    _images(tmp_path / 'in2', ['y.png', 'y_mask0.png', 'y_grid.jpg'])
    with pytest.raises(SystemExit, match=r'y_grid.jpg \(an output name of '
                       r'.*y.png\); .*y_mask0.png \(an output name'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in2'), '--out',
                      str(tmp_path / 'out')])
    assert not (tmp_path / 'out').exists()


def test_outputs_at_input_size_and_no_silent_overwrite(
        model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'], size=(40, 50))
    masks = tmp_path / 'masks'
    os.makedirs(masks)
    m = np.zeros((40, 50), np.uint8)
    m[5:30, 10:20] = 255
    Image.fromarray(m).save(masks / 'a_0.png')
    args = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--mask-dir',
            str(masks), '--out', str(tmp_path / 'out')]
    _tool().main(args)
    out = np.array(Image.open(tmp_path / 'out' / 'a.png'))
    assert out.shape == (40, 50, 3)
    assert np.array(Image.open(tmp_path / 'out' / 'a_mask0.png')).shape == \
        (40, 50)
    with pytest.raises(SystemExit, match='exist already.*--overwrite'):
        _tool().main(args)
    _tool().main(args + ['--overwrite', '--model-size'])
    assert np.array(Image.open(tmp_path / 'out' / 'a.png')).shape[:2] == \
        (32, 32)


def test_exif_rotated_photo_translated_as_shown(model_files, tmp_path):
    """Issue #31, 9b: a phone photo (EXIF orientation 6) came out with its
    stored, sideways pixels; it is translated as it is shown."""
    cfg, ckpt = model_files
    os.makedirs(tmp_path / 'in')
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(np.zeros((40, 50, 3), np.uint8)).save(
        tmp_path / 'in' / 'p.jpg', exif=exif)
    _full_mask(tmp_path / 'masks', 'p_0.png')  # drawn on the stored size
    with pytest.raises(DataError, match='p_0.png is 40x50 but image .*p.jpg '
                       'is 50x40'):
        _translate_with_masks(model_files, tmp_path)
    os.remove(tmp_path / 'masks' / 'p_0.png')
    Image.fromarray(np.full((50, 40), 255, np.uint8)).save(
        tmp_path / 'masks' / 'p_0.png')
    _translate_with_masks(model_files, tmp_path)
    assert Image.open(tmp_path / 'out' / 'p.png').size == (40, 50)


def test_missing_mask_dir_and_images_without_masks(model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png', 'b.png'])
    with pytest.raises(SystemExit, match='--mask-dir .*maks is not a '
                       'folder'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'),
                      '--mask-dir', str(tmp_path / 'maks'), '--out',
                      str(tmp_path / 'out')])
    shutil.copy(tmp_path / 'in' / 'a.png', tmp_path / 'unused.png')
    _full_mask(tmp_path / 'masks', 'a_0.png')
    with pytest.warns(DataWarning, match='b.png: no instance masks'):
        _translate_with_masks(model_files, tmp_path)


def test_instance_methods_refuse_images_without_instances(
        model_files, tmp_path):
    """InstaGAN and MGD-GAN translate instances: with no instance in any
    input the tool exits non-zero before writing anything (MGD-GAN used
    to write its input back, "1 translation written")."""
    from mmi2i.models.editors import MGDGAN, MUNIT, InstaGAN
    assert InstaGAN.uses_instances and MGDGAN.uses_instances
    assert not MUNIT.uses_instances
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png', 'b.png'])
    with pytest.raises(SystemExit) as e:
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'out')])
    assert 'InstaGAN translates instances, and none of the 2 input' in str(
        e.value) and '--mask-dir' in str(e.value)
    assert not os.path.exists(tmp_path / 'out')
    _full_mask(tmp_path / 'masks', 'c_0.png')  # another image's mask
    with pytest.raises(SystemExit, match='none of the masks given'):
        _translate_with_masks(model_files, tmp_path)


def test_anti_aliased_masks_need_the_converters_mask_options(
        model_files, tmp_path):
    """The authors' sample masks are anti-aliased: --mask-dir refuses them
    with a message naming the options, and --mask-threshold (the
    converters' option) reads them; the options need --mask-dir."""
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'])
    os.makedirs(tmp_path / 'masks')
    m = np.zeros((40, 50), np.uint8)
    m[5:30, 10:20] = 255
    m[5:30, 9] = 128  # an anti-aliased edge
    Image.fromarray(m).save(tmp_path / 'masks' / 'a_0.png')
    args = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--mask-dir',
            str(tmp_path / 'masks'), '--out', str(tmp_path / 'out')]
    with pytest.raises(DataError, match='--mask-threshold'):
        _tool().main(args)
    _tool().main(args + ['--mask-threshold', '127', '--overwrite'])
    out = np.array(Image.open(tmp_path / 'out' / 'a_mask0.png'))
    assert out.shape == (40, 50)
    with pytest.raises(SystemExit, match='give --mask-dir'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'out2'), '--mask-threshold', '127'])


def test_center_crop_region_pasted_back():
    import torch

    from mmi2i.apis import to_input_size
    from mmi2i.datasets.transforms import CenterCrop, Resize
    from mmi2i.structures import TranslationDataSample
    img = np.zeros((40, 80, 3), np.uint8)
    res = dict(img=img, ori_shape=(40, 80), img_shape=(40, 80))
    res = Resize(scale=20, keep_ratio=True)(res)  # 20x40
    res = CenterCrop(crop_size=20)(res)  # the middle 20x20 -> x 10..30
    assert res['region'] == (20.0, 0.0, 60.0, 40.0)
    sample = TranslationDataSample()
    sample.set_metainfo(dict(region=res['region'], img_path='x'))
    sample.pred_img = torch.full((3, 20, 20), 200, dtype=torch.uint8)
    to_input_size(sample, img)
    out = sample.pred_img.permute(1, 2, 0).numpy()
    assert out.shape == (40, 80, 3)
    assert (out[:, 20:60] == 200).all() and (out[:, :20] == 0).all()


def test_random_and_reference_styles(shapes_root, tmp_path):
    """Multimodal methods: --num-styles K files + a grid, different per
    style; --style-ref one file per reference; both refuse to overwrite."""
    cfg, ckpt = tiny_model_files('configs/munit/shapes.py', shapes_root,
                                 tmp_path / 'model')
    _images(tmp_path / 'in', ['a.png', 'b.png'], size=(40, 50))
    out = tmp_path / 'out'
    args = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--out', str(out),
            '--target-domain', 'giraffe']
    _tool().main(args + ['--num-styles', '3'])
    names = sorted(os.listdir(out))
    assert names == sorted([f'{s}_style{k}.png' for s in 'ab'
                            for k in range(3)] + ['a_grid.png', 'b_grid.png'])
    outs = [np.array(Image.open(out / f'a_style{k}.png')) for k in range(3)]
    assert outs[0].shape == (40, 50, 3)
    assert (outs[0] != outs[1]).any()
    grid = np.array(Image.open(out / 'a_grid.png'))
    assert grid.shape == (40, 4 * 50, 3)  # input + 3 styles
    with pytest.raises(SystemExit, match='exist already'):
        _tool().main(args + ['--num-styles', '3'])
    _images(tmp_path / 'refs', ['r0.png', 'r1.png'], size=(32, 32))
    refs = [str(tmp_path / 'refs' / 'r0.png'), str(tmp_path / 'refs' /
                                                   'r1.png')]
    _tool().main(args[:5] + [str(tmp_path / 'out_ref'), '--target-domain',
                             'giraffe', '--style-ref'] + refs)
    # a reference inside --out with an output's name is never overwritten
    shutil.copy(refs[0], tmp_path / 'out_ref' / 'a_ref0.png')
    before = (tmp_path / 'out_ref' / 'a_ref0.png').read_bytes()
    with pytest.raises(SystemExit, match='would overwrite the input'):
        _tool().main(args[:5] + [str(tmp_path / 'out_ref'), '--overwrite',
                                 '--target-domain', 'giraffe',
                                 '--style-ref', str(tmp_path / 'out_ref' /
                                                    'a_ref0.png')])
    assert (tmp_path / 'out_ref' / 'a_ref0.png').read_bytes() == before
    ref_out = sorted(os.listdir(tmp_path / 'out_ref'))
    assert 'a_ref0.png' in ref_out and 'a_ref1.png' in ref_out
    # input, 2 references (32x32 scaled to the input's height 40), outputs
    grid = np.array(Image.open(tmp_path / 'out_ref' / 'a_grid.png'))
    assert grid.shape == (40, 50 + 2 * 40 + 2 * 50, 3)
    # one reference: its output keeps the plain name, and a grid shows
    # input, reference and output
    _tool().main(args[:5] + [str(tmp_path / 'out_one'), '--target-domain',
                             'giraffe', '--style-ref', refs[0]])
    assert sorted(os.listdir(tmp_path / 'out_one')) == [
        'a.png', 'a_grid.png', 'b.png', 'b_grid.png']
    grid = np.array(Image.open(tmp_path / 'out_one' / 'a_grid.png'))
    assert grid.shape == (40, 50 + 40 + 50, 3)


def test_deterministic_methods_refuse_styles(model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'])
    with pytest.raises(SystemExit, match='deterministic'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'out'), '--num-styles', '2'])


def test_every_target_domain_in_one_call(shapes_multi_root, tmp_path):
    """N-domain methods: --target-domain all writes one file per target
    (``_to<domain>``) and a grid of them; bad domain arguments are clear
    errors; existing outputs are refused."""
    cfg, ckpt = tiny_model_files('configs/stargan/shapes.py',
                                 shapes_multi_root, tmp_path / 'model')
    _images(tmp_path / 'in', ['a_to.png'], size=(32, 32))
    out = tmp_path / 'out'
    args = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--out', str(out)]
    _tool().main(args + ['--source-domain', 'grass', '--target-domain',
                         'all'])
    assert sorted(os.listdir(out)) == [
        'a_to_grid.png', 'a_to_tosand.png', 'a_to_tosnow.png']
    outs = [np.array(Image.open(out / f'a_to_to{d}.png'))
            for d in ('sand', 'snow')]
    assert (outs[0] != outs[1]).any()  # the label changes the output
    grid = np.array(Image.open(out / 'a_to_grid.png'))
    assert grid.shape == (32, 3 * 32, 3)  # input + 2 targets
    with pytest.raises(SystemExit, match='exist already'):
        _tool().main(args + ['--source-domain', 'grass', '--target-domain',
                             'sand'])
    with pytest.raises(SystemExit, match='needs --source-domain'):
        _tool().main(args + ['--target-domain', 'all', '--overwrite'])
    with pytest.raises(SystemExit, match=r"unknown domain\(s\) \['mud'\]"):
        _tool().main(args + ['--target-domain', 'mud', '--overwrite'])


def test_init_instance_styles_from_reference_instances(shapes_root,
                                                       tmp_path):
    """--instance-style-ref: INIT re-renders each instance in the style of
    a reference image's instance (masks from the same --mask-dir); outside
    the instance the output is the global translation, unchanged."""
    cfg, ckpt = tiny_model_files('configs/init/shapes.py', shapes_root,
                                 tmp_path / 'model')
    _images(tmp_path / 'in', ['a.png'], size=(32, 32))
    _images(tmp_path / 'refs', ['r.png', 'g.png'], size=(32, 32))
    os.makedirs(tmp_path / 'masks')
    for name, box in (('a', (8, 20)), ('r', (4, 28))):
        m = np.zeros((32, 32), np.uint8)
        m[box[0]:box[1], box[0]:box[1]] = 255
        Image.fromarray(m).save(tmp_path / 'masks' / f'{name}_0.png')
    common = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--mask-dir',
              str(tmp_path / 'masks'), '--target-domain', 'giraffe',
              '--model-size', '--style-ref', str(tmp_path / 'refs' / 'g.png')]
    _tool().main(common + ['--out', str(tmp_path / 'glob')])
    _tool().main(common + ['--out', str(tmp_path / 'inst'),
                           '--instance-style-ref',
                           str(tmp_path / 'refs' / 'r.png')])
    glob = np.array(Image.open(tmp_path / 'glob' / 'a.png')).astype(int)
    inst = np.array(Image.open(tmp_path / 'inst' / 'a.png')).astype(int)
    inside = np.zeros((32, 32), bool)
    inside[8:20, 8:20] = True
    assert (glob[~inside] == inst[~inside]).all()
    assert (glob[inside] != inst[inside]).any()
    with pytest.raises(SystemExit, match='reference images have no '
                       'instances'):
        _tool().main(common + ['--out', str(tmp_path / 'none'),
                               '--instance-style-ref',
                               str(tmp_path / 'refs' / 'g.png')])


def test_instance_styles_need_init(model_files, tmp_path):
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'])
    with pytest.raises(SystemExit, match='needs INIT'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'out'), '--instance-style-ref',
                      str(tmp_path / 'in' / 'a.png')])


def test_options_that_cannot_act_fail(model_files, tmp_path):
    """Issue #31, 5 and 9b: detector options without --det-config,
    --batch-size 0 and --num-styles 0 used to be ignored (exit 0);
    tools/test.py --det-checkpoint on a config without a detection metric
    too."""
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'])
    args = [cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
            str(tmp_path / 'out')]
    for extra in (['--det-checkpoint', 'd.pth'], ['--det-classes', 'sheep'],
                  ['--det-score-thr', '0.1']):
        with pytest.raises(SystemExit, match='give --det-config'):
            _tool().main(args + extra)
    for extra in (['--batch-size', '0'], ['--batch-size', '-1'],
                  ['--num-styles', '0']):
        with pytest.raises(SystemExit) as e:  # argparse: usage, status 2
            _tool().main(args + extra)
        assert e.value.code == 2
    from utils import load_tool
    with pytest.raises(SystemExit, match='has none'):
        load_tool('tools/test.py').main([cfg, ckpt, '--det-checkpoint',
                                         'work_dirs/x'])
    assert not os.path.exists(tmp_path / 'out')


def test_full_disk_and_a_file_as_out(model_files, tmp_path, monkeypatch):
    """Issue #31, 8: a full disk ended in a PIL traceback (and a partial
    PNG), --out naming a file in a raw FileExistsError: one sentence each,
    a non-zero exit, no partial file."""
    cfg, ckpt = model_files
    _images(tmp_path / 'in', ['a.png'])
    _full_mask(tmp_path / 'masks', 'a_0.png')
    (tmp_path / 'afile').write_text('x')
    with pytest.raises(DataError, match='--out .*afile is a file'):
        _tool().main([cfg, ckpt, '--input', str(tmp_path / 'in'), '--out',
                      str(tmp_path / 'afile')])
    from PIL import Image as PILImage

    def full(self, fp, *args, **kwargs):
        with open(fp, 'wb') as f:
            f.write(b'\x89PNG half')
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(PILImage.Image, 'save', full)
    with pytest.raises(SystemExit, match='cannot write the translations to '
                       '.*out: No space left on device'):
        _translate_with_masks(model_files, tmp_path)
    assert os.listdir(tmp_path / 'out') == []


def test_annotations_match_by_relative_path_not_a_guess(tmp_path):
    """Issue #31, 9b: --ann matched by base name only, so a/x.png and
    b/x.png in one file gave an image the other's instances."""
    import json

    from mmi2i.apis import infos_from_annotations
    ann = dict(images=[dict(id=1, file_name='a/x.png', height=4, width=5),
                       dict(id=2, file_name='b/x.png', height=6, width=7)],
               annotations=[], categories=[dict(id=1, name='sheep')])
    (tmp_path / 'ann.json').write_text(json.dumps(ann))
    root = str(tmp_path)
    infos = infos_from_annotations(str(tmp_path / 'ann.json'), root,
                                   [f'{root}/b/x.png', f'{root}/a/x.png'])
    assert [(i['height'], i['width']) for i in infos] == [(6, 7), (4, 5)]
    with pytest.raises(DataError, match='2 entries named x.png'):
        infos_from_annotations(str(tmp_path / 'ann.json'), f'{root}/b',
                               [f'{root}/b/x.png'])


def test_two_runs_into_one_out_at_once(model_files, tmp_path):
    """Issue #31, 9b: two runs into one --out at the same time overwrote
    each other; the second is refused while the first holds the folder's
    lock, and a lock file left by a killed run is no obstacle."""
    import subprocess
    import sys
    import time
    _images(tmp_path / 'in', ['a.png'])
    _full_mask(tmp_path / 'masks', 'a_0.png')
    os.makedirs(tmp_path / 'out')
    lock = _tool().out_lock_path(str(tmp_path / 'out'))
    holder = subprocess.Popen([sys.executable, '-c', (
        'import sys, time; from filelock import FileLock; '
        f'held = FileLock({lock!r}); held.acquire(); print(1, flush=True); '
        'time.sleep(60)')], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == '1'  # it holds the lock
        with pytest.raises(SystemExit, match='another translate.py run is '
                           'writing to'):
            _translate_with_masks(model_files, tmp_path)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    _translate_with_masks(model_files, tmp_path)  # the killed run's file
    assert sorted(os.listdir(tmp_path / 'out')) == ['a.png', 'a_mask0.png']
