"""Config helpers shared by the tools."""
import copy
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


#: The data loaders whose dataset follows the config's data facts.
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
#: Config-level data facts stated once and followed by every loader's
#: dataset that takes them.
DATA_FACTS = ('data_root', 'domains', 'classes')


def read_config(path, cfg_options=None) -> Config:
    """How every tool reads a config: the file (or a Config, copied), then
    ``--cfg-options``, then the data facts (:func:`resolve_data`)."""
    if isinstance(path, Config):
        cfg = copy.deepcopy(path)
    else:
        if not osp.isfile(path):
            raise FileNotFoundError(f'Config file not found: {path}')
        cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    resolve_data(cfg)
    resolve_evaluators(cfg)
    drop_removed_hooks(cfg)
    return cfg


#: Config-level evaluation facts stated once, by metric type: config
#: variable -> the metric's argument it fills. The detector of the
#: detection metrics (``--cfg-options det_checkpoint=...`` or
#: ``tools/test.py --det-checkpoint``) and the domain classifier
#: (``domain_classifier``: the fine-tuned Inception-v3 of IS/CIS, or the
#: classification score's VGG-16).
METRIC_FACTS = {
    'DetectionMatchMetric': dict(det_config='det_config',
                                 det_checkpoint='det_checkpoint'),
    'InceptionScoreMetric': dict(domain_classifier='checkpoint'),
    'ClassificationScoreMetric': dict(domain_classifier='checkpoint'),
}


def evaluator_metrics(evaluator) -> list:
    """The metric configs of an evaluator config: a list, one metric, or
    ``dict(metrics=[...])``."""
    if isinstance(evaluator, dict):
        return list(evaluator.get('metrics', [evaluator]))
    return list(evaluator or [])


def resolve_evaluators(cfg: Config) -> None:
    """The config's top-level evaluation facts (:data:`METRIC_FACTS`:
    ``det_config`` / ``det_checkpoint``, ``domain_classifier``) fill every
    val/test metric that takes them and states none of its own."""
    for key in ('val_evaluator', 'test_evaluator'):
        for ev in evaluator_metrics(cfg.get(key)):
            kind = str(ev.get('type', '')).split('.')[-1]
            for fact, arg in METRIC_FACTS.get(kind, {}).items():
                if cfg.get(fact) is not None and ev.get(arg) is None:
                    ev[arg] = cfg[fact]


#: MMEngine's own default hooks: ``None`` removes them in the Runner.
MMENGINE_DEFAULT_HOOKS = ('runtime_info', 'timer', 'sampler_seed', 'logger',
                          'param_scheduler', 'checkpoint')


def drop_removed_hooks(cfg: Config) -> None:
    """``default_hooks=dict(name=None)`` removes any named hook
    (``visualization``, ``cpu_speed``, ...), not only MMEngine's own, which
    the Runner refuses for other names."""
    hooks = cfg.get('default_hooks')
    if not hooks:
        return
    for name in [k for k, v in hooks.items() if v is None]:
        if name not in MMENGINE_DEFAULT_HOOKS:
            hooks.pop(name)


def _is_unpaired(dataset) -> bool:
    return bool(dataset) and dataset.get('type') in (
        'UnpairedInstanceDataset', 'mmi2i.UnpairedInstanceDataset')


