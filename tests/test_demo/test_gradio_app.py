"""The demo page's callbacks (demo/gradio_app.py, mmi2i/apis/demo.py)
without a browser: every method family translates, results come back at
the photo's size, the shown command reproduces them, and bad input is one
sentence on the page."""
import glob
import os.path as osp
import shlex

import numpy as np
import pytest
from PIL import Image

from mmi2i.apis.demo import DemoError, load_models
from utils import REPO, load_tool


def _photo(path, size=(48, 40), mode='RGB', seed=0):
    """A photo of ``size`` (w, h) in any PIL mode."""
    rng = np.random.default_rng(seed)
    arr = rng.integers(0, 255, (size[1], size[0], 3), np.uint8)
    Image.fromarray(arr).convert(mode).save(path)
    return str(path)


@pytest.fixture
def page(gradio_app, demo_models, tmp_path):
    models = load_models([demo_models[k] for k in
                          ('cyclegan', 'instagan', 'munit', 'stargan')],
                         'cpu')
    return gradio_app.DemoPage(models, work_dir=str(tmp_path / 'sessions'))


def _label(page, method):
    return next(k for k in page.models if k.startswith(method))


def _translate(page, method, photo, source, target, editor=None,
               mask_files=None, k=1, seed=0, reference=None):
    return page.translate(_label(page, method), photo, editor, mask_files,
                          [], [], source, target, k, seed, reference)


def test_every_family_translates_at_the_photos_size(page, tmp_path):
    photo = _photo(tmp_path / 'p.png')
    text, src, tgt = page.model_info(_label(page, 'StarGAN'))
    assert 'StarGAN' in text and src['choices'] == ['grass', 'sand', 'snow']
    for method, source, target in (('CycleGAN', 'sheep', 'giraffe'),
                                   ('MUNIT', 'sheep', 'giraffe'),
                                   ('StarGAN', 'grass', 'snow')):
        gallery, status, command, files = _translate(
            page, method, photo, source, target)
        assert status.startswith('1 translation(s)'), status
        out = gallery[0][0]
        assert out.shape == (40, 48, 3)
        assert not np.array_equal(out, np.asarray(Image.open(photo)))
        assert command.startswith('python tools/translate.py')
        assert any(f.endswith('output_0.png') for f in files)


def test_instances_drawn_or_uploaded(page, tmp_path):
    photo = _photo(tmp_path / 'p.png', mode='RGBA')  # any mode the tools read
    editor, status = page.load_photo(photo)
    assert status.startswith('Photo 48x40')
    assert editor['background'].shape == (40, 48, 3)
    # InstaGAN without instances: the page says what to do
    _, status, _, _ = _translate(page, 'InstaGAN', photo, 'sheep', 'giraffe')
    assert 'has none: draw them' in status
    layer = np.zeros((40, 48, 4), np.uint8)
    layer[5:20, 10:30] = (255, 0, 0, 255)  # one drawn layer, one instance
    editor['layers'] = [layer, np.zeros_like(layer)]  # an empty layer: none
    gallery, status, command, files = _translate(
        page, 'InstaGAN', photo, 'sheep', 'giraffe', editor=editor)
    assert '1 instance(s)' in status, status
    assert [c for _, c in gallery] == ['translation', 'translated masks 0']
    assert '--mask-dir' in command
    mask = tmp_path / 'm.png'
    Image.fromarray((layer[..., 3] > 0).astype(np.uint8) * 255).save(mask)
    _, status, _, _ = _translate(page, 'InstaGAN', photo, 'sheep', 'giraffe',
                                 editor=editor, mask_files=[str(mask)])
    assert '2 instance(s)' in status, status
    small = tmp_path / 'small.png'
    Image.fromarray(np.full((10, 10), 255, np.uint8)).save(small)
    _, status, _, _ = _translate(page, 'InstaGAN', photo, 'sheep', 'giraffe',
                                 mask_files=[str(small)])
    assert status == ('**Error:** the mask small.png is 10x10 but the photo '
                      'is 40x48 (height x width)')


def test_styles_are_seeded_and_the_command_reproduces_them(page, tmp_path):
    photo = _photo(tmp_path / 'p.png')
    gallery, status, command, files = _translate(
        page, 'MUNIT', photo, 'sheep', 'giraffe', k=3, seed=7)
    outs = [g[0] for g in gallery]
    assert len(outs) == 3 and status.startswith('3 translation(s)')
    assert not np.array_equal(outs[0], outs[1])  # K different styles
    again = _translate(page, 'MUNIT', photo, 'sheep', 'giraffe', k=3,
                       seed=7)[0]
    assert all(np.array_equal(a, b[0]) for a, b in zip(outs, again))
    # the shown tools/translate.py command gives the same images
    args = shlex.split(command)[2:]
    load_tool('tools/translate.py').main(args)
    out_dir = args[args.index('--out') + 1]
    for k, out in enumerate(outs):
        written = np.asarray(Image.open(f'{out_dir}/input_style{k}.png'))
        assert np.array_equal(written, out)
    # a reference image's style instead of random ones
    ref = _photo(tmp_path / 'ref.png', seed=3)
    gallery, status, command, _ = _translate(
        page, 'MUNIT', photo, 'sheep', 'giraffe', k=3, reference=ref)
    assert len(gallery) == 1 and '--style-ref' in command


