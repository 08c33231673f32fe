"""Compare methods on the same data with one metric set: a table, a plot
and a side-by-side grid.

For each config (and seed) the method is trained on ``--data-root`` with
the domains ``--pair A B`` (so N-domain methods such as StarGAN and CGL
join a two-domain comparison on that pair) for ``--train-iters``
iterations (default: each config's own schedule), or taken from
``--checkpoints``; then ``tools/test.py`` translates the same test images
``A -> B`` and every method is scored with the same evaluators: background
change outside the instances and inside them, FID (a fixed random feature
space unless ``--fid-features inception``), LPIPS diversity of
``--num-styles`` styles (multimodal methods), MMR/MODS/MVIS with
``--det-config``/``--det-checkpoint``, the domain classifier's score with
``--classifier``, and the translated masks' shape (instance methods); plus
the cost: inference parameters, training seconds per iteration (median of
the logged iterations), the training process's peak memory and inference
images per second. Everything runs on this machine, one method after the
other.

The work dir keeps each run (``<method>/seed<k>/``): a finished training
or evaluation is not redone, a method that fails is reported in the table
and the others go on. Written there: ``comparison.md`` (one row per
method, the best value of each column in bold, the command, commit,
machine and seeds above it), ``comparison.csv``, ``comparison.json``,
``comparison_plot.png`` (quality against training cost) and
``comparison_grid.png`` (the same test images in rows, one column per
method).

Example (the published toy comparison, docs/benchmarks.md)::

    python tools/analysis/compare_methods.py --configs configs/*/shapes.py \\
        --data-root data/shapes --pair sheep giraffe --train-iters 300 \\
        --det-config configs/detectors/mask_rcnn_tiny_shapes.py \\
        --det-checkpoint work_dirs/detectors/mask_rcnn_tiny_shapes \\
        --classifier work_dirs/classifiers/shapes_masked.pth \\
        --work-dir work_dirs/compare
"""
import csv
import glob
import json
import os
import os.path as osp
import platform
import shlex
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

#: (key, header, metric key pattern or None, which is better: 'min'/'max')
COLUMNS = [
    ('mmr', 'MMR', 'det/{t}/MMR', 'max'),
    ('mods', 'MODS', 'det/{t}/MODS', 'max'),
    ('mvis', 'MVIS', 'det/{t}/MVIS', 'max'),
    ('cls', 'cls. score', 'cls/{t}', 'max'),
    ('fid', 'FID', 'fid/{t}', 'min'),
    ('lpips', 'LPIPS div.', 'lpips_div/{t}', 'max'),
    ('l1_bg', 'bg. change', 'preservation/{t}/l1_bg', 'min'),
    ('l1_fg', 'fg. change', 'preservation/{t}/l1_fg', 'max'),
    ('aspect_gap', 'mask aspect gap', None, 'min'),
    ('params_m', 'params (M)', None, 'min'),
    ('s_per_iter', 'train s/iter', None, 'min'),
    ('peak_mb', 'train peak MB', None, 'min'),
    ('img_per_s', 'infer img/s', None, 'max'),
]


def parse_args(argv=None):
    from mmi2i.datasets.converters.cli import tool_parser
    p = tool_parser(__doc__)
    p.add_argument('--configs', nargs='+', required=True)
    p.add_argument('--work-dir', required=True,
                   help='where every run, table and picture goes (resumed)')
    p.add_argument('--checkpoints', nargs='+', metavar='CKPT',
                   help="one per config ('-': train it); skips training")
    p.add_argument('--data-root', default='data/shapes')
    p.add_argument('--pair', nargs=2, metavar=('A', 'B'),
                   default=['sheep', 'giraffe'],
                   help='the two domains compared (A -> B is scored)')
    p.add_argument('--train-iters', type=int,
                   help="iterations of every method (default: each "
                   "config's own schedule)")
    p.add_argument('--seeds', nargs='+', type=int, default=[0])
    p.add_argument('--num-styles', type=int, default=4,
                   help='styles per test image of multimodal methods')
    p.add_argument('--det-config')
    p.add_argument('--det-checkpoint')
    p.add_argument('--classifier', help='a domain classifier checkpoint '
                   '(tools/analysis/train_domain_classifier.py)')
    p.add_argument('--fid-features', choices=['random', 'inception'],
                   default='random')
    p.add_argument('--grid-images', type=int, default=4)
    args = p.parse_args(argv)
    if args.checkpoints and len(args.checkpoints) != len(args.configs):
        p.error('give one --checkpoints entry per config (- to train)')
    if bool(args.det_config) != bool(args.det_checkpoint):
        p.error('--det-config and --det-checkpoint go together')
    return args


