"""Config helpers shared by the tools."""
import math
import os
import os.path as osp

from mmengine.config import Config
from mmengine.logging import print_log


def default_work_dir(config_path: str) -> str:
    """``work_dirs/<method folder>/<config name>`` (configs are named by
    task, so the folder keeps e.g. cyclegan/shapes and instagan/shapes
    apart)."""
    method = osp.basename(osp.dirname(osp.abspath(config_path)))
    name = osp.splitext(osp.basename(config_path))[0]
    return osp.join('work_dirs', method, name)


def load_config(path: str, cfg_options=None, work_dir=None) -> Config:
    """Load a config, apply ``--cfg-options`` and decide the work dir."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'Config file not found: {path}')
    cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(path)
    ensure_safe_checkpoints(cfg)
    return cfg


def ensure_safe_checkpoints(cfg: Config) -> None:
    """Make every checkpoint of a run loadable and never half-written,
    whatever the config's ``custom_hooks`` say.

    Adds ``SafeCheckpointHook`` when the config's ``custom_hooks`` lack it
    (a config that overrides the list would otherwise write checkpoints
    that safe loading refuses), and makes ``CheckpointHook`` write through
    the atomic backend (temp file + rename) unless it has its own
    ``backend_args``. Each change is logged.
    """
    hooks = list(cfg.get('custom_hooks') or [])
    if not any(h.get('type') in ('SafeCheckpointHook',
                                 'mmi2i.SafeCheckpointHook') for h in hooks):
        hooks.append(dict(type='SafeCheckpointHook'))
        cfg.custom_hooks = hooks
        print_log('custom_hooks lacks SafeCheckpointHook: added it (mmi2i '
                  'checkpoints must load with weights_only=True)',
                  logger='current')
    ckpt_hook = (cfg.get('default_hooks') or {}).get('checkpoint')
    if ckpt_hook is not None and ckpt_hook.get('backend_args') is None:
        from mmi2i.engine.checkpoint_io import ATOMIC_BACKEND
        ckpt_hook['backend_args'] = dict(backend=ATOMIC_BACKEND)


def resolve_epoch_schedule(cfg: Config) -> None:
    """Fill ``model.iters_per_epoch='auto'`` and ``train_cfg.max_iters=
    'auto'`` for a training run.

    An epoch is one pass over the train dataset, whose length is
    max(|A|, |B|) for unpaired data: ``iters_per_epoch`` = ceil(len /
    (batch_size x processes)), processes from ``WORLD_SIZE`` (DDP ranks
    each see their share). ``max_iters`` becomes the sum of the model's
    stages that run (``run_stages``). Both are logged. Configs whose values
    are ints are left unchanged.
    """
    model, train_cfg = cfg.model, cfg.get('train_cfg') or {}
    if model.get('iters_per_epoch') == 'auto':
        from mmi2i.registry import DATASETS
        loader = cfg.train_dataloader
        dataset = DATASETS.build(loader.dataset)
        procs = int(os.environ.get('WORLD_SIZE', 1))
        batch = int(loader.batch_size)
        if len(dataset) == 0:
            raise ValueError('iters_per_epoch=auto: the train dataset is '
                             'empty')
        model.iters_per_epoch = math.ceil(len(dataset) / (batch * procs))
        print_log(
            f'iters_per_epoch = {model.iters_per_epoch} (train dataset: '
            f'{len(dataset)} items, batch {batch} x {procs} process'
            f'{"es" if procs > 1 else ""})', logger='current')
    if train_cfg.get('max_iters') == 'auto':
        from mmi2i.models.base_models import stage_lengths
        if not model.get('stages'):
            raise ValueError("train_cfg.max_iters='auto' needs model.stages")
        stages = stage_lengths(model.stages, model.get('run_stages'),
                               model.get('iters_per_epoch'))
        train_cfg.max_iters = sum(i for _, i in stages)
        print_log(
            f'max_iters = {train_cfg.max_iters} (' +
            ' + '.join(f'{n} {i}' for n, i in stages) + ')',
            logger='current')
    resolve_stage_schedulers(cfg)


def resolve_stage_schedulers(cfg: Config) -> None:
    """Place parameter schedulers given by stage: a scheduler with
    ``stage='finetune'`` (instead of ``begin``/``end``) gets the
    iterations of that stage among the stages that run, so the same
    config works with stages in epochs, with ``run_stages`` and with any
    process count; one whose stage does not run is dropped (logged).

    Example: G_mask at a tenth of its learning rate in MGD-GAN's stage 3::

        param_scheduler = dict(mask_generator=[
            dict(type='ConstantLR', factor=0.1, stage='finetune')], ...)
    """
    sched = cfg.get('param_scheduler')
    if not sched:
        return
    # {optimizer name (None: all): list of scheduler dicts}
    groups = ({k: v for k, v in sched.items() if k != '_delete_'}
              if isinstance(sched, dict) and 'type' not in sched else
              {None: sched})
    groups = {k: v if isinstance(v, list) else [v] for k, v in groups.items()}
    if not any('stage' in s for lst in groups.values() for s in lst):
        return
    spans, every = _stage_spans(cfg.model)
    for key, lst in groups.items():
        kept = []
        for s in lst:
            stage = s.pop('stage', None)
            if stage is None:
                kept.append(s)
            elif stage not in every:
                raise ValueError(f'scheduler {s.get("type")} names stage '
                                 f'{stage!r}; the stages are {every}')
            elif stage not in spans:
                print_log(f'{s.get("type")} of stage {stage!r} dropped: '
                          'the stage does not run', logger='current')
            else:
                s.update(begin=spans[stage][0], end=spans[stage][1],
                         by_epoch=False)
                print_log(f'{s.get("type")} ({key or "all"}): stage '
                          f'{stage!r} = iterations [{s["begin"]}, '
                          f'{s["end"]})', logger='current')
                kept.append(s)
        if key is None:
            cfg.param_scheduler = kept
        else:
            cfg.param_scheduler[key] = kept


def _stage_spans(model) -> tuple:
    """({stage that runs: (begin, end) iteration}, [every stage name])."""
    from mmi2i.models.base_models import stage_lengths
    if not model.get('stages'):
        raise ValueError('a parameter scheduler names a stage, but '
                         'model.stages is not set')
    every = [n for n, _ in stage_lengths(model.stages, None, 'auto')]
    spans, start = {}, 0
    for name, iters in stage_lengths(model.stages, model.get('run_stages'),
                                     model.get('iters_per_epoch')):
        if iters is None:
            raise ValueError('schedulers by stage need the stage lengths: '
                             "resolve iters_per_epoch='auto' first")
        spans[name] = (start, start + iters)
        start += iters
    return spans, every