def resolve_data(cfg: Config) -> None:
    """Make each data fact stated once hold everywhere.

    The config's top-level ``data_root``, ``domains`` and ``classes`` (set
    by the dataset base, changed by a leaf config or ``--cfg-options
    data_root=...``) fill the dataset of every loader that does not state
    its own (a loader's own value, e.g. ``--cfg-options
    test_dataloader.dataset.data_root=...``, wins), and the model's
    ``domains`` are the train dataset's domain names (a model config names
    none; one that does must agree); a model class with ``takes_classes``
    gets the train dataset's ``classes`` the same way.

    Raises:
        ValueError: when ``model.domains`` differs from the data's.
    """
    for key in LOADERS:
        ds = (cfg.get(key) or {}).get('dataset')
        if not _is_unpaired(ds):
            continue
        for fact in DATA_FACTS:
            value = cfg.get(fact)
            if value is not None and ds.get(fact) is None:
                ds[fact] = value if fact == 'data_root' else list(value)
    model, train = cfg.get('model'), (cfg.get('train_dataloader')
                                      or {}).get('dataset')
    if model is None or not train or not train.get('domains'):
        return
    names = tuple(d if isinstance(d, str) else d['name']
                  for d in train['domains'])
    given = model.get('domains')
    if given is not None and tuple(given) != names:
        raise ValueError(
            f'model.domains {tuple(given)} differ from the train data\'s '
            f'domains {names}: state the domains once, as the config\'s '
            '`domains`')
    model['domains'] = names
    classes = train.get('classes')
    if classes is not None and _takes_classes(model.get('type')):
        given = model.get('classes')
        if given is not None and tuple(given) != tuple(classes):
            raise ValueError(
                f'model.classes {tuple(given)} differ from the train data\'s '
                f'classes {tuple(classes)}: state the classes once, as the '
                'config\'s `classes`')
        model['classes'] = list(classes)


def _takes_classes(model_type) -> bool:
    """Whether a model class sizes something by the data's classes
    (``takes_classes``, e.g. MGUIT's memory items per class)."""
    from mmi2i.registry import MODELS
    from mmi2i.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    cls = MODELS.get(model_type) if isinstance(model_type, str) else None
    return bool(getattr(cls, 'takes_classes', False))


def skip_missing_validation(cfg: Config) -> list:
    """Switch validation off, with a warning naming the missing files,
    when the val split's annotations are not there (a dataset converted
    with only a train split still trains). Returns the missing files
    (empty: validation is unchanged)."""
    from mmi2i.datasets.unpaired_dataset import missing_annotations
    ds = (cfg.get('val_dataloader') or {}).get('dataset')
    if not _is_unpaired(ds) or cfg.get('val_cfg') is None:
        return []
    missing = missing_annotations(ds)
    if not missing:
        return []
    print_log(
        f'validation is off: the val split has no annotations '
        f'({", ".join(missing[:3])} missing); convert a val/test split or '
        'point val_dataloader.dataset at one to validate during training',
        logger='current', level=30)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    return missing


def add_config_options(parser, det_checkpoint: bool = False) -> None:
    """The tools' shared way to change a config from the command line:
    ``--data-root`` (the one data root every loader follows, see
    :func:`resolve_data`), optionally ``--det-checkpoint`` (the detector
    of the detection metrics, see :func:`resolve_evaluators`), and
    ``--cfg-options KEY=VALUE ...`` for anything else."""
    from mmengine.config import DictAction
    parser.add_argument('--data-root',
                        help="dataset root every loader reads (the "
                        "config's data_root)")
    if det_checkpoint:
        parser.add_argument(
            '--det-checkpoint',
            help='detector of the detection metrics: a .pth, or its work '
            'dir (its newest checkpoint)')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config entries, e.g. train_cfg.max_iters=100')


def config_options(args) -> dict:
    """``--cfg-options`` with ``--data-root`` / ``--det-checkpoint`` as the
    top-level keys they set (the flags win)."""
    options = dict(args.cfg_options or {})
    for key in ('data_root', 'det_checkpoint'):
        if getattr(args, key, None) is not None:
            options[key] = getattr(args, key)
    return options


