"""Train-step time and peak memory of a translation model.

Runs ``train_step`` on synthetic batches (random images, ``K`` random
instance masks per image) and prints, per instance count, the mean step
time, the peak memory (CUDA's max allocated memory on GPU, else the
process's peak resident set size) and the minor page faults per step
(each count is measured in a fresh subprocess so the peaks do not mix).
On CPU the allocator is tuned and the config's CPU conv forms applied as
in training (``default_hooks.cpu_speed``, :class:`mmi2i.engine.hooks.
CPUSpeedHook`); ``--allocator tuned default`` measures both allocators in
alternating processes.

With ``--variant NAME [KEY=VALUE ...]`` (repeatable) the settings are
compared instead, in one process with the runs interleaved (iteration 1
of each variant, then iteration 2, ...), so machine noise hits all alike:
per variant the median and minimum iteration time, the ratio to the first
variant, and the largest difference of the logged losses to the first
variant, over all iterations and per iteration (same seed and
initialization). The variant key ``threads=N`` is not a config option: it
runs that variant's steps on N intra-op threads, so two variants that
differ only in it measure how far float32 rounding alone (the order of
sums changes with the thread count) moves the losses of the same code.
``--dtype float64`` builds the model and its inputs in float64 and runs
the CPU convolution forms (``ThinConv2d``, ``WinogradConv2d``,
``TapConvTranspose2d``, float32-only otherwise) in float64 too: there
float32 rounding (which GAN training amplifies from the second iteration
on, as Adam's first update is about lr * sign(grad)) no longer hides
whether two variants compute the same function.
``--profile`` prints the top operators of one iteration
(``torch.profiler``).

Examples::

    python tools/analysis/benchmark.py configs/cyclegan_seg/shapes.py \
        --instances 2 4 8 --iters 10
    # InstaGAN at the real size: the generator's split decoder on/off
    python tools/analysis/benchmark.py configs/instagan/sheep2giraffe.py \
        --size 200 --instances 2 4 --iters 5 \
        --variant plain \
        --variant split model.generator.split_mask_decoder=True
    # the same code on 2 and 1 threads: the losses' drift from rounding
    python tools/analysis/benchmark.py configs/instagan/sheep2giraffe.py \
        --size 200 --instances 2 --iters 4 \
        --variant t2 threads=2 --variant t1 threads=1
    # the fast convolution forms against the direct ones, in float64
    # (torch's spectral norm has no 'latest' sigma gradient, so both
    # variants use each call's own vectors)
    python tools/analysis/benchmark.py configs/instagan/sheep2giraffe.py \
        --size 64 --instances 2 --iters 4 --dtype float64 \
        --cfg-options model.discriminator.official_sigma_grad=False \
        --variant fast --variant direct default_hooks.cpu_speed.convs=False \
        model.discriminator.spectral_norm_on_output=False
    # what the CPU conv forms give another method, one process
    python tools/analysis/benchmark.py configs/cyclegan/sheep2giraffe.py \
        --size 256 --instances 0 --iters 3 \
        --variant direct --variant forms default_hooks.cpu_speed.convs=True
    # the tuned CPU allocator (mmi2i.ops.cpu.tune_cpu_allocator) against
    # glibc's default, 3 alternating processes each
    python tools/analysis/benchmark.py configs/instagan/sheep2giraffe.py \
        --size 200 --instances 2 --iters 3 --allocator tuned default \
        --repeats 3
"""
import argparse
import contextlib
import json
import resource
import subprocess
import sys
import time

import torch
from mmengine.config import DictAction
from mmengine.logging import MessageHub
from mmengine.registry import DefaultScope
from mmengine.structures import InstanceData

from mmi2i.apis import read_config
from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.ops.cpu import (apply_cpu_forms, cpu_forms_in_float64,
                           cpu_step_cache, tune_cpu_allocator)
from mmi2i.registry import MODELS
from mmi2i.structures import TranslationDataSample
from mmi2i.utils import register_all_modules


