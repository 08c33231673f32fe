"""Time InstaGAN's training iteration against the authors' code on the
same sample, in alternating rounds, and print the ratio with its spread.

Takes a path to your own clone of the authors' repository
(github.com/sangwoomo/instagan; nothing of it is copied here). Each round
runs, one after the other and each in a fresh process, the authors'
``InstaGANModel`` (``set_input`` + ``optimize_parameters``, their options
and data loader, on CPU) and mmi2i's ``configs/instagan/sheep2giraffe.py``
(a Runner's training iterations, so with what the config's
``default_hooks.cpu_speed`` switch applies), both on the sample images of
the clone (``datasets/shp2gir_coco/sampleA``, ``sampleB`` and their
masks; load 220, crop 200, at most 4 instances, 2 per sequential step).
Both take image i of A with image i of B, in file order, so that the
same iteration has the same instance counts (which set the number of
sequential steps) in both codes. The first iteration of each process is
a warm-up; the rest are timed (the optimization step only, not data
loading). Machine speed drifts
within a sitting, so the codes alternate and the ratio is given per
round as well as over all rounds.

Example::

    git clone https://github.com/sangwoomo/instagan ~/instagan
    python tools/analysis/official_speed.py ~/instagan --rounds 2
"""
import argparse
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
import tempfile
import time

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = osp.join(REPO, 'configs', 'instagan', 'sheep2giraffe.py')