def check_train_length(cfg: Config) -> None:
    """A loop's length in the unit it counts: ``max_iters`` on an epoch
    loop (``train_cfg.max_iters=3`` on a config trained by epochs) is
    refused with the key to use, not MMEngine's TypeError."""
    train_cfg = cfg.get('train_cfg') or {}
    loop = str(train_cfg.get('type') or '')
    for unit, wrong, right in (('epochs', 'max_iters', 'max_epochs'),
                               ('iterations', 'max_epochs', 'max_iters')):
        counts = 'Epoch' in loop if unit == 'epochs' else 'Iter' in loop
        if counts and wrong in train_cfg:
            raise ValueError(
                f'train_cfg.{wrong} given, but this config\'s {loop} counts '
                f'{unit}: set train_cfg.{right} instead (a short run: '
                f'--cfg-options train_cfg.{right}=1)')


def enable_auto_scale_lr(cfg: Config) -> dict:
    """Turn MMEngine's ``auto_scale_lr`` on (``tools/train.py
    --auto-scale-lr``). A config's learning rates are for its train batch
    on one process, so ``base_batch_size`` is that batch unless the config
    states another; the Runner multiplies every optimizer's rate by
    (processes x batch) / ``base_batch_size`` (linear scaling, as mmdet's
    flag)."""
    given = cfg.get('auto_scale_lr') or {}
    cfg.auto_scale_lr = dict(
        enable=True,
        base_batch_size=given.get('base_batch_size',
                                  cfg.train_dataloader.batch_size))
    return cfg.auto_scale_lr


def load_config(path: str, cfg_options=None, work_dir=None) -> Config:
    """Load a config for a run (:func:`read_config`) and decide its work
    dir; checkpoints are made safe (:func:`ensure_safe_checkpoints`)."""
    cfg = read_config(path, cfg_options)
    check_train_length(cfg)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = default_work_dir(path)
    ensure_safe_checkpoints(cfg)
    return cfg