def method_names(configs: List[str]) -> List[str]:
    """``configs/munit/shapes.py`` -> ``munit``; the file stem is added
    where two configs share a folder."""
    folders = [osp.basename(osp.dirname(c)) for c in configs]
    return [f if folders.count(f) == 1 else
            f'{f}_{osp.splitext(osp.basename(c))[0]}'
            for f, c in zip(folders, configs)]


def evaluators(args, test_split: str, multimodal: bool) -> List[dict]:
    from mmi2i.datasets.converters.writer import domain_paths
    a, b = args.pair
    out = [dict(type='PreservationMetric'),
           dict(type='FIDMetric',
                feature_net=(dict(type='RandomConvFeatures')
                             if args.fid_features == 'random' else None),
                reference={d: osp.abspath(domain_paths(args.data_root, d,
                                                       test_split)[1])
                           for d in (a, b)})]
    if multimodal:
        out.append(dict(type='LPIPSDiversityMetric', pretrained=False))
    if args.det_config:
        out.append(dict(type='DetectionMatchMetric',
                        det_config=osp.abspath(args.det_config),
                        det_checkpoint=osp.abspath(args.det_checkpoint)))
    if args.classifier:
        out.append(dict(type='ClassificationScoreMetric',
                        checkpoint=osp.abspath(args.classifier)))
    return out


def is_multimodal(config: str) -> bool:
    """Whether the config's model has styles (LPIPS diversity applies)."""
    from mmengine.registry import DefaultScope

    from mmi2i.apis import read_config
    from mmi2i.registry import MODELS
    with DefaultScope.overwrite_default_scope('mmi2i'):
        return MODELS.build(read_config(config).model).is_multimodal


def write_config(config: str, path: str, args, seed: int,
                 evals: List[dict]) -> str:
    """The config of one run: the method's, on the compared data and
    domains, with the seed, the budget and the common evaluators."""
    lines = [f'_base_ = {osp.abspath(config)!r}',
             f'data_root = {osp.abspath(args.data_root)!r}',
             f'domains = {list(args.pair)!r}',
             f'randomness = dict(seed={seed})',
             f'test_evaluator = {evals!r}',
             'val_evaluator = test_evaluator',
             f'model = dict(test_num_styles={args.num_styles})',
             'log_processor = dict(window_size=1)']
    # every iteration's time logged: their median is the cost
    hooks = dict(logger=dict(interval=1))
    # no validation while training (the loops validate after the last
    # iteration otherwise): the evaluation is tools/test.py's
    train_cfg = dict(val_begin=10**9)
    if args.train_iters:
        hooks['checkpoint'] = dict(interval=args.train_iters)
        train_cfg.update(max_iters=args.train_iters, val_interval=10**9)
    lines.append(f'train_cfg = {train_cfg!r}')
    lines.append(f'default_hooks = {hooks!r}')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def _run(cmd: List[str], log: str) -> dict:
    """Run a tool in a child process; its wall time and peak memory."""
    start = time.time()
    with open(log, 'w') as f:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=f,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        with open(log) as f:
            tail = [ln.strip() for ln in f.read().splitlines() if ln.strip()]
        raise RuntimeError(tail[-1] if tail else f'exit {proc.returncode}')
    return dict(seconds=time.time() - start,
                peak_mb=usage.ru_maxrss / 1024)


