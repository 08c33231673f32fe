"""The user-facing commands, run as a user runs them."""
import json
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

from utils import REPO, tiny_cfg


def run(args, **kw):
    proc = subprocess.run([sys.executable] + args, cwd=REPO,
                          capture_output=True, text=True, timeout=600, **kw)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_train_resume_test_translate(shapes_root, tmp_path):
    cfg = tiny_cfg('configs/cyclegan_seg/shapes.py', shapes_root,
                   str(tmp_path / 'work'), max_iters=4)
    cfg.default_hooks.checkpoint.interval = 2
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    work = tmp_path / 'work'
    run(['tools/train.py', cfg_path, '--cfg-options',
         'train_cfg.max_iters=2'])
    assert (work / 'iter_2.pth').is_file()
    out = run(['tools/train.py', cfg_path, '--resume'])
    assert 'resumed epoch: 0, iter: 2' in out
    assert (work / 'iter_4.pth').is_file()
    assert list((work / 'vis').glob('iter_*.png'))

    ckpt = str(work / 'iter_4.pth')
    run(['tools/test.py', cfg_path, ckpt, '--out',
         str(tmp_path / 'res.json'), '--save-images',
         str(tmp_path / 'imgs')])
    metrics = json.loads((tmp_path / 'res.json').read_text())['metrics']
    assert 0 <= metrics['preservation/sheep2giraffe/l1_bg'] <= 1
    assert len(os.listdir(tmp_path / 'imgs' / 'giraffe2sheep')) == 8

    run(['tools/translate.py', cfg_path, ckpt, '--input',
         osp.join(shapes_root, 'images', 'sheep_test'), '--ann',
         osp.join(shapes_root, 'annotations', 'sheep_test.json'), '--out',
         str(tmp_path / 'tr')])
    files = sorted(os.listdir(tmp_path / 'tr'))
    assert 'sheep_test_00000.png' in files
    assert 'sheep_test_00000_mask0.png' in files


def test_bad_arguments_are_clear(tmp_path):
    proc = subprocess.run(
        [sys.executable, 'tools/train.py', 'configs/nope.py'], cwd=REPO,
        capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert 'Config file not found: configs/nope.py' in proc.stderr
    proc = subprocess.run(
        [sys.executable, 'tools/train.py', 'configs/cyclegan/shapes.py',
         '--amp', '--work-dir', str(tmp_path)], cwd=REPO,
        capture_output=True, text=True, timeout=300)
    if not torch.cuda.is_available():
        assert proc.returncode != 0
        assert '--amp needs a CUDA GPU' in proc.stderr
