"""Train-step time and peak memory of a translation model.

Runs ``train_step`` on synthetic batches (random images, ``K`` random
instance masks per image) and prints, per instance count, the mean step
time and the peak memory: CUDA's max allocated memory on GPU, else the
process's peak resident set size (each count is measured in a fresh
subprocess so the peaks do not mix).

Example::

    python tools/analysis/benchmark.py configs/cyclegan_seg/shapes.py \
        --instances 2 4 8 --iters 10
"""
import argparse
import json
import resource
import subprocess
import sys
import time

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import DefaultScope
from mmengine.structures import InstanceData

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.registry import MODELS
from mmi2i.structures import TranslationDataSample
from mmi2i.utils import register_all_modules


def synthetic_batch(domains, batch_size, size, num_instances, seed=0):
    g = torch.Generator().manual_seed(seed)
    inputs, samples = {}, {}
    for d in domains:
        inputs[d], samples[d] = [], []
        for _ in range(batch_size):
            inputs[d].append(
                torch.randint(0, 256, (3, size, size), generator=g,
                              dtype=torch.uint8))
            masks = torch.zeros(num_instances, size, size, dtype=torch.bool)
            for k in range(num_instances):
                y, x = torch.randint(0, size // 2, (2, ), generator=g)
                masks[k, y:y + size // 4, x:x + size // 4] = True
            s = TranslationDataSample(metainfo=dict(domain=d))
            s.gt_instances = InstanceData(
                masks=masks, labels=torch.zeros(num_instances).long(),
                bboxes=torch.zeros(num_instances, 4))
            samples[d].append(s)
    return dict(inputs=inputs, data_samples=samples)


def measure(cfg_path, num_instances, iters, batch_size, size, device,
            cfg_options):
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(cfg_path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model).to(device)
    model.init_weights()
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    batch = synthetic_batch(model.domains, batch_size, size, num_instances)
    model.train_step(batch, optim)  # warm-up
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    for _ in range(iters):
        model.train_step(batch, optim)
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() / 2**20
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(instances=num_instances,
                step_s=(time.perf_counter() - start) / iters,
                peak_mib=peak)


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
    p.add_argument('--single', type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.single is not None:
        print(json.dumps(measure(args.config, args.single, args.iters,
                                 args.batch_size, args.size, args.device,
                                 args.cfg_options)))
        return
    print(f'{args.config}: batch {args.batch_size}, {args.size}px, '
          f'{args.iters} iters, {args.device}')
    print('instances | step time (s) | peak memory (MiB)')
    for k in args.instances:
        cmd = [sys.executable, __file__, args.config, '--single', str(k),
               '--iters', str(args.iters), '--batch-size',
               str(args.batch_size), '--size', str(args.size), '--device',
               args.device]
        if args.cfg_options:
            cmd += ['--cfg-options'] + [f'{k}={v}' for k, v in
                                        args.cfg_options.items()]
        out = subprocess.run(cmd, capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        res = json.loads(out)
        print(f'{k:9d} | {res["step_s"]:13.3f} | {res["peak_mib"]:17.0f}')


if __name__ == '__main__':
    main()
