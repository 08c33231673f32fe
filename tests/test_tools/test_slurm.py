"""tools/slurm_train.sh / slurm_test.sh build the OpenMMLab srun command
(checked with a fake srun), and --auto-scale-lr scales every optimizer's
rate with the total batch."""
import os
import subprocess

import pytest

from utils import REPO


def _fake_srun(tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    srun = bin_dir / 'srun'
    srun.write_text('#!/usr/bin/env bash\nfor a in "$@"; do '
                    'echo "ARG:$a"; done\n')
    srun.chmod(0o755)
    return dict(os.environ, PATH=f'{bin_dir}:{os.environ["PATH"]}')


def _args(out):
    return [ln[4:] for ln in out.splitlines() if ln.startswith('ARG:')]


def test_slurm_train_command(tmp_path):
    env = _fake_srun(tmp_path)
    env.update(GPUS='16', GPUS_PER_NODE='8', CPUS_PER_TASK='4',
               SRUN_ARGS='--quotatype=reserved --exclusive')
    out = subprocess.run(
        ['bash', 'tools/slurm_train.sh', 'gpu', 'insta',
         'configs/instagan/sheep2giraffe.py', 'work_dirs/insta',
         '--auto-scale-lr', '--cfg-options', 'a=1'],
        cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout
    args = _args(out)
    assert args[:8] == ['-p', 'gpu', '--job-name=insta', '--gres=gpu:8',
                        '--ntasks=16', '--ntasks-per-node=8',
                        '--cpus-per-task=4', '--kill-on-bad-exit=1']
    assert args[8:10] == ['--quotatype=reserved', '--exclusive']
    assert args[10:12] == ['python', '-u']
    assert args[12].endswith('tools/train.py')
    assert args[13:] == ['configs/instagan/sheep2giraffe.py',
                         '--work-dir=work_dirs/insta', '--launcher=slurm',
                         '--auto-scale-lr', '--cfg-options', 'a=1']


def test_slurm_test_command_and_usage(tmp_path):
    env = _fake_srun(tmp_path)
    env['GPUS'] = '4'  # GPUS_PER_NODE follows: 4
    out = subprocess.run(
        ['bash', 'tools/slurm_test.sh', 'gpu', 't', 'CFG.py', 'CKPT.pth',
         '--out', 'm.json'], cwd=REPO, env=env, capture_output=True,
        text=True, check=True).stdout
    args = _args(out)
    assert '--gres=gpu:4' in args and '--ntasks=4' in args
    assert args[-5:] == ['CFG.py', 'CKPT.pth', '--launcher=slurm', '--out',
                         'm.json']
    bad = subprocess.run(['bash', 'tools/slurm_train.sh', 'gpu'], cwd=REPO,
                         env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and 'usage: bash tools/slurm_train.sh' in \
        bad.stderr


@pytest.mark.parametrize('world', [1, 4])
def test_auto_scale_lr_scales_every_optimizer(world, shapes_root, tmp_path,
                                              monkeypatch):
    from mmengine.runner import Runner

    from mmi2i.apis import enable_auto_scale_lr
    from utils import tiny_cfg
    cfg = tiny_cfg('configs/munit/shapes.py', shapes_root, str(tmp_path))
    base = {k: v.optimizer.lr for k, v in cfg.optim_wrapper.items()
            if isinstance(v, dict) and 'optimizer' in v}
    assert enable_auto_scale_lr(cfg) == dict(
        enable=True, base_batch_size=cfg.train_dataloader.batch_size)
    runner = Runner.from_cfg(cfg)
    monkeypatch.setattr(type(runner), 'world_size',
                        property(lambda self: world))
    wrappers = runner.build_optim_wrapper(runner.optim_wrapper)
    runner.scale_lr(wrappers, runner.auto_scale_lr)
    for name, w in wrappers.items():
        assert w.optimizer.param_groups[0]['lr'] == pytest.approx(
            base[name] * world)