def ensure_safe_checkpoints(cfg: Config) -> None:
    """Make every checkpoint of a run loadable and never half-written,
    whatever the config's hooks say.

    Adds ``SafeCheckpointHook`` (as ``default_hooks.safe_checkpoint``) when
    neither ``default_hooks`` nor ``custom_hooks`` hold it (a config that
    removes it would otherwise write checkpoints that safe loading
    refuses), and makes ``CheckpointHook`` write through the atomic
    backend (temp file + rename) unless it has its own ``backend_args``.
    Each change is logged.
    """
    names = ('SafeCheckpointHook', 'mmi2i.SafeCheckpointHook')
    hooks = list(cfg.get('custom_hooks') or []) + [
        h for h in (cfg.get('default_hooks') or {}).values() if h
    ]
    if not any(h.get('type') in names for h in hooks):
        cfg.setdefault('default_hooks', {})
        cfg.default_hooks['safe_checkpoint'] = dict(type='SafeCheckpointHook')
        print_log('the config has no SafeCheckpointHook: added it (mmi2i '
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
    _warn_unreached_stages(cfg)
    resolve_schedulers(cfg)


def _warn_unreached_stages(cfg: Config) -> list:
    """Say which stages a ``train_cfg.max_iters`` shorter than the
    stages never reaches, and how to shorten the stages instead; returns
    them."""
    model, train_cfg = cfg.model, cfg.get('train_cfg') or {}
    max_iters = train_cfg.get('max_iters')
    if not model.get('stages') or not isinstance(max_iters, int) or \
            not isinstance(model.get('iters_per_epoch', 1), (int, type(None))):
        return []
    from mmi2i.models.base_models import stage_lengths
    stages = stage_lengths(model.stages, model.get('run_stages'),
                           model.get('iters_per_epoch'))
    start, cut = 0, []
    for name, iters in stages:
        if start >= max_iters:
            cut.append(name)
        elif start + iters > max_iters:
            cut.append(f'{name} (partly)')
        start += iters
    if cut:
        print_log(
            f'train_cfg.max_iters={max_iters} ends before the stages end '
            f'({start} iterations): {", ".join(cut)} will not be trained. '
            'To train every stage for less, shorten the stages instead: '
            '--cfg-options model.stages.K.iters=N (or .epochs=E for a '
            "stage given in epochs) and train_cfg.max_iters='auto'",
            logger='current', level=30)
    return cut


def _scheduler_groups(cfg: Config) -> dict:
    """{optimizer name (None: all): list of scheduler dicts} of
    ``cfg.param_scheduler`` (a list, or a dict per optimizer)."""
    sched = cfg.get('param_scheduler')
    if not sched:
        return {}
    groups = ({k: v for k, v in sched.items() if k != '_delete_'}
              if isinstance(sched, dict) and 'type' not in sched else
              {None: sched})
    return {k: v if isinstance(v, list) else [v] for k, v in groups.items()}


def _set_scheduler_groups(cfg: Config, groups: dict) -> None:
    if None in groups:
        cfg.param_scheduler = groups[None]
    else:
        for key, lst in groups.items():
            cfg.param_scheduler[key] = lst


def resolve_schedulers(cfg: Config) -> None:
    """Place the schedulers stated relative to training: ``LinearDecayLR``
    (:func:`resolve_linear_decay`) and schedulers given by stage
    (:func:`resolve_stage_schedulers`)."""
    resolve_linear_decay(cfg)
    resolve_stage_schedulers(cfg)


def resolve_linear_decay(cfg: Config) -> None:
    """Turn ``dict(type='LinearDecayLR', decay_from=f)`` into the
    ``LinearLR`` it stands for: the learning rate constant for the first
    fraction ``f`` of training, then linearly down to 0 at its end
    (CycleGAN's ``n_epochs`` + ``n_epochs_decay`` schedule is ``f = 0.5``).
    Training's length is read from ``train_cfg`` (``max_epochs`` for an
    epoch-based loop, else ``max_iters``), so a config that changes it
    states nothing else.

    Example::

        param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)]
    """
    groups = _scheduler_groups(cfg)
    if not any(s.get('type') == 'LinearDecayLR' for lst in groups.values()
               for s in lst):
        return
    train_cfg = cfg.get('train_cfg') or {}
    loop = train_cfg.get('type') or ''
    by_epoch = 'Epoch' in loop if loop else 'max_epochs' in train_cfg
    length = train_cfg.get('max_epochs' if by_epoch else 'max_iters')
    if not isinstance(length, int):
        raise ValueError(f'LinearDecayLR needs train_cfg.max_epochs or an '
                         f'int train_cfg.max_iters, got {length!r}')
    for lst in groups.values():
        for i, s in enumerate(lst):
            if s.get('type') != 'LinearDecayLR':
                continue
            extra = set(s) - {'type', 'decay_from'}
            frac = s.get('decay_from', 0.5)
            if extra or not 0 <= frac < 1:
                raise ValueError(f'LinearDecayLR takes decay_from in [0, 1) '
                                 f'only, got {dict(s)}')
            lst[i] = dict(type='LinearLR', start_factor=1.0, end_factor=0.0,
                          by_epoch=by_epoch,
                          begin=math.floor(frac * length + 1e-9),
                          end=length)
    _set_scheduler_groups(cfg, groups)


#: MMEngine schedulers that hold a factor over [begin, end - 1) only.
CONSTANT_SCHEDULERS = ('ConstantLR', 'ConstantMomentum',
                       'ConstantParamScheduler')


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
    groups = _scheduler_groups(cfg)
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
                begin, end = spans[stage]
                # MMEngine's Constant* schedulers give the value back at
                # iteration end - 1 (their last step is end - begin - 1):
                # one more keeps the stage's last iteration in
                s.update(begin=begin, by_epoch=False,
                         end=end + (s.get('type') in CONSTANT_SCHEDULERS))
                print_log(f'{s.get("type")} ({key or "all"}): stage '
                          f'{stage!r} = iterations [{begin}, {end})',
                          logger='current')
                kept.append(s)
        groups[key] = kept
    _set_scheduler_groups(cfg, groups)


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