def synthetic_batch(domains, batch_size, size, num_instances, seed=0,
                    sampling='all_domains'):
    """A random batch as the train dataset of ``sampling`` packs it: one
    slot per domain (``all_domains``), or ``source`` (and ``reference``,
    ``pair``) slots whose images cycle through the domains."""
    g = torch.Generator().manual_seed(seed)
    inputs, samples = {}, {}
    if sampling == 'all_domains':
        slots = {d: [d] * batch_size for d in domains}
    else:
        names = ('source', 'reference')[:1 + (sampling == 'pair')]
        slots = {n: [domains[(i + j) % len(domains)]
                     for i in range(batch_size)]
                 for j, n in enumerate(names)}
    for slot, slot_domains in slots.items():
        inputs[slot], samples[slot] = [], []
        for d in slot_domains:
            inputs[slot].append(
                torch.randint(0, 256, (3, size, size), generator=g,
                              dtype=torch.uint8))
            masks = torch.zeros(num_instances, size, size, dtype=torch.bool)
            for k in range(num_instances):
                y, x = torch.randint(0, size // 2, (2, ), generator=g)
                masks[k, y:y + size // 4, x:x + size // 4] = True
            s = TranslationDataSample(
                metainfo=dict(domain=d, domain_idx=list(domains).index(d)))
            # an inpainted background (MGD-GAN's pipeline adds one)
            s.background = torch.randint(0, 256, (3, size, size),
                                         generator=g, dtype=torch.uint8)
            s.gt_instances = InstanceData(
                masks=masks, labels=torch.zeros(num_instances).long(),
                bboxes=torch.zeros(num_instances, 4))
            samples[slot].append(s)
    return dict(inputs=inputs, data_samples=samples)


def build(cfg_path, cfg_options, device, seed=0, dtype='float32'):
    """(model, optimizer wrappers) of a config, initialized from ``seed``,
    with parameters and inputs in ``dtype`` and, on CPU, the conv forms
    of its ``default_hooks.cpu_speed``."""
    register_all_modules(init_default_scope=False)
    cfg = read_config(cfg_path, cfg_options)
    if dtype != 'float32':
        pre = cfg.model.get('data_preprocessor') or dict(
            type='TranslationDataPreprocessor')
        pre['dtype'] = dtype
        cfg.model.data_preprocessor = pre
    if cfg.model.get('iters_per_epoch') == 'auto':
        # synthetic batches have no epoch; the first stage is measured
        cfg.model.iters_per_epoch = 1
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model).to(device)
    model.init_weights()
    model.to(getattr(torch, dtype))
    speed = (cfg.get('default_hooks') or {}).get('cpu_speed') or {}
    if device == 'cpu' and speed.get('convs'):
        apply_cpu_forms(model, speed['convs'])
    model.sampling = cfg.train_dataloader.dataset.get('sampling',
                                                      'all_domains')
    return model, TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)


def make_batch(model, batch_size, size, num_instances):
    return synthetic_batch(model.domains, batch_size, size, num_instances,
                           sampling=model.sampling)


def first_iteration(model, stage):
    """The first iteration of ``stage`` (None: 0, the first stage)."""
    start = 0
    for name, iters in model.stages:
        if stage in (None, name):
            return start
        start += iters
    raise SystemExit(f'error: --stage {stage!r} is not among the stages '
                     f'{[n for n, _ in model.stages]}')


def train_step(model, batch, optim, iteration=0):
    """Training iteration ``iteration`` as the runner makes it: published
    in the MessageHub (where the loop puts it; it picks the stage and
    e.g. DRIT++'s content-discriminator-only iterations) and run with the
    CPU forms' per-step cache, as ``CPUSpeedHook`` enters it."""
    MessageHub.get_current_instance().update_info('iter', iteration)
    with cpu_step_cache():
        return model.train_step(batch, optim)


def _sync(device):
    if device.startswith('cuda'):
        torch.cuda.synchronize()


