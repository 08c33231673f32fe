"""Convert the InstaGAN authors' released weights to an mmi2i checkpoint.

SRC_DIR holds ``latest_net_G_A.pth`` and ``latest_net_G_B.pth`` (and
``latest_net_D_A.pth``, ``latest_net_D_B.pth`` when released; without them
the discriminators keep their initialization, which inference never
uses). The result runs with ``tools/test.py CONFIG OUT.pth`` and
``tools/translate.py CONFIG OUT.pth ...``.

Example::

    python tools/model_converters/instagan_official.py \
        checkpoints/shp2gir_coco_instagan work_dirs/instagan_official.pth \
        --config configs/instagan/sheep2giraffe.py
"""
import argparse
import os
import os.path as osp

import torch
from mmengine.config import Config

from mmi2i.apis import init_model
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.engine.checkpoint_io import CheckpointError, read_checkpoint
from mmi2i.models.editors.instagan.official_weights import (
    OFFICIAL_NETS, convert_official_net)
from mmi2i.utils import atomic_path


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split('\n', 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('src_dir', help='folder with latest_net_*.pth')
    p.add_argument('out', help='mmi2i checkpoint to write')
    p.add_argument('--overwrite', action='store_true',
                   help='replace an existing OUT')
    p.add_argument('--config', default='configs/instagan/sheep2giraffe.py',
                   help='InstaGAN config the weights are for (its network '
                   'sizes must match the official ones)')
    return p.parse_args(argv)


def convert(src_dir: str, out: str, config: str,
            overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it. Refuses to overwrite an
    input, and an existing ``out`` unless ``overwrite``."""
    inputs = {osp.realpath(osp.join(src_dir, f'latest_net_{n}.pth'))
              for n in OFFICIAL_NETS}
    if osp.realpath(out) in inputs:
        raise SystemExit(f'error: OUT {out} is one of the official files '
                         'it converts; choose another path')
    if osp.isdir(out):  # used to leave a 10 MB temporary file beside it
        raise SystemExit(f'error: OUT {out} is a folder; give the .pth file '
                         'to write')
    if osp.exists(out) and not overwrite:
        raise SystemExit(f'error: {out} exists; pass --overwrite to '
                         'replace it')
    model = init_model(Config.fromfile(config))
    if type(model).__name__ != 'InstaGAN':
        raise SystemExit(f'error: {config} builds {type(model).__name__}, '
                         'not InstaGAN')
    state = model.state_dict()
    found = []
    for name in OFFICIAL_NETS:
        path = osp.join(src_dir, f'latest_net_{name}.pth')
        if not osp.isfile(path):
            if name.startswith('G'):
                raise SystemExit(f'error: {path} not found (the generators '
                                 'are required)')
            print(f'{path} not found: {OFFICIAL_NETS[name]} keeps its '
                  'initialization (unused at inference)')
            continue
        try:
            converted = convert_official_net(name, read_checkpoint(path))
        except CheckpointError as e:
            raise SystemExit(f'error: {e}')
        prefix = OFFICIAL_NETS[name] + '.'
        ours = {k for k in state if k.startswith(prefix)}
        missing, unexpected = ours - set(converted), set(converted) - ours
        bad = [k for k in set(converted) & ours
               if converted[k].shape != state[k].shape]
        if missing or unexpected or bad:
            raise SystemExit(
                f'error: {path} does not fit {prefix[:-1]} of {config}: '
                f'missing {sorted(missing)[:4]}, unexpected '
                f'{sorted(unexpected)[:4]}, shape mismatch {bad[:4]} (is '
                'the config at ngf = ndf = 64 with 9 blocks?)')
        state.update(converted)
        found.append(name)
    model.load_state_dict(state, strict=True)
    ckpt = dict(
        meta=dict(cfg=model.cfg.pretty_text,
                  converted_from=osp.abspath(src_dir), official=found),
        state_dict=model.state_dict())
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with atomic_path(out) as tmp:  # never a half-written checkpoint
        torch.save(ckpt, tmp)
    print(f'{out}: converted {", ".join(found)} '
          f'({", ".join(OFFICIAL_NETS[n] for n in found)})')
    return ckpt


def main(argv=None):
    args = parse_args(argv)
    convert(args.src_dir, args.out, args.config, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
