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


#: tool -> what its --out names (the converters' convention, issue #25)
OUT_TOOLS = {
    'tools/test.py': 'FILE.json',
    'tools/translate.py': 'FOLDER',
    'tools/synthesize_dataset.py': 'ROOT',
    'tools/analysis/detector_metrics.py': 'FILE.json',
    'tools/analysis/loss_trace.py': 'FILE.json',
    'tools/analysis/style_tsne.py': 'FILE.png',
    'tools/analysis/train_domain_classifier.py': 'FILE.pth',
    'tools/dataset_converters/merge_domains.py': 'FILE.json',
    'tools/dataset_converters/kitti.py': 'ROOT',
}


@pytest.mark.parametrize('tool', sorted(OUT_TOOLS))
def test_out_means_one_thing_in_every_tool(tool, capsys):
    """``--out`` names the tool's one output, its kind in the metavar, and
    the file kinds replace an existing file only with --overwrite."""
    from utils import load_tool
    with pytest.raises(SystemExit):
        load_tool(tool).main(['--help'])
    text = capsys.readouterr().out
    kind = OUT_TOOLS[tool]
    assert f'--out {kind}' in text
    assert ('--overwrite' in text) == kind.startswith('FILE') or \
        tool == 'tools/translate.py'  # translate replaces its outputs


def test_check_out(tmp_path):
    from mmi2i.datasets.converters.cli import check_out
    from mmi2i.datasets.io import DataError
    (tmp_path / 'r.json').write_text('{}')
    (tmp_path / 'folder').mkdir()
    for path, kind, match in (
            ('r.json', 'json', 'r.json exists; pass --overwrite'),
            ('folder', 'json', 'is a folder; give the .json file'),
            ('x.txt', 'json', 'must end in .json'),
            ('r.json', 'folder', 'r.json is a file; give a folder'),
            ('in.pth', 'pth', 'is one of the inputs')):
        with pytest.raises(DataError, match=match):
            check_out(str(tmp_path / path), kind,
                      inputs=[str(tmp_path / 'in.pth')])
    assert check_out(str(tmp_path / 'r.json'), 'json', overwrite=True)
    assert check_out(str(tmp_path / 'folder'), 'folder')