def test_bad_input_is_one_sentence(page, tmp_path):
    notes = tmp_path / 'notes.txt'
    notes.write_text('not an image')
    editor, status = page.load_photo(str(notes))
    assert editor is None and status.startswith(
        '**Error:** notes.txt is not an image this demo can read')
    _, status, _, _ = _translate(page, 'CycleGAN', str(notes), 'sheep',
                                 'giraffe')
    assert status.startswith('**Error:** notes.txt is not an image')
    _, status, _, _ = _translate(page, 'CycleGAN', None, 'sheep', 'giraffe')
    assert status == '**Error:** upload a photo first'
    photo = _photo(tmp_path / 'p.png')
    _, status, _, _ = _translate(page, 'CycleGAN', photo, 'sheep', 'sheep')
    assert 'other than the source' in status
    _, status, _, _ = _translate(page, 'CycleGAN', photo, 'sheep', 'giraffe',
                                 reference=photo)
    assert 'CycleGAN is deterministic' in status
    *_, status = page.detect(photo, ['sheep'], 0.5)
    assert 'no detector' in status


def test_models_load_once_and_refuse_another_methods_checkpoint(
        demo_models, tmp_path):
    cfg, _ = demo_models['munit']
    _, other = demo_models['cyclegan']
    with pytest.raises(Exception, match='does not fit the MUNIT model'):
        load_models([(cfg, other)], 'cpu')
    models = load_models([demo_models['munit']], 'cpu')
    entry = next(iter(models.values()))
    assert entry.model is entry.model  # built once
    with pytest.raises(DemoError, match='upload a photo'):
        from mmi2i.apis.demo import read_photo
        read_photo(None)


def test_work_dirs_give_their_latest_checkpoint(tmp_path, demo_models):
    import shutil

    from mmi2i.apis.demo import find_work_dir_models
    cfg, ckpt = demo_models['cyclegan']
    work = tmp_path / 'work_dirs' / 'cyclegan_shapes'
    work.mkdir(parents=True)
    shutil.copy(cfg, work / 'shapes.py')
    for n in (10, 20):
        shutil.copy(ckpt, work / f'iter_{n}.pth')
    (work / 'last_checkpoint').write_text(str(work / 'iter_20.pth'))
    assert find_work_dir_models(str(tmp_path / 'work_dirs')) == [
        (str(work / 'shapes.py'), str(work / 'iter_20.pth'))]
    with pytest.raises(DemoError, match='no work dir'):
        find_work_dir_models(str(tmp_path / 'empty'))


@pytest.mark.parametrize('config', sorted(
    osp.relpath(p, REPO)
    for p in glob.glob(osp.join(REPO, 'configs', '*', 'shapes.py'))))
def test_every_method_serves_the_page(config, gradio_app, shapes_root,
                                      shapes_multi_root, tmp_path):
    """Each of the ten methods: a photo and one drawn instance give
    translations at the photo's size (two for the multimodal ones)."""
    from utils import tiny_model_files
    multi = config.split('/')[1] in ('stargan', 'cgl')
    pair = tiny_model_files(config, shapes_multi_root if multi else
                            shapes_root, tmp_path / 'model')
    page = gradio_app.DemoPage(load_models([pair], 'cpu'),
                               work_dir=str(tmp_path / 'sessions'))
    label = next(iter(page.models))
    _, src, tgt = page.model_info(label)
    photo = _photo(tmp_path / 'p.png')
    layer = np.zeros((40, 48, 4), np.uint8)
    layer[5:25, 10:30, 3] = 255
    gallery, status, _, _ = page.translate(
        label, photo, dict(layers=[layer]), None, [], [], src['value'],
        tgt['value'], 2, 0, None)
    n = 2 if page.models[label].model.is_multimodal else 1
    assert status.startswith(f'{n} translation(s)'), status
    assert all(img.shape == (40, 48, 3) for img, _ in gallery)


class _FakeSegmenter:
    """An InstanceSegmenter's interface: two sheep and a giraffe."""
    classes = ('sheep', 'giraffe')

    def label_of(self, name):  # as InstanceSegmenter.label_of
        if name not in self.classes:
            raise KeyError(f'class {name!r} is not among the detector\'s '
                           f'classes {list(self.classes)}')
        return self.classes.index(name)

    def __call__(self, images):
        h, w = images[0].shape[:2]
        masks = np.zeros((3, h, w), bool)
        masks[0, :10, :10] = masks[1, 20:, 20:] = masks[2, 5:15, 30:] = True
        return [dict(labels=np.array([0, 0, 1]),
                     scores=np.array([0.9, 0.6, 0.9]), masks=masks)]


def test_detected_instances_toggle(gradio_app, demo_models, tmp_path):
    page = gradio_app.DemoPage(load_models([demo_models['instagan']], 'cpu'),
                               _FakeSegmenter(), ['sheep', 'giraffe'],
                               str(tmp_path / 'sessions'))
    photo = _photo(tmp_path / 'p.png')
    shown, ticked, masks, status = page.detect(photo, ['sheep'], 0.5)
    assert status == '2 instance(s) found.' and len(masks) == 2
    assert ticked['value'] == ['instance 0', 'instance 1']
    assert shown.shape == (40, 48, 3)
    only_first = page.show_instances(photo, ['instance 0'], masks)
    assert not np.array_equal(only_first, shown)  # the overlay follows
    label = next(iter(page.models))
    _, status, _, _ = page.translate(label, photo, None, None,
                                     ['instance 1'], masks, 'sheep',
                                     'giraffe', 1, 0, None)
    assert '1 instance(s)' in status
    *_, status = page.detect(photo, ['sheep'], 0.95)
    assert status.startswith('No instance found')
    *_, status = page.detect(photo, ['zebra'], 0.5)
    assert status.startswith('**Error:** class') and 'zebra' in status
