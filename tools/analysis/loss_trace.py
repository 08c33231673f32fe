"""Record the training losses of configs for N iterations, or compare two
such records: the check that a refactoring left every method's training
unchanged (same seed, same data, same losses at iteration N).

Each config trains in its own process exactly as ``tools/train.py`` would
(same config loading and schedule resolution), in a temporary work dir,
and stops after ``--iters`` iterations; every logged loss of every
iteration goes to ``--out`` (JSON: config -> iteration -> name -> value).
``--compare REF.json`` then prints, per config, the largest difference to
the reference at the last iteration and over all iterations, and exits
with status 1 when one exceeds ``--tol``.

Examples::

    # before a change: the ten toy configs, 30 iterations each
    python tools/analysis/loss_trace.py configs/*/shapes.py --iters 30 \
        --out before.json
    # after it
    python tools/analysis/loss_trace.py configs/*/shapes.py --iters 30 \
        --out after.json --compare before.json

MGD-GAN's multi-threaded CPU steps are not reproducible from run to run
(the same commit differs from iteration 4 on, by 1e-8, then 0.06 at
iteration 30); compare it with ``--threads 1``.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile


def parse_args(argv=None):
    from mmi2i.datasets.converters.cli import add_out_option, tool_parser
    p = tool_parser(__doc__)
    p.add_argument('configs', nargs='+', help='config files')
    add_out_option(p, 'json', what='the losses per config and iteration')
    p.add_argument('--iters', type=int, default=30,
                   help='training iterations per config (default 30)')
    p.add_argument('--compare', metavar='REF.json',
                   help='a record of an earlier run to compare with')
    p.add_argument('--tol', type=float, default=0.0,
                   help='largest allowed difference at the last iteration '
                   '(default 0: equal to the bit)')
    p.add_argument('--threads', type=int,
                   help='intra-op threads of each training process (1 '
                   'makes MGD-GAN, whose multi-threaded CPU steps differ '
                   'from run to run, reproducible)')
    p.add_argument('--cfg-options', nargs='+', default=[],
                   help='passed to every config (KEY=VALUE)')
    p.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    return p.parse_args(argv)


def trace_one(config: str, iters: int, cfg_options) -> dict:
    """Train ``config`` for ``iters`` iterations in this process; return
    {iteration: {loss name: value}}."""
    from mmengine.config import DictAction
    from mmengine.hooks import Hook
    from mmengine.runner import Runner

    from mmi2i.apis import load_config, resolve_epoch_schedule
    from mmi2i.utils import prepare_launcher, register_all_modules

    class _Done(Exception):
        pass

    class _Recorder(Hook):
        priority = 'VERY_LOW'

        def __init__(self):
            self.losses = {}

        def after_train_iter(self, runner, batch_idx, data_batch=None,
                             outputs=None):
            self.losses[runner.iter + 1] = {
                k: float(v) for k, v in (outputs or {}).items()
            }
            if runner.iter + 1 >= iters:
                raise _Done

    register_all_modules(init_default_scope=False)
    options = {}
    if cfg_options:
        ns = argparse.Namespace()
        DictAction(option_strings=[], dest='o')(None, ns, cfg_options)
        options = ns.o
    with tempfile.TemporaryDirectory() as work_dir:
        cfg = load_config(config, options, work_dir)
        cfg.launcher = 'none'
        prepare_launcher(cfg, 'none')
        resolve_epoch_schedule(cfg)
        runner = Runner.from_cfg(cfg)
        recorder = _Recorder()
        runner.register_hook(recorder)
        try:
            runner.train()
        except _Done:
            pass
    return recorder.losses


def compare(new: dict, ref: dict, tol: float) -> bool:
    """Print the differences per config; True when all are within tol."""
    ok = True
    print(f'{"config":40s} {"iter":>5s} {"max |diff| last":>16s} '
          f'{"max |diff| all":>15s}  loss')
    for config, trace in new.items():
        if config not in ref:
            print(f'{config:40s} (not in the reference)')
            ok = False
            continue
        worst_all, worst_last, worst_name = 0.0, 0.0, ''
        last = max(trace, key=int)
        for it, losses in trace.items():
            for name, value in losses.items():
                other = ref[config].get(it, {}).get(name)
                diff = (math.inf if other is None else abs(value - other))
                worst_all = max(worst_all, diff)
                if it == last and diff >= worst_last:
                    worst_last, worst_name = diff, name
        if worst_last > tol:
            ok = False
        print(f'{config:40s} {last:>5s} {worst_last:16.3g} '
              f'{worst_all:15.3g}  {worst_name}')
    return ok


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        (config, ) = args.configs
        losses = trace_one(config, args.iters, args.cfg_options)
        with open(args.out, 'w') as f:
            json.dump({str(k): v for k, v in losses.items()}, f)
        return
    from mmi2i.datasets.converters.cli import check_out
    from mmi2i.utils import atomic_path
    check_out(args.out, 'json', args.overwrite,
              [args.compare] if args.compare else [])
    results = {}
    for config in args.configs:
        with tempfile.NamedTemporaryFile(suffix='.json') as tmp:
            cmd = [sys.executable, __file__, config, '--iters',
                   str(args.iters), '--out', tmp.name, '--child',
                   '--overwrite']
            if args.cfg_options:
                cmd += ['--cfg-options', *args.cfg_options]
            print(f'[loss_trace] {config}: {args.iters} iterations',
                  flush=True)
            env = dict(os.environ, PYTHONHASHSEED='0')
            if args.threads:
                env['OMP_NUM_THREADS'] = str(args.threads)
            done = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, env=env)
            if done.returncode:
                sys.exit(f'error: {config} failed:\n{done.stderr[-3000:]}')
            with open(tmp.name) as f:
                results[config] = json.load(f)
    with atomic_path(args.out) as tmp, open(tmp, 'w') as f:
        json.dump(results, f, indent=1, sort_keys=True)
    print(f'[loss_trace] wrote {args.out}')
    if args.compare:
        with open(args.compare) as f:
            ref = json.load(f)
        if not compare(results, ref, args.tol):
            sys.exit(1)


if __name__ == '__main__':
    main()
