"""Evaluate a trained translation model on its test set.

Example::

    python tools/test.py configs/cyclegan_seg/shapes.py \
        work_dirs/cyclegan_seg/shapes/iter_1500.pth --out results.json \
        --save-images translations
"""
import argparse
import json
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.runner import Runner

from mmi2i.apis import add_config_options, config_options, load_config
from mmi2i.apis.config import METRIC_FACTS, evaluator_metrics
from mmi2i.apis.paper import paper_row
from mmi2i.datasets.converters.cli import add_out_option, check_out
from mmi2i.engine import check_state_dict, read_checkpoint
from mmi2i.utils import (atomic_path, close_launcher, prepare_launcher,
                         register_all_modules)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='Test a translation model')
    p.add_argument('config', help='config file path')
    p.add_argument('checkpoint', help='checkpoint file')
    p.add_argument('--work-dir', help='where logs go')
    add_out_option(p, 'json', required=False, what='the metrics')
    p.add_argument(
        '--save-images',
        metavar='DIR',
        help='write every translation under DIR/<source>2<target>/')
    add_config_options(p, det_checkpoint=True)
    p.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                   default='none')
    p.add_argument('--local-rank', '--local_rank', type=int, default=0)
    args = p.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.out:
        check_out(args.out, 'json', args.overwrite, [args.checkpoint])
    ckpt = read_checkpoint(args.checkpoint)  # clear error if broken
    register_all_modules(init_default_scope=False)
    cfg = load_config(args.config, config_options(args), args.work_dir)
    cfg.launcher = args.launcher
    cfg.load_from = args.checkpoint
    cfg.resume = False
    if args.save_images:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='SaveTranslationsHook',
                 out_dir=osp.abspath(args.save_images))
        ]
    if args.det_checkpoint and not any(
            'det_checkpoint' in METRIC_FACTS.get(
                str(m.get('type', '')).split('.')[-1], {})
            for m in evaluator_metrics(cfg.get('test_evaluator'))):
        raise SystemExit(f'error: --det-checkpoint sets the detector of the '
                         f'detection metrics, and {args.config} has none '
                         '(e.g. use its *_eval.py config)')
    prepare_launcher(cfg, args.launcher)
    runner = Runner.from_cfg(cfg)
    # mmengine loads test checkpoints non-strictly: a checkpoint of another
    # method would run with random weights; refuse it with an explanation
    check_state_dict(getattr(runner.model, 'module', runner.model), ckpt,
                     args.checkpoint)
    del ckpt
    metrics = runner.test()
    row = paper_row(metrics, cfg.get('paper_results'))
    if row and is_main_process():
        print(row)
    if args.out and is_main_process():
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with atomic_path(args.out) as tmp, open(tmp, 'w') as f:
            json.dump(
                dict(config=args.config, checkpoint=args.checkpoint,
                     metrics=metrics), f, indent=2)
        print(f'metrics written to {args.out}')
    close_launcher(args.launcher)
    return metrics


if __name__ == '__main__':
    main()
