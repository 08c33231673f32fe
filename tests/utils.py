"""Shared helpers of the test-suite: tiny configs on tiny shapes data."""
import os
import os.path as osp

from mmengine.config import Config

from mmi2i.apis import read_config, resolve_schedulers

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
SIZE = 32  # test images are 32x32


def tiny_pipeline(train: bool):
    pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='LoadInstances'),
        dict(type='Resize', scale=(SIZE + 4, SIZE + 4) if train else SIZE),
    ]
    if train:
        pipeline += [
            dict(type='RandomCrop', crop_size=SIZE),
            dict(type='RandomFlip', prob=0.5)
        ]
    return pipeline + [dict(type='PackTranslationInputs')]


def tiny_cfg(config: str, data_root: str, work_dir: str,
             max_iters: int = 6, **overrides) -> Config:
    """Load ``config`` and shrink it: 32px data under ``data_root``, small
    networks, logging every iteration, no periodic val/checkpoints."""
    cfg = read_config(osp.join(REPO, config))
    cfg.work_dir = work_dir
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.data_root = data_root
        cfg[key].num_workers = 0
        cfg[key].persistent_workers = False
        cfg[key].dataset.pipeline = tiny_pipeline(key == 'train_dataloader')
    if 'networks' in cfg.model:
        shrink_per_domain_networks(cfg.model)
    else:
        cfg.model.generator.update(base_channels=8, num_blocks=1)
        cfg.model.discriminator.update(base_channels=8)
        if cfg.model.discriminator.type == 'PatchDiscriminator':
            cfg.model.discriminator.num_conv = 2
        if cfg.model.discriminator.type == 'ClassifierPatchDiscriminator':
            cfg.model.discriminator.update(image_size=SIZE, num_layers=3)
    cfg.train_cfg.max_iters = max_iters
    cfg.train_cfg.val_interval = 10**6
    cfg.param_scheduler = [
        dict(type='LinearLR', start_factor=1.0, end_factor=0.0,
             by_epoch=False, begin=max_iters // 2, end=max_iters)
    ]
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.interval = 10**6
    cfg.log_processor.window_size = 1
    cfg.merge_from_dict(overrides)
    return cfg


def shrink_per_domain_networks(model) -> None:
    """8-channel content-style networks (MUNIT, DRIT++) for 32px images:
    content codes of 8 * 2**2 = 32 channels at 8x8, 2-scale
    discriminators."""
    nets = model.networks
    nets.content_encoder.update(base_channels=8, num_res=1)
    nets.style_encoder.update(base_channels=8)
    if nets.decoder.get('num_res', 3):  # not a head after a shared trunk
        nets.decoder.update(num_res=1)
    if nets.decoder.type == 'AdaINDecoder':
        nets.decoder.mlp_dim = 16
    for kind in ('discriminator', 'discriminator2'):
        if kind not in nets:
            continue
        if nets[kind].type == 'ClassifierPatchDiscriminator':  # CGL
            nets[kind].update(base_channels=8, image_size=SIZE, num_layers=3)
        else:
            nets[kind].update(base_channels=8, num_layers=2, num_scales=2)
    if model.get('discriminator_o'):  # CGL's instances: 16px crops
        model.obj_size = 16
        model.discriminator_o.update(base_channels=8, image_size=16,
                                     num_layers=2)
    shared = model.get('shared_networks')
    if shared:  # the content width (32) is given to them by the model
        if 'decoder_trunk' in shared:
            shared.decoder_trunk.update(num_res=1)
        shared.content_discriminator.update(channels=16, kernel_size=3,
                                            last_kernel=1)


def tiny_model_files(config: str, data_root: str, tmp_path):
    """Dump a tiny config and an untrained checkpoint of its model; returns
    (config path, checkpoint path)."""
    import torch
    from mmengine.registry import DefaultScope

    from mmi2i.registry import MODELS
    os.makedirs(tmp_path, exist_ok=True)
    cfg = (tiny_mgd_cfg(data_root, str(tmp_path / 'work'))
           if config.startswith('configs/mgd_gan/') else
           tiny_cfg(config, data_root, str(tmp_path / 'work')))
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    ckpt = str(tmp_path / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    return cfg_path, ckpt


def tiny_mgd_cfg(data_root: str, work_dir: str, stage_iters=(2, 4, 2),
                 **overrides) -> Config:
    """MGD-GAN's toy config shrunk like :func:`tiny_cfg`: 32px data,
    8-channel networks, stages of ``stage_iters`` iterations, inpainting
    without a cache."""
    cfg = read_config(osp.join(REPO, 'configs/mgd_gan/shapes.py'))
    cfg.work_dir = work_dir
    train = tiny_pipeline(True)
    train.insert(2, dict(type='LoadInpaintedBackground'))
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.data_root = data_root
        cfg[key].num_workers = 0
        cfg[key].persistent_workers = False
        cfg[key].dataset.pipeline = (train if key == 'train_dataloader'
                                     else tiny_pipeline(False))
    m = cfg.model
    m.mask_generator.update(base_channels=8, num_blocks=1)
    m.mask_discriminator.update(base_channels=8)
    m.image_generator.update(base_channels=8, spade_hidden=8)
    m.image_discriminator.update(base_channels=8)
    m.stages = [dict(name=n, iters=i)
                for n, i in zip(('mask', 'image', 'finetune'), stage_iters)]
    cfg.train_cfg.max_iters = sum(stage_iters)
    cfg.train_cfg.val_interval = 10**6
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.interval = 10**6
    cfg.log_processor.window_size = 1
    cfg.merge_from_dict(overrides)
    # as tools/train.py: schedulers given by stage get their iterations
    resolve_schedulers(cfg)
    return cfg


def load_tool(relpath: str):
    """Import a script of ``tools/`` (e.g. ``'tools/translate.py'``) as a
    module, to call its ``main(argv)`` in-process."""
    import importlib.util
    name = osp.splitext(relpath.replace('/', '_'))[0]
    spec = importlib.util.spec_from_file_location(name,
                                                  osp.join(REPO, relpath))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def domains_batch(root: str, domains, n: int = 2,
                  sampling: str = 'all_domains', **dataset_kw) -> dict:
    """A collated training batch of ``n`` items of 32px data under
    ``root`` (``np.random`` seeded for a reproducible draw)."""
    import numpy as np

    from mmi2i.datasets import UnpairedInstanceDataset, translation_collate
    np.random.seed(0)
    ds = UnpairedInstanceDataset(list(domains), data_root=root,
                                 sampling=sampling,
                                 pipeline=tiny_pipeline(True), **dataset_kw)
    return translation_collate([ds[i] for i in range(n)])


def full_step(model, iteration: int = 0, step: int = 0):
    """A StepContext in which every generator and discriminator group of
    ``model`` is updated (a full training update)."""
    from mmi2i.models.base_models import StepContext
    return StepContext(iteration, model.stage_at(iteration), step,
                       tuple(model.generator_groups),
                       tuple(model.discriminator_groups))


def shapes_batch(root: str, n: int = 2, seed: int = 0) -> dict:
    """A collated training batch of ``n`` sheep and ``n`` giraffe images
    of the shapes dataset under ``root`` (32px train pipeline)."""
    import numpy as np

    from mmi2i.datasets import UnpairedInstanceDataset, translation_collate
    np.random.seed(seed)
    ds = UnpairedInstanceDataset(
        [dict(name=d, ann_file=f'annotations/{d}_train.json',
              img_dir=f'images/{d}_train') for d in ('sheep', 'giraffe')],
        data_root=root, pipeline=tiny_pipeline(True))
    return translation_collate([ds[i] for i in range(n)])