def compare(cfg_path, variants, num_instances, iters, batch_size, size,
            device, cfg_options, dtype='float32', stage=None):
    """Interleaved timing of variants; returns one row per variant."""
    runs = []
    for name, opts in variants:
        opts = dict(opts)
        threads = opts.pop('threads', torch.get_num_threads())
        model, optim = build(cfg_path, {**(cfg_options or {}), **opts},
                             device, dtype=dtype)
        runs.append(dict(name=name, model=model, optim=optim, times=[],
                         losses=[], threads=threads))
    default_threads = torch.get_num_threads()
    batch = make_batch(runs[0]['model'], batch_size, size, num_instances)
    first = first_iteration(runs[0]['model'], stage)
    for it in range(iters + 1):  # the first is a warm-up
        for run in runs:
            torch.set_num_threads(run['threads'])
            _sync(device)
            start = time.perf_counter()
            logs = train_step(run['model'], batch, run['optim'], first + it)
            _sync(device)
            torch.set_num_threads(default_threads)
            if it:
                run['times'].append(time.perf_counter() - start)
            run['losses'].append(
                {k: float(v.detach()) for k, v in logs.items()})
    rows, ref = [], runs[0]
    for run in runs:
        times = sorted(run['times'])
        per_iter = [max(abs(a[k] - b[k]) for k in a)
                    for a, b in zip(run['losses'], ref['losses'])]
        rows.append(dict(variant=run['name'], instances=num_instances,
                         threads=run['threads'],
                         median_s=times[len(times) // 2], min_s=times[0],
                         max_loss_diff=max(per_iter),
                         loss_diff_per_iter=per_iter))
    for row in rows:
        row['ratio'] = row['median_s'] / rows[0]['median_s']
    return rows


def profile_step(cfg_path, num_instances, batch_size, size, device,
                 cfg_options, top=12, dtype='float32', stage=None):
    """Print the operators taking most self time in one train step."""
    from torch.profiler import ProfilerActivity, profile
    model, optim = build(cfg_path, cfg_options, device, dtype=dtype)
    batch = make_batch(model, batch_size, size, num_instances)
    first = first_iteration(model, stage)
    train_step(model, batch, optim, first)
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA]
                                     if device.startswith('cuda') else [])
    with profile(activities=acts) as prof:
        train_step(model, batch, optim, first + 1)
    total = sum(e.self_cpu_time_total for e in prof.key_averages())
    print(f'top operators of one step ({num_instances} instances), '
          'self CPU time:')
    for e in sorted(prof.key_averages(),
                    key=lambda e: -e.self_cpu_time_total)[:top]:
        print(f'  {e.key:40s} {e.self_cpu_time_total / 1e6:8.2f} s '
              f'{100 * e.self_cpu_time_total / total:5.1f} %  '
              f'{e.count} calls')


