"""Train a translation model.

Examples::

    python tools/train.py configs/cyclegan_seg/shapes.py
    python tools/train.py CONFIG --resume              # latest in work dir
    python tools/train.py CONFIG --data-root data/my_set  # every loader
    python tools/train.py CONFIG --resume work_dirs/x/iter_1000.pth
    bash tools/dist_train.sh CONFIG 2                  # 2 processes
"""
import argparse
import os

from mmengine.logging import print_log
from mmengine.runner import Runner

from mmi2i.apis import (add_config_options, config_options,
                        enable_auto_scale_lr, load_config,
                        resolve_epoch_schedule, skip_missing_validation)
from mmi2i.engine import claim_work_dir, find_resumable, read_checkpoint
from mmi2i.utils import (close_launcher, enable_amp, prepare_launcher,
                         register_all_modules)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='Train a translation model')
    p.add_argument('config', help='config file path')
    p.add_argument('--work-dir', help='where logs, checkpoints and '
                   'visualizations go (default work_dirs/<method>/<name>)')
    p.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from CKPT, or from the latest checkpoint of the work '
        'dir when given without a value')
    p.add_argument('--reuse-work-dir', action='store_true',
                   help='train in a work dir that holds another config\'s '
                   'run (its checkpoints may be overwritten)')
    p.add_argument('--amp', action='store_true',
                   help='mixed precision (CUDA only)')
    p.add_argument('--auto-scale-lr', action='store_true',
                   help="scale the learning rates linearly with the total "
                   "batch (processes x the config's batch), from the "
                   "config's batch on one process (MMEngine's "
                   'auto_scale_lr)')
    add_config_options(p)
    p.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher (pytorch: torchrun / tools/dist_train.sh)')
    p.add_argument('--local-rank', '--local_rank', type=int, default=0)
    args = p.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    cfg = load_config(args.config, config_options(args), args.work_dir)
    skip_missing_validation(cfg)
    cfg.launcher = args.launcher
    claim_work_dir(cfg.work_dir, args.config, cfg.model.get('type', '?'),
                   args.reuse_work_dir)
    if args.amp:
        enable_amp(cfg)
    if args.auto_scale_lr:
        enable_auto_scale_lr(cfg)
    if args.resume == 'auto':
        # the newest checkpoint that loads (truncated ones are skipped)
        latest = find_resumable(cfg.work_dir)
        if latest is None:
            print_log(f'--resume: no loadable checkpoint in {cfg.work_dir}; '
                      'training from the start', logger='current', level=30)
        cfg.resume, cfg.load_from = latest is not None, latest
    elif args.resume is not None:
        read_checkpoint(args.resume)  # clear error if missing or broken
        cfg.resume, cfg.load_from = True, args.resume
    prepare_launcher(cfg, args.launcher)
    resolve_epoch_schedule(cfg)
    runner = Runner.from_cfg(cfg)
    runner.train()
    close_launcher(args.launcher)


if __name__ == '__main__':
    main()