def _median_iter_time(work: str) -> Optional[float]:
    times = []
    for path in glob.glob(osp.join(work, '*', 'vis_data', 'scalars.json')):
        with open(path) as f:
            for line in f:
                rec = json.loads(line)
                if 'time' in rec and 'loss' in ''.join(rec):
                    times.append(rec['time'])
    return statistics.median(times) if times else None


def _done(path: str) -> Optional[dict]:
    if osp.isfile(path):
        with open(path) as f:
            return json.load(f)
    return None


def _save(path: str, data: dict) -> dict:
    from mmi2i.utils import atomic_path
    with atomic_path(path) as tmp, open(tmp, 'w') as f:
        json.dump(data, f, indent=1)
    return data


def train(config: str, run: str) -> dict:
    """Train one run (skipped when done); its checkpoint and costs."""
    done = _done(osp.join(run, 'train.json'))
    if done:
        return done
    work = osp.join(run, 'work')
    res = _run([sys.executable, 'tools/train.py', config, '--work-dir', work]
               + (['--reuse-work-dir'] if osp.isdir(work) else []),
               osp.join(run, 'train.log'))
    with open(osp.join(work, 'last_checkpoint')) as f:
        ckpt = f.read().strip()
    res.update(checkpoint=ckpt, s_per_iter=_median_iter_time(work))
    return _save(osp.join(run, 'train.json'), res)


def evaluate(config: str, ckpt: str, run: str, args) -> dict:
    """tools/test.py with the common evaluators, then the cost and shape
    statistics of the model; skipped when done."""
    done = _done(osp.join(run, 'eval.json'))
    if done:
        return done
    metrics_file = osp.join(run, 'metrics.json')
    if not osp.isfile(metrics_file):
        _run([sys.executable, 'tools/test.py', config, ckpt, '--work-dir',
              osp.join(run, 'test'), '--out', metrics_file,
              '--save-images', osp.join(run, 'images')],
             osp.join(run, 'test.log'))
    with open(metrics_file) as f:
        metrics = json.load(f)['metrics']
    res = dict(metrics=metrics)
    res.update(model_cost(config, ckpt, args))
    return _save(osp.join(run, 'eval.json'), res)


def model_cost(config: str, ckpt: str, args) -> dict:
    """Inference parameters, images per second (A -> B, one at a time,
    one style) and, for methods that translate masks, the gap between the
    translated and the real target masks' median aspect ratio."""
    import torch

    from mmi2i.apis import build_test_dataset, init_model
    from mmi2i.apis.instance_stats import instance_stats
    from mmi2i.datasets import translation_collate
    model = init_model(config, ckpt)
    model.test_num_styles = 1
    disc = {id(m) for m in model.discriminator_modules()}
    params = sum(p.numel() for m in model.children() if id(m) not in disc
                 for p in m.parameters())
    a, b = args.pair
    ds = build_test_dataset(model, [a])
    n = min(len(ds), 8)
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(n):
            data = model.data_preprocessor(translation_collate([ds[i]]),
                                           False)
            model.predict(data['inputs'], data['data_samples'],
                          targets={a: [b]})
    out = dict(params_m=params / 1e6,
               img_per_s=n / (time.perf_counter() - start),
               multimodal=model.is_multimodal)
    if model.uses_instances:
        stats = instance_stats(model, a, b)
        out.update(aspect=stats['translated_aspect'],
                   target_aspect=stats['target_aspect'],
                   aspect_gap=abs(stats['translated_aspect'] -
                                  stats['target_aspect']))
    return out