def measure(cfg_path, num_instances, iters, batch_size, size, device,
            cfg_options, dtype='float32', stage=None):
    """Mean step time, peak memory and page faults (minor, per step) of
    ``iters`` steps after one warm-up step (the iterations counted from
    the first of ``stage``, so methods that alternate kinds of
    iterations, like DRIT++'s and MGUIT's content-discriminator-only
    ones, are measured over a cycle when ``iters`` covers one)."""
    model, optim = build(cfg_path, cfg_options, device, dtype=dtype)
    batch = make_batch(model, batch_size, size, num_instances)
    first = first_iteration(model, stage)
    train_step(model, batch, optim, first)  # warm-up
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    for it in range(iters):
        train_step(model, batch, optim, first + 1 + it)
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() / 2**20
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return dict(instances=num_instances,
                step_s=(time.perf_counter() - start) / iters,
                peak_mib=peak,
                faults=(usage.ru_minflt - faults) / iters)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('--instances', type=int, nargs='+', default=[2, 4, 8])
    p.add_argument('--iters', type=int, default=10)
    p.add_argument('--batch-size', type=int, default=1)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--device',
                   default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    p.add_argument('--dtype', choices=['float32', 'float64'],
                   default='float32', help='parameters and inputs; float64 '
                   'compares variants without float32 rounding')
    p.add_argument('--variant', nargs='+', action='append',
                   metavar='NAME [KEY=VALUE', help='compare settings '
                   '(interleaved, time and loss agreement); repeatable')
    p.add_argument('--profile', action='store_true',
                   help='print the top operators of one step')
    p.add_argument('--allocator', nargs='+', choices=['tuned', 'default'],
                   default=['tuned'], help='CPU memory allocator: tuned '
                   '(as tools/train.py) or glibc default; several are '
                   'measured in alternating processes')
    p.add_argument('--repeats', type=int, default=1,
                   help='processes per instance count (and allocator)')
    p.add_argument('--stage', help='staged methods (MGD-GAN): time this '
                   'stage\'s iterations (default: the first stage)')
    p.add_argument('--single', type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not args.device.startswith('cuda'):
        tune_cpu_allocator(args.allocator[0] == 'tuned')
    # in float64 the CPU convolution forms run too, so that variants with
    # and without them are compared
    with (cpu_forms_in_float64() if args.dtype == 'float64' else
          contextlib.nullcontext()):
        _run(args)


def _run(args):
    if args.profile:
        for k in args.instances:
            profile_step(args.config, k, args.batch_size, args.size,
                         args.device, args.cfg_options, dtype=args.dtype,
                         stage=args.stage)
        return
    if args.variant:
        variants = [(v[0], _parse_options(v[1:])) for v in args.variant]
        print(f'{args.config}: batch {args.batch_size}, {args.size}px, '
              f'{args.iters} iters (+1 warm-up) interleaved, {args.device}, '
              f'{args.dtype}, '
              f'{torch.get_num_threads()} threads')
        print('variant | instances | threads | median (s) | min (s) | '
              'ratio | max loss diff | loss diff per iteration')
        for k in args.instances:
            for r in compare(args.config, variants, k, args.iters,
                             args.batch_size, args.size, args.device,
                             args.cfg_options, args.dtype, args.stage):
                diffs = ', '.join(f'{d:.1e}' for d in r['loss_diff_per_iter'])
                print(f'{r["variant"]} | {k} | {r["threads"]} | '
                      f'{r["median_s"]:.2f} | {r["min_s"]:.2f} | '
                      f'{r["ratio"]:.2f} | {r["max_loss_diff"]:.1e} | '
                      f'{diffs}')
        return
    if args.single is not None:
        print(json.dumps(measure(args.config, args.single, args.iters,
                                 args.batch_size, args.size, args.device,
                                 args.cfg_options, args.dtype, args.stage)))
        return
    print(f'{args.config}: batch {args.batch_size}, {args.size}px, '
          f'{args.iters} iters' +
          (f' of stage {args.stage}' if args.stage else '') +
          f', {args.device}, {args.repeats} process(es) per row, median')
    print('instances | allocator | step time (s) | peak memory (MiB) | '
          'page faults per step')
    for k in args.instances:
        runs = {a: [] for a in args.allocator}
        for _ in range(args.repeats):
            for alloc in args.allocator:  # alternating: noise hits all
                runs[alloc].append(_single(args, k, alloc))
        for alloc, res in runs.items():
            step = sorted(r['step_s'] for r in res)[len(res) // 2]
            peak = max(r['peak_mib'] for r in res)
            faults = sorted(r['faults'] for r in res)[len(res) // 2]
            print(f'{k:9d} | {alloc:9s} | {step:13.3f} | {peak:17.0f} | '
                  f'{faults:20.0f}')


def _single(args, k, allocator):
    """One ``--single`` measurement in a fresh process."""
    cmd = [sys.executable, __file__, args.config, '--single', str(k),
           '--iters', str(args.iters), '--batch-size', str(args.batch_size),
           '--size', str(args.size), '--device', args.device,
           '--allocator', allocator, '--dtype', args.dtype]
    if args.stage:
        cmd += ['--stage', args.stage]
    if args.cfg_options:
        cmd += ['--cfg-options'] + [f'{k}={v}' for k, v in
                                    args.cfg_options.items()]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        # the measuring process's own error (e.g. missing weights)
        sys.exit(f'benchmark of {k} instances failed:\n'
                 + '\n'.join(proc.stderr.strip().splitlines()[-3:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _parse_options(pairs):
    """['a.b=1', 'c=False'] -> {'a.b': 1, 'c': False} (values as Python
    literals where they parse, else strings)."""
    import ast
    out = {}
    for pair in pairs:
        key, _, value = pair.partition('=')
        try:
            out[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            out[key] = value
    return out


if __name__ == '__main__':
    main()
