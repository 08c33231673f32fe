"""Checkpoints: always safe to load, never half-written, clear errors."""
import os

import pytest
import torch
from mmengine.fileio import get_file_backend
from mmengine.registry import DefaultScope

from mmi2i.apis import ensure_safe_checkpoints, read_config
from mmi2i.engine import (CheckpointError, check_state_dict, find_resumable,
                          read_checkpoint)
from mmi2i.engine.checkpoint_io import ATOMIC_BACKEND
from mmi2i.registry import MODELS
from utils import REPO, load_tool, tiny_cfg


def _model(config):
    cfg = tiny_cfg(config, '', 'unused')
    with DefaultScope.overwrite_default_scope('mmi2i'):
        return MODELS.build(cfg.model), cfg


def test_truncated_and_empty_checkpoints_are_named(tmp_path):
    good = tmp_path / 'good.pth'
    torch.save(dict(state_dict=dict(w=torch.zeros(100))), good)
    data = good.read_bytes()
    trunc = tmp_path / 'trunc.pth'
    trunc.write_bytes(data[:len(data) // 2])
    with pytest.raises(CheckpointError, match=r'checkpoint .*trunc.pth is '
                       rf'truncated or corrupt \({len(data) // 2} bytes\)'):
        read_checkpoint(str(trunc))
    empty = tmp_path / 'empty.pth'
    empty.write_bytes(b'')
    with pytest.raises(CheckpointError, match=r'empty.pth is truncated or '
                       r'corrupt \(0 bytes\)'):
        read_checkpoint(str(empty))
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        read_checkpoint(str(tmp_path / 'nope.pth'))


def test_unsafe_checkpoint_is_explained(tmp_path):
    import numpy as np
    path = tmp_path / 'unsafe.pth'
    torch.save(dict(meta=dict(x=np.arange(3))), path)
    with pytest.raises(CheckpointError, match='weights_only=True.*'
                       'SafeCheckpointHook'):
        read_checkpoint(str(path))


def test_method_mismatch_names_method_and_prefixes():
    insta, _ = _model('configs/instagan/shapes.py')
    cyc, cyc_cfg = _model('configs/cyclegan/shapes.py')
    ckpt = dict(state_dict=cyc.state_dict(),
                meta=dict(cfg=cyc_cfg.pretty_text))
    with pytest.raises(CheckpointError) as exc:
        check_state_dict(insta, ckpt, 'cyc.pth')
    msg = str(exc.value)
    assert 'does not fit the InstaGAN model' in msg
    assert 'it holds a CycleGAN model' in msg
    assert 'discriminator_a.img_features' in msg and 'generator_ab.encoder' \
        in msg
    assert len(msg) < 1500  # not 10 KB of key names
    assert check_state_dict(insta, dict(state_dict=insta.state_dict()),
                            'x.pth').keys() == insta.state_dict().keys()


def test_find_resumable_skips_broken_newest(tmp_path):
    for it in (2, 4):
        torch.save(dict(state_dict=dict(it=torch.tensor(it))),
                   tmp_path / f'iter_{it}.pth')
    (tmp_path / 'iter_6.pth').write_bytes(b'PK\x03\x04trunc')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_6.pth'))
    assert find_resumable(str(tmp_path)) == str(tmp_path / 'iter_4.pth')
    assert find_resumable(str(tmp_path / 'none')) is None


def test_atomic_backend_never_leaves_partial_files(tmp_path, monkeypatch):
    backend = get_file_backend(str(tmp_path),
                               backend_args=dict(backend=ATOMIC_BACKEND))
    target = tmp_path / 'latest.pth'
    backend.put(b'old', str(target))

    def crash(fd):  # the machine dies while the new file is written
        raise OSError('disk full')

    monkeypatch.setattr(os, 'fsync', crash)
    with pytest.raises(OSError, match='disk full'):
        backend.put(b'new and longer', str(target))
    assert target.read_bytes() == b'old'
    assert os.listdir(tmp_path) == ['latest.pth']


def _hook_types(cfg):
    return [h['type'] for h in cfg.custom_hooks] + [
        h['type'] for h in cfg.default_hooks.values() if h]


def test_safe_checkpoint_hook_always_added():
    cfg = read_config(f'{REPO}/configs/cyclegan/shapes.py')
    assert cfg.default_hooks.safe_checkpoint.type == 'SafeCheckpointHook'
    cfg.default_hooks.safe_checkpoint = None  # the user removed it
    ensure_safe_checkpoints(cfg)
    types = _hook_types(cfg)
    assert types.count('SafeCheckpointHook') == 1
    assert cfg.default_hooks.checkpoint.backend_args == dict(
        backend=ATOMIC_BACKEND)
    ensure_safe_checkpoints(cfg)  # idempotent
    assert _hook_types(cfg) == types
    # in custom_hooks it counts too
    cfg.default_hooks.safe_checkpoint = None
    cfg.custom_hooks = [dict(type='SafeCheckpointHook')]
    ensure_safe_checkpoints(cfg)
    assert _hook_types(cfg).count('SafeCheckpointHook') == 1


def test_overridden_custom_hooks_still_give_safe_checkpoints(
        shapes_root, tmp_path):
    cfg = tiny_cfg('configs/cyclegan/shapes.py', shapes_root,
                   str(tmp_path / 'work'), max_iters=2)
    cfg.default_hooks.safe_checkpoint = None  # the user dropped it
    cfg.default_hooks.checkpoint.interval = 2
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    train = load_tool('tools/train.py')
    train.main([cfg_path, '--cfg-options',
                f'experiment_name=safe_{os.getpid()}'])
    ckpt = read_checkpoint(str(tmp_path / 'work' / 'iter_2.pth'))
    assert torch.serialization.get_unsafe_globals_in_checkpoint(
        str(tmp_path / 'work' / 'iter_2.pth')) == []
    assert 'message_hub' in ckpt


def test_wrapped_checkpoint_keys_load_and_are_saved_unwrapped(tmp_path):
    """A checkpoint whose networks were each wrapped in DDP
    (``generator_ab.module.x``, tools/dist_train.sh before #32) loads into
    the plain model; SafeCheckpointHook saves and loads unwrapped keys."""
    from mmi2i.engine import SafeCheckpointHook, load_model_weights
    cfg = read_config(f'{REPO}/configs/cyclegan/shapes.py')
    cfg.model.generator.update(base_channels=4, num_blocks=1)
    cfg.model.discriminator.update(base_channels=4)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
        other = MODELS.build(cfg.model)
    plain = model.state_dict()
    wrapped = {k.replace('.', '.module.', 1): v for k, v in plain.items()}
    assert 'generator_ab.module.encoder.model.1.weight' in wrapped
    torch.save(dict(state_dict=wrapped), str(tmp_path / 'w.pth'))
    load_model_weights(other, str(tmp_path / 'w.pth'))
    for k, v in other.state_dict().items():
        assert torch.equal(v, plain[k]), k
    hook = SafeCheckpointHook(save_rng_state=False)
    ckpt = dict(state_dict=dict(wrapped), meta={})
    hook.before_save_checkpoint(None, ckpt)
    assert list(ckpt['state_dict']) == list(plain)
    ckpt = dict(state_dict=dict(wrapped))
    hook.after_load_checkpoint(None, ckpt)
    assert list(ckpt['state_dict']) == list(plain)


def test_a_work_dir_holding_another_run_is_refused(tmp_path):
    """Issue #31, 2c: training another config in a used work dir silently
    overwrote its iter_N.pth and --resume followed last_checkpoint into
    the other method's file. The same config may come back (restarts);
    --reuse-work-dir overrides."""
    from mmi2i.engine import claim_work_dir
    work = str(tmp_path / 'w')
    claim_work_dir(work, 'configs/cyclegan/shapes.py', 'CycleGAN')
    claim_work_dir(work, 'configs/cyclegan/shapes.py', 'CycleGAN')
    claim_work_dir(work, 'configs/munit/shapes.py', 'MUNIT')  # nothing yet
    (tmp_path / 'w' / 'iter_2.pth').write_bytes(b'x')
    with pytest.raises(SystemExit, match=r'holds the checkpoints of another '
                       r'run \(.*munit/shapes.py, MUNIT\).*--reuse-work-dir'):
        claim_work_dir(work, 'configs/instagan/shapes.py', 'InstaGAN')
    claim_work_dir(work, 'configs/instagan/shapes.py', 'InstaGAN',
                   reuse=True)
    claim_work_dir(work, 'configs/instagan/shapes.py', 'InstaGAN')