def parse_args(argv=None):
    first, _, rest = __doc__.strip().partition('\n')
    p = argparse.ArgumentParser(
        description=first, epilog=rest.strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('official', help="your clone of the authors' repository")
    p.add_argument('--sample', default='shp2gir_coco',
                   help='sample folder under datasets/ (default '
                   'shp2gir_coco)')
    p.add_argument('--rounds', type=int, default=2,
                   help='rounds of (authors, mmi2i) processes (default 2)')
    p.add_argument('--iters', type=int, default=7,
                   help='timed iterations per process (default 7: an epoch '
                   'of the 7-image sample; iterations differ with the '
                   'instance count of their images)')
    p.add_argument('--threads', type=int, default=2,
                   help='intra-op threads of both codes (default 2)')
    p.add_argument('--work-dir', help='where the converted sample and the '
                   "authors' checkpoints dir go (default: a temporary "
                   'folder)')
    p.add_argument('--child', choices=['official', 'mmi2i'],
                   help=argparse.SUPPRESS)
    p.add_argument('--data', help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _check_clone(path: str, sample: str) -> None:
    need = [osp.join(path, 'models', 'insta_gan_model.py'),
            osp.join(path, 'datasets', sample, 'sampleA'),
            osp.join(path, 'datasets', sample, 'sampleA_seg')]
    missing = [p for p in need if not osp.exists(p)]
    if missing:
        sys.exit(f'error: {path} is not a clone of the authors\' InstaGAN '
                 f'repository with the {sample} sample (missing '
                 f'{", ".join(missing)})')


def _old_normalize() -> None:
    """Their data loader normalizes 1-channel masks with a 3-channel
    ``Normalize``, which the torchvision of their time zipped with the
    channels (using the first mean/std); current torchvision refuses the
    shapes. Restore that behaviour for this process only."""
    import torchvision.transforms as T
    import torchvision.transforms.functional as TF

    class _Normalize(T.Normalize):

        def forward(self, tensor):
            c = tensor.shape[-3]
            return TF.normalize(tensor, self.mean[:c], self.std[:c],
                                self.inplace)

    T.Normalize = _Normalize


def time_official(path: str, sample: str, iters: int,
                  work_dir: str) -> list:
    """Seconds per iteration of the authors' code (after a warm-up)."""
    os.chdir(path)  # their data paths are relative (A -> A_seg rewrite)
    sys.path.insert(0, path)
    sys.argv = [
        'train.py', '--dataroot', osp.join('datasets', sample), '--phase',
        'sample', '--model', 'insta_gan', '--dataset_mode',
        'unaligned_seg', '--name', 'speed', '--checkpoints_dir', work_dir,
        '--loadSizeH', '220', '--loadSizeW', '220', '--fineSizeH', '200',
        '--fineSizeW', '200', '--ins_max', '4', '--ins_per', '2',
        '--gpu_ids', '-1', '--num_threads', '0', '--display_id', '0',
        '--serial_batches'  # image i of A with image i of B, in order
    ]
    _old_normalize()
    from models import create_model
    from options.train_options import TrainOptions

    from data import CreateDataLoader
    opt = TrainOptions().parse()
    data = CreateDataLoader(opt).load_data()
    model = create_model(opt)
    model.setup(opt)
    times = []
    while len(times) < iters + 1:
        for batch in data:
            start = time.perf_counter()
            model.set_input(batch)
            model.optimize_parameters()
            times.append(time.perf_counter() - start)
            if len(times) == iters + 1:
                break
    return times[1:]


def time_mmi2i(data_root: str, iters: int, work_dir: str) -> list:
    """Seconds per training iteration of mmi2i's sheep2giraffe config
    (after a warm-up), through a Runner."""
    from mmengine.hooks import Hook
    from mmengine.runner import Runner

    from mmi2i.apis import load_config, resolve_epoch_schedule
    from mmi2i.utils import register_all_modules

    class _Timer(Hook):
        priority = 'VERY_HIGH'

        def __init__(self):
            self.times = []

        def before_train_iter(self, runner, batch_idx, data_batch=None):
            self._start = time.perf_counter()

        def after_train_iter(self, runner, batch_idx, data_batch=None,
                             outputs=None):
            self.times.append(time.perf_counter() - self._start)

    register_all_modules(init_default_scope=False)
    cfg = load_config(CONFIG, {
        'data_root': data_root,
        'train_dataloader.dataset.split': 'sample',
        # image i of each domain, in order, as the authors' serial batches
        'train_dataloader.sampler.shuffle': False,
        'train_dataloader.num_workers': 0,
        'train_dataloader.persistent_workers': False,
        'default_hooks.checkpoint.interval': 10**6,
        'default_hooks.checkpoint.save_last': False,
        'default_hooks.visualization': None,
        'default_hooks.logger.interval': 10**6,
    }, work_dir)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters + 1)
    cfg.param_scheduler = []
    resolve_epoch_schedule(cfg)
    runner = Runner.from_cfg(cfg)
    timer = _Timer()
    runner.register_hook(timer)
    runner.train()
    return timer.times[1:]


def _convert(path: str, sample: str, out: str) -> str:
    from mmi2i.datasets.converters import convert_instagan_folders
    if not osp.isdir(osp.join(out, 'annotations')):
        # their sample masks are anti-aliased
        convert_instagan_folders(osp.join(path, 'datasets', sample), out,
                                 ['sheep', 'giraffe'], ['sample'], 'copy',
                                 mask_threshold=127)
    return out


def _child(args, code: str, work_dir: str) -> list:
    cmd = [sys.executable, osp.abspath(__file__), args.official,
           '--child', code, '--sample', args.sample, '--iters',
           str(args.iters), '--work-dir', work_dir, '--data', args.data]
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads),
               PYTHONPATH=REPO + os.pathsep + os.environ.get('PYTHONPATH',
                                                             ''))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode:
        sys.exit(f'error: the {code} process failed:\n'
                 + '\n'.join(proc.stderr.strip().splitlines()[-15:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _summary(times: list) -> str:
    return (f'median {statistics.median(times):.1f} s, mean '
            f'{statistics.mean(times):.1f} s')


def main(argv=None):
    args = parse_args(argv)
    path = osp.abspath(osp.expanduser(args.official))
    _check_clone(path, args.sample)
    if args.child:
        import torch
        torch.set_num_threads(args.threads)
        fn = (lambda: time_official(path, args.sample, args.iters,
                                    args.work_dir)) \
            if args.child == 'official' else (
                lambda: time_mmi2i(args.data, args.iters, args.work_dir))
        print(json.dumps(fn()))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work_dir = osp.abspath(args.work_dir or tmp)
        os.makedirs(work_dir, exist_ok=True)
        args.data = _convert(path, args.sample,
                             osp.join(work_dir, 'sample_mmi2i'))
        runs = dict(official=[], mmi2i=[])
        ratios = []
        print(f'{args.rounds} rounds x {args.iters} timed iterations per '
              f'code (+1 warm-up each), {args.threads} threads, sample '
              f'{args.sample}', flush=True)
        for r in range(args.rounds):
            per = {}
            for code in ('official', 'mmi2i'):
                per[code] = _child(args, code, work_dir)
                runs[code] += per[code]
                print(f'round {r + 1} {code:8s}: '
                      + ', '.join(f'{t:.1f}' for t in per[code])
                      + f' s ({_summary(per[code])})', flush=True)
            ratios.append(statistics.median(per['mmi2i']) /
                          statistics.median(per['official']))
        med = (statistics.median(runs['mmi2i']) /
               statistics.median(runs['official']))
        mean = (statistics.mean(runs['mmi2i']) /
                statistics.mean(runs['official']))
        print(f'official: {_summary(runs["official"])}')
        print(f'mmi2i:    {_summary(runs["mmi2i"])}')
        print(f'ratio mmi2i / official: {med:.2f} by medians, {mean:.2f} '
              f'by means; per round (medians) '
              + ', '.join(f'{x:.2f}' for x in ratios))


if __name__ == '__main__':
    main()
