"""tools/dist_train.sh with 2 CPU processes (gloo): the run completes and
every network's parameters are identical across ranks afterwards."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

from utils import REPO, tiny_cfg

DATA = osp.join(REPO, 'tests', 'data')


def _run_two_processes(cfg, tmp_path, port_offset=0):
    """Dump ``cfg``, run it with ``tools/dist_train.sh`` on 2 processes and
    return the two ranks' ``DumpRankStateHook`` files. Each run takes its
    own port (from ``port_offset`` and the config), so consecutive runs do
    not meet a port still held by the previous one."""
    port_offset += sum(map(ord, str(cfg.model.type))) % 97 + sum(
        map(ord, str(cfg.work_dir))) % 89
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    env = dict(os.environ, PYTHONPATH=DATA, PYTHON=sys.executable,
               PORT=str(29500 + (os.getpid() + port_offset) % 1000))
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_train.sh'), cfg_path, '2'],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return [torch.load(str(tmp_path / 'work' / f'rank{r}.pth'),
                       weights_only=True) for r in (0, 1)]


@pytest.mark.slow
@pytest.mark.parametrize('config', [
    'configs/cyclegan_seg/shapes.py', 'configs/instagan/shapes.py'])
def test_two_process_cpu_training(shapes_root, tmp_path, config,
                                  monkeypatch):
    cfg = tiny_cfg(config, shapes_root, str(tmp_path / 'work'), max_iters=6)
    cfg.custom_imports = dict(imports=['dist_probe'])
    cfg.default_hooks.visualization.interval = 3
    cfg.custom_hooks = [dict(type='DumpRankStateHook')]
    r0, r1 = _run_two_processes(cfg, tmp_path)
    # each network was wrapped on its own, and ranks saw different images
    assert r0['wrapped']['generator_ab'] == 'MMDistributedDataParallel'
    assert r0['wrapped']['discriminator_a'] == 'MMDistributedDataParallel'
    assert r0['paths'] != r1['paths']
    params = [k for k in r0['state'] if 'pool' not in k]
    assert any('generator_ab' in k for k in params)
    for k in params:
        assert torch.equal(r0['state'][k], r1['state'][k]), k
        # and training moved them
    moved = [k for k in params
             if not torch.equal(r0['state'][k], r0['initial'][k])]
    assert any('generator' in k for k in moved)
    assert any('discriminator' in k for k in moved)
    # the checkpoint names the weights as the unwrapped model does, so a
    # single process translates with it (#32)
    ckpt = tmp_path / 'work' / 'iter_6.pth'
    from mmi2i.engine import unwrap_keys
    saved = torch.load(str(ckpt), weights_only=True)['state_dict']
    assert not [k for k in saved if '.module.' in k]
    trained = unwrap_keys(r0['state'])
    assert any(k.startswith('generator_ab.') for k in trained)
    for k, v in trained.items():
        # spectral norm's power-iteration vectors move at every training
        # call of a discriminator, also after the save
        if 'pool' not in k and not k.endswith(('weight_u', 'weight_v')):
            assert torch.equal(saved[k], v), k
    monkeypatch.syspath_prepend(DATA)  # the config imports dist_probe
    _translate_one_image(str(tmp_path / 'cfg.py'), str(ckpt), tmp_path)


def _translate_one_image(cfg_path, ckpt, tmp_path):
    """tools/translate.py, one process, on a 40x50 image with one
    instance mask: one output."""
    import numpy as np
    from PIL import Image

    from utils import load_tool
    (tmp_path / 'in').mkdir()
    (tmp_path / 'masks').mkdir()
    Image.fromarray(np.random.default_rng(0).integers(
        0, 255, (40, 50, 3), np.uint8)).save(str(tmp_path / 'in' / 'a.png'))
    mask = np.zeros((40, 50), np.uint8)
    mask[10:30, 15:35] = 255
    Image.fromarray(mask).save(str(tmp_path / 'masks' / 'a_0.png'))
    load_tool('tools/translate.py').main([
        cfg_path, ckpt, '--input', str(tmp_path / 'in'), '--mask-dir',
        str(tmp_path / 'masks'), '--out', str(tmp_path / 'out')
    ])
    outs = [f for f in os.listdir(tmp_path / 'out') if f.endswith('.png')]
    assert outs, os.listdir(tmp_path / 'out')


@pytest.mark.slow
def test_checkpoints_move_between_one_and_two_processes(
        shapes_root, tmp_path):
    """A checkpoint saved with the DDP wrappers' keys (as runs before #32
    wrote them) and one from a single process both load everywhere:
    tools/test.py on one process, tools/dist_test.sh on two."""
    from utils import load_tool
    cfg = tiny_cfg('configs/cyclegan_seg/shapes.py', shapes_root,
                   str(tmp_path / 'work'), max_iters=2)
    cfg.default_hooks.checkpoint.interval = 2
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    load_tool('tools/train.py').main([cfg_path])
    single = torch.load(str(tmp_path / 'work' / 'iter_2.pth'),
                        weights_only=True)
    # the wrapped form of the same weights
    wrapped = dict(single)
    wrapped['state_dict'] = {
        k.replace('.', '.module.', 1): v
        for k, v in single['state_dict'].items()
    }
    torch.save(wrapped, str(tmp_path / 'wrapped.pth'))
    test = load_tool('tools/test.py')
    for name in ('wrapped.pth', 'work/iter_2.pth'):
        test.main([cfg_path, str(tmp_path / name), '--work-dir',
                   str(tmp_path / 'test1')])
    env = dict(os.environ, PYTHON=sys.executable,
               PORT=str(29500 + (os.getpid() + 31) % 1000))
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_test.sh'), cfg_path,
         str(tmp_path / 'wrapped.pth'), '2', '--work-dir',
         str(tmp_path / 'test2')],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.mark.slow
def test_two_process_mgd_gan_all_stages(shapes_root, tmp_path):
    """MGD-GAN through its three stages on 2 processes: every network is
    wrapped on its own and identical across ranks afterwards."""
    from utils import tiny_mgd_cfg
    cfg = tiny_mgd_cfg(shapes_root, str(tmp_path / 'work'),
                       stage_iters=(2, 2, 2))
    cfg.custom_imports = dict(imports=['dist_probe'])
    cfg.custom_hooks = [dict(type='DumpRankStateHook')]
    r0, r1 = _run_two_processes(cfg, tmp_path, port_offset=7)
    for name in ('mask_generator', 'mask_discriminator', 'image_generator',
                 'image_discriminator'):
        assert r0['wrapped'][name] == 'MMDistributedDataParallel'
    assert r0['paths'] != r1['paths']
    for k in r0['state']:
        assert torch.equal(r0['state'][k], r1['state'][k]), k
    moved = {k.split('.')[0] for k in r0['state']
             if not torch.equal(r0['state'][k], r0['initial'][k])}
    assert {'mask_generator', 'mask_discriminator', 'image_generator',
            'image_discriminator'} <= moved


@pytest.mark.slow
@pytest.mark.parametrize('config', ['configs/munit/shapes.py',
                                    'configs/drit/shapes.py',
                                    'configs/init/shapes.py'])
def test_two_process_content_style_training(shapes_root, tmp_path, config):
    """MUNIT, DRIT++ (whose content-discriminator-only iterations call
    a subset of the networks) and INIT (object counts differ per rank) on
    2 processes: every per-domain and shared
    network is wrapped on its own, trained, and identical across ranks."""
    cfg = tiny_cfg(config, shapes_root, str(tmp_path / 'work'), max_iters=6)
    if cfg.model.type == 'INIT':
        cfg.model.obj_size = 16
    cfg.custom_imports = dict(imports=['dist_probe'])
    cfg.custom_hooks = [dict(type='DumpRankStateHook')]
    r0, r1 = _run_two_processes(cfg, tmp_path, port_offset=13)
    nets = {k.split('.')[0] for k in r0['state']}
    assert {'content_encoder_sheep', 'style_encoder_giraffe',
            'decoder_sheep', 'discriminator_giraffe'} <= nets
    for name in nets:
        assert r0['wrapped'][name] == 'MMDistributedDataParallel', name
    assert r0['paths'] != r1['paths']
    for k in r0['state']:
        assert torch.equal(r0['state'][k], r1['state'][k]), k
    moved = {k.split('.')[0] for k in r0['state']
             if not torch.equal(r0['state'][k], r0['initial'][k])}
    assert moved == nets


@pytest.mark.slow
def test_two_process_mguit_memory_identical(shapes_multi_root, tmp_path):
    """MGUIT on 2 processes: each rank updates the memory from its own
    images, and the memory (a buffer, not a DDP parameter) is synced so
    that keys and values are identical across ranks, like the
    parameters."""
    cfg = tiny_cfg('configs/mguit/shapes.py', shapes_multi_root,
                   str(tmp_path / 'work'), max_iters=6)
    cfg.custom_imports = dict(imports=['dist_probe'])
    cfg.custom_hooks = [dict(type='DumpRankStateHook')]
    r0, r1 = _run_two_processes(cfg, tmp_path, port_offset=19)
    assert r0['paths'] != r1['paths']
    memory = [k for k in r0['state'] if k.startswith('memory.')]
    assert sorted(memory) == ['memory.keys', 'memory.values_grass',
                              'memory.values_snow']
    for k in r0['state']:
        assert torch.equal(r0['state'][k], r1['state'][k]), k
    for k in memory:
        assert not torch.equal(r0['state'][k], r0['initial'][k]), k
    nets = {k.split('.')[0] for k in r0['state']} - {'memory'}
    for name in nets:
        assert r0['wrapped'][name] == 'MMDistributedDataParallel', name
