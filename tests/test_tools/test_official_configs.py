"""Each released-weights config runs ``tools/test.py`` and
``tools/translate.py`` at its real size (issue #27): the checkpoint here
has the converters' output form with untrained weights; whether the
weights are the authors' is what the ``test_*_official_weights.py``
tests check."""
import numpy as np
import pytest
import torch
from PIL import Image

from mmi2i.apis import init_model
from mmi2i.datasets.converters.writer import ConversionJob
from utils import load_tool

CONFIGS = ['configs/cyclegan/horse2zebra_official.py',
           'configs/munit/edges2shoes_official.py',
           'configs/drit/yosemite_official.py',
           'configs/stargan/celeba_official.py']


@pytest.mark.parametrize('config', CONFIGS)
def test_official_config_tests_and_translates(config, tmp_path):
    model = init_model(config)
    ckpt = str(tmp_path / 'official.pth')
    torch.save(dict(state_dict=model.state_dict(), meta={}), ckpt)
    # one 200x240 image per domain, without instances (the authors' data)
    img = tmp_path / 'x.jpg'
    Image.fromarray(np.random.default_rng(0).integers(
        0, 255, (240, 200, 3), np.uint8)).save(img)
    split = model.cfg.test_dataloader.dataset.split
    with ConversionJob(str(tmp_path / 'data'), 'copy', True) as job:
        for d in model.domains:
            job.domain(d, split, [d]).add_image(str(img), 'x.jpg', 240, 200)
    metrics = load_tool('tools/test.py').main(
        [config, ckpt, '--data-root', str(tmp_path / 'data'), '--work-dir',
         str(tmp_path / 'work')])
    source, target = model.domains[:2]
    assert any(f'{source}2{target}' in k for k in metrics)

    (tmp_path / 'in').mkdir()
    Image.open(img).save(tmp_path / 'in' / 'p.png')
    load_tool('tools/translate.py').main(
        [config, ckpt, '--input', str(tmp_path / 'in'), '--out',
         str(tmp_path / 'out'), '--source-domain', source, '--target-domain',
         target])
    out = list((tmp_path / 'out').glob('p*.png'))
    assert out and all(Image.open(p).size == (200, 240) for p in out)