def row_values(train_res: Optional[dict], eval_res: dict,
               task: str) -> Dict[str, float]:
    vals = {}
    for key, _, pattern, _ in COLUMNS:
        if pattern:
            v = eval_res['metrics'].get(pattern.format(t=task))
            if key == 'lpips' and not eval_res.get('multimodal'):
                v = None
        elif key in ('s_per_iter', 'peak_mb'):
            v = (train_res or {}).get(key)
        else:
            v = eval_res.get(key)
        if isinstance(v, (int, float)) and v == v:  # not NaN
            vals[key] = float(v)
    return vals


def summarize(per_seed: List[Dict[str, float]]) -> Dict[str, tuple]:
    """Column -> (mean, half range) over the seeds."""
    out = {}
    for key, *_ in COLUMNS:
        vs = [r[key] for r in per_seed if key in r]
        if vs:
            out[key] = (statistics.mean(vs), (max(vs) - min(vs)) / 2)
    return out


def _fmt(cell: Optional[tuple], bold: bool) -> str:
    if cell is None:
        return '-'
    mean, half = cell
    digits = 3 if abs(mean) < 10 else 1
    text = f'{mean:.{digits}f}' + (f' ± {half:.{digits}f}' if half else '')
    return f'**{text}**' if bold else text


def write_outputs(rows: List[dict], args) -> None:
    """comparison.md / .csv / .json, the plot and the grid."""
    from mmi2i.utils import atomic_path
    out = args.work_dir
    best = {}
    for key, _, _, better in COLUMNS:
        vals = [r['cells'][key][0] for r in rows if key in r['cells']]
        if len(vals) > 1:
            best[key] = (min if better == 'min' else max)(vals)
    cols = [c for c in COLUMNS if any(c[0] in r['cells'] for r in rows)]
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'],
                            cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    a, b = args.pair
    lines = [
        f'# Method comparison: {a} -> {b}', '',
        f'Command: `python tools/analysis/compare_methods.py '
        f'{shlex.join(args.argv)}`  ',
        f'Commit {commit or "?"}; {platform.node()} ({os.cpu_count()} '
        f'CPUs, {platform.processor() or platform.machine()}); seeds '
        f'{args.seeds} (cells: mean ± half range); data {args.data_root}; '
        f'training: {args.train_iters or "each config"} iterations.', '',
        '| method | ' + ' | '.join(c[1] for c in cols) + ' | status |',
        '| --- ' * (len(cols) + 2) + '|']
    for r in rows:
        cells = [_fmt(r['cells'].get(k), k in best and k in r['cells'] and
                      r['cells'][k][0] == best[k]) for k, *_ in cols]
        lines.append(f"| {r['method']} | " + ' | '.join(cells) +
                     f" | {r['status']} |")
    lines += ['', 'Lower is better for FID, background change, mask aspect '
              'gap and the costs; higher for the others. Background change: '
              'mean absolute change outside the instances, in [0, 1] '
              'units; fg. change: inside them (a translation should change '
              'them).']
    with atomic_path(osp.join(out, 'comparison.md')) as tmp, \
            open(tmp, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    with atomic_path(osp.join(out, 'comparison.csv')) as tmp, \
            open(tmp, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['method', 'status'] + [f'{k}_mean' for k, *_ in
                                           COLUMNS] +
                   [f'{k}_halfrange' for k, *_ in COLUMNS])
        for r in rows:
            w.writerow([r['method'], r['status']] +
                       [r['cells'][k][0] if k in r['cells'] else ''
                        for k, *_ in COLUMNS] +
                       [r['cells'][k][1] if k in r['cells'] else ''
                        for k, *_ in COLUMNS])
    with atomic_path(osp.join(out, 'comparison.json')) as tmp, \
            open(tmp, 'w') as f:
        json.dump(dict(command=args.argv, commit=commit, seeds=args.seeds,
                       rows=rows), f, indent=1)
    plot(rows, osp.join(out, 'comparison_plot.png'))
    grid(rows, args, osp.join(out, 'comparison_grid.png'))


def plot(rows: List[dict], path: str) -> None:
    """Quality (FID) against training cost (s/iter), one labelled point
    per method."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    pts = [(r['method'], r['cells']['s_per_iter'][0], r['cells']['fid'][0])
           for r in rows if 'fid' in r['cells'] and 's_per_iter' in
           r['cells']]
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=120)
    for name, x, y in pts:
        ax.scatter(x, y)
        ax.annotate(name, (x, y), textcoords='offset points', xytext=(4, 4),
                    fontsize=8)
    ax.set_xlabel('training seconds per iteration (this machine)')
    ax.set_ylabel('FID (lower is better)')
    ax.set_title('quality against training cost')
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def grid(rows: List[dict], args, path: str) -> None:
    """The first ``--grid-images`` test images of A in rows: the input,
    then each method's translation (seed of the first run)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    from mmi2i.datasets.converters.writer import domain_paths
    from mmi2i.datasets.io import IMG_EXTS, read_image
    a, b = args.pair
    shown = [r for r in rows if r.get('images')]
    if not shown:
        return
    folder = osp.join(shown[0]['images'], f'{a}2{b}')
    stems = sorted(osp.splitext(f)[0] for f in os.listdir(folder)
                   if '_mask' not in f)[:args.grid_images]
    inputs = {}
    for f in os.listdir(domain_paths(args.data_root, a, 'test')[1]):
        if f.lower().endswith(IMG_EXTS):
            inputs[osp.splitext(f)[0]] = osp.join(
                domain_paths(args.data_root, a, 'test')[1], f)
    cols = ['input'] + [r['method'] for r in shown]
    fig, axes = plt.subplots(len(stems), len(cols), squeeze=False,
                             figsize=(1.6 * len(cols), 1.6 * len(stems)),
                             dpi=50)
    for i, stem in enumerate(stems):
        for j, col in enumerate(cols):
            ax = axes[i][j]
            ax.axis('off')
            p = (inputs.get(stem) if j == 0 else
                 osp.join(shown[j - 1]['images'], f'{a}2{b}', f'{stem}.png'))
            if p and osp.isfile(p):
                ax.imshow(read_image(p))
            if i == 0:
                ax.set_title(col, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    from mmi2i.apis import read_config
    from mmi2i.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    os.makedirs(args.work_dir, exist_ok=True)
    names = method_names(args.configs)
    ckpts = args.checkpoints or ['-'] * len(args.configs)
    task = f'{args.pair[0]}2{args.pair[1]}'
    rows = []
    for name, config, given in zip(names, args.configs, ckpts):
        per_seed, status, images = [], 'ok', None
        for seed in args.seeds:
            run = osp.join(args.work_dir, name, f'seed{seed}')
            os.makedirs(run, exist_ok=True)
            print(f'[compare] {name} seed {seed}', flush=True)
            try:
                split = read_config(config).test_dataloader.dataset.get(
                    'split', 'test')
                cfg = write_config(config, osp.join(run, 'config.py'), args,
                                   seed, [])
                cfg = write_config(config, cfg, args, seed, evaluators(
                    args, split, is_multimodal(cfg)))
                train_res = None if given != '-' else train(cfg, run)
                ckpt = given if given != '-' else train_res['checkpoint']
                eval_res = evaluate(cfg, ckpt, run, args)
                per_seed.append(row_values(train_res, eval_res, task))
                images = images or osp.join(run, 'images')
            except Exception as e:  # noqa: BLE001 - reported, others go on
                status = f'failed (seed {seed}): {str(e)[:160]}'
                print(f'[compare] {name}: {status}', flush=True)
        rows.append(dict(method=name, config=config, status=status,
                         images=images, cells=summarize(per_seed)))
    write_outputs(rows, args)
    print(f'[compare] wrote {osp.join(args.work_dir, "comparison.md")}')
    return rows


if __name__ == '__main__':
    main()
