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
def test_two_process_cpu_training(shapes_root, tmp_path, config):
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
    assert (tmp_path / 'work' / 'iter_6.pth').is_file()


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
